package dev.skyless.examples.inventory;

import dev.skyless.examples.support.Database;
import dev.skyless.examples.support.ProcessedEvents;
import dev.skyless.examples.support.Settings;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * On {@code com.example.order.placed}: reserves stock for every line in one transaction, and
 * records the event's {@code source} + {@code id} in the same transaction, so a redelivered event
 * changes nothing. When a line cannot be reserved, nothing is, and {@code
 * com.example.order.rejected} is emitted with the reason (before the commit: if the emit fails, the
 * transaction rolls back and the event is retried).
 *
 * <p>Settings: {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}; events go where the runtime
 * sends {@code ctx.emit} ({@code SKYLESS_EVENTS_TOPIC}).
 */
public final class ReserveStock implements Function<PlacedOrder, Void>, AutoCloseable {

  private final Database database;

  public ReserveStock() {
    this(Settings.fromEnvironment());
  }

  public ReserveStock(Settings settings) {
    this.database = Database.open(settings, "inventory");
  }

  public Database database() {
    return database;
  }

  @Override
  public Void apply(PlacedOrder order, Context ctx) throws Exception {
    database.inTransaction(
        c -> {
          if (!ProcessedEvents.firstTime(c, ctx.source(), ctx.id())) {
            ctx.logger()
                .info("event {} from {} seen before: nothing to do", ctx.id(), ctx.source());
            return null;
          }
          List<String> short_ = reserve(c, order);
          if (!short_.isEmpty()) {
            String reason = "not enough stock for " + String.join(", ", short_);
            ctx.emit(Rejection.TYPE, new Rejection(order.orderId(), reason));
            ctx.logger().info("order {} rejected: {}", order.orderId(), reason);
          } else {
            ctx.logger().info("order {} reserved", order.orderId());
          }
          return null;
        });
    return null;
  }

  /** Reserves every line, or none: returns the SKUs that were short (empty when all went). */
  private static List<String> reserve(Connection c, PlacedOrder order) throws SQLException {
    Savepoint before = c.setSavepoint();
    List<String> short_ = new ArrayList<>();
    try (PreparedStatement take =
            c.prepareStatement(
                "UPDATE stock SET available = available - ? WHERE sku = ? AND available >= ?");
        PreparedStatement record =
            c.prepareStatement(
                "INSERT INTO reservations (order_id, sku, quantity) VALUES (?, ?, ?)"
                    + " ON CONFLICT (order_id, sku)"
                    + " DO UPDATE SET quantity = reservations.quantity + EXCLUDED.quantity")) {
      for (PlacedOrder.Line line : order.lines()) {
        take.setInt(1, line.quantity());
        take.setString(2, line.sku());
        take.setInt(3, line.quantity());
        if (take.executeUpdate() == 0) {
          short_.add(line.sku());
          continue;
        }
        record.setObject(1, order.orderId());
        record.setString(2, line.sku());
        record.setInt(3, line.quantity());
        record.executeUpdate();
      }
    }
    if (!short_.isEmpty()) {
      c.rollback(before); // all or nothing; the processed event stays recorded
    }
    return short_;
  }

  @Override
  public void close() {
    database.close();
  }
}
