package dev.skyless.examples.inventory;

import dev.skyless.examples.support.Database;
import dev.skyless.examples.support.EventCheck;
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
import java.util.Optional;

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

  @Override
  public Void apply(PlacedOrder order, Context ctx) throws Exception {
    check(order, ctx.type());
    Optional<String> rejection =
        database.inTransaction(
            c -> {
              if (!ProcessedEvents.firstTime(c, ctx.source(), ctx.id())) {
                ctx.logger().info("event {} from {} seen before", ctx.id(), ctx.source());
                return earlierRejection(c, order);
              }
              List<String> short_ = reserve(c, order);
              if (short_.isEmpty()) {
                ctx.logger().info("order {} reserved", order.orderId());
                return Optional.<String>empty();
              }
              String reason = "not enough stock for " + String.join(", ", short_);
              recordRejection(c, order, reason);
              return Optional.of(reason);
            });
    // Emitted after the commit and awaited by the runtime before the event counts as handled:
    // if Kafka refuses it, the event is retried, finds itself processed, and emits it again.
    rejection.ifPresent(
        reason -> {
          ctx.emit(Rejection.TYPE, new Rejection(order.orderId(), reason));
          ctx.logger().info("order {} rejected: {}", order.orderId(), reason);
        });
    return null;
  }

  private static void recordRejection(Connection c, PlacedOrder order, String reason)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO rejections (order_id, reason) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      insert.setObject(1, order.orderId());
      insert.setString(2, reason);
      insert.executeUpdate();
    }
  }

  private static Optional<String> earlierRejection(Connection c, PlacedOrder order)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT reason FROM rejections WHERE order_id = ?")) {
      select.setObject(1, order.orderId());
      try (var row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
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

  /** All lines or none: an order without lines, or a line without a product, is refused. */
  private static void check(PlacedOrder order, String type) {
    EventCheck check =
        EventCheck.of(type).required("orderId", order == null ? null : order.orderId());
    List<PlacedOrder.Line> lines = order == null ? null : order.lines();
    check.that(lines != null && !lines.isEmpty(), "lines", "must list at least one line");
    if (lines != null) {
      for (int i = 0; i < lines.size(); i++) {
        PlacedOrder.Line line = lines.get(i);
        check
            .that(
                line != null && line.sku() != null && !line.sku().isBlank(),
                "lines[" + i + "].sku",
                "is required")
            .that(
                line == null || line.quantity() >= 1,
                "lines[" + i + "].quantity",
                "must be at least 1");
      }
    }
    check.orRefuse();
  }
}
