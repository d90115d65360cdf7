package dev.skyless.bench;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;

/** The trivial function the runtime hosts in the HTTP benchmarks. */
public final class PingFunction implements Function<Ping, Pong> {

  @Override
  public Pong apply(Ping ping, Context ctx) {
    return new Pong("hello " + ping.name(), ping.n() + 1);
  }
}
