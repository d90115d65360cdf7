package dev.skyless.examples.notification;

import dev.skyless.examples.support.Database;
import dev.skyless.examples.support.EventCheck;
import dev.skyless.examples.support.ProcessedEvents;
import dev.skyless.examples.support.Settings;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import dev.skyless.sdk.ProblemException;
import java.sql.PreparedStatement;

/**
 * On {@code com.example.order.placed} or {@code .rejected}: records one notification per order and
 * event type. The event ({@code source} + {@code id}) and the notification are recorded in one
 * transaction, and the notification's key is (order, type): a redelivered event, or the same
 * order's event published twice, leaves exactly one.
 */
public final class RecordNotification implements Function<OrderEvent, Void>, AutoCloseable {

  static final String PLACED = "com.example.order.placed";
  static final String REJECTED = "com.example.order.rejected";

  private final Database database;

  public RecordNotification() {
    this(Settings.fromEnvironment());
  }

  public RecordNotification(Settings settings) {
    this.database = Database.open(settings, "notification");
  }

  @Override
  public Void apply(OrderEvent event, Context ctx) throws Exception {
    check(event, ctx.type());
    String message =
        switch (ctx.type()) {
          case PLACED ->
              "Thank you "
                  + event.customer()
                  + ": order "
                  + event.orderId()
                  + " is placed ("
                  + event.total()
                  + " "
                  + event.currency()
                  + ")";
          case REJECTED -> "Sorry: order " + event.orderId() + " was rejected: " + event.reason();
          default ->
              throw new ProblemException(
                  422, "Unexpected event", "notification does not handle " + ctx.type());
        };
    boolean recorded =
        database.inTransaction(
            c -> {
              if (!ProcessedEvents.firstTime(c, ctx.source(), ctx.id())) {
                return false;
              }
              try (PreparedStatement insert =
                  c.prepareStatement(
                      "INSERT INTO notifications (order_id, type, message) VALUES (?, ?, ?)"
                          + " ON CONFLICT (order_id, type) DO NOTHING")) {
                insert.setObject(1, event.orderId());
                insert.setString(2, ctx.type());
                insert.setString(3, message);
                return insert.executeUpdate() == 1;
              }
            });
    if (recorded) {
      ctx.logger().info("notification recorded: {}", message);
    } else {
      ctx.logger().info("order {}: {} already recorded", event.orderId(), ctx.type());
    }
    return null;
  }

  /** What a message needs: an event without it would store a notification about nothing. */
  private static void check(OrderEvent event, String type) {
    EventCheck check =
        EventCheck.of(type).required("orderId", event == null ? null : event.orderId());
    if (event != null && type.equals(PLACED)) {
      check
          .required("customer", event.customer())
          .required("total", event.total())
          .required("currency", event.currency());
    } else if (event != null && type.equals(REJECTED)) {
      check.required("reason", event.reason());
    }
    check.orRefuse();
  }

  @Override
  public void close() {
    database.close();
  }
}
