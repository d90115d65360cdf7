package dev.skyless.local.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;

/** Emits {@code seen} with what it got; fails on poison. Kafka-triggered in tests. */
public final class RecordSeen implements Function<RecordSeen.Order, Void> {

  public record Order(int id, boolean poison) {}

  @Override
  public Void apply(Order order, Context ctx) {
    if (order.poison()) {
      throw new IllegalStateException("poison order " + order.id());
    }
    ctx.emit("test.seen", order);
    return null;
  }
}
