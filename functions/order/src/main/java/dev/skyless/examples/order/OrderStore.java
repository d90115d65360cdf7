package dev.skyless.examples.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.examples.support.Database;
import dev.skyless.sdk.ProblemException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores an order, its lines and its {@code OrderPlaced} event in one transaction: the event is
 * stored exactly when the order is (the outbox), and published afterwards by {@link OutboxRelay}.
 * An Idempotency-Key seen before returns the order stored then.
 */
public final class OrderStore {

  private final Database database;
  private final ObjectMapper json;

  public OrderStore(Database database, ObjectMapper json) {
    this.database = database;
    this.json = json;
  }

  /**
   * @param idempotencyKey the client's key for this request, or empty
   * @throws ProblemException 422 when the key was used before for a different order
   */
  public OrderReceipt place(Order order, Optional<String> idempotencyKey, OrderRequest request)
      throws SQLException {
    return place(order, idempotencyKey, request, Optional.empty());
  }

  /**
   * @param traceparent the call's trace context, stored with the event so that its consumers
   *     continue the order's trace
   */
  public OrderReceipt place(
      Order order,
      Optional<String> idempotencyKey,
      OrderRequest request,
      Optional<String> traceparent)
      throws SQLException {
    String hash = idempotencyKey.isPresent() ? hash(request) : null;
    return database.inTransaction(
        c -> {
          if (idempotencyKey.isPresent()) {
            Optional<OrderReceipt> earlier = byKey(c, idempotencyKey.get(), hash);
            if (earlier.isPresent()) {
              return earlier.get();
            }
          }
          if (!insertOrder(c, order, idempotencyKey.orElse(null), hash)) {
            // A concurrent request with the same key won the race: answer with its order.
            c.rollback();
            return byKey(c, idempotencyKey.orElseThrow(), hash).orElseThrow();
          }
          insertLines(c, order);
          insertEvent(c, order, traceparent);
          return new OrderReceipt(order.id(), "placed", order.total(), order.currency());
        });
  }

  private Optional<OrderReceipt> byKey(Connection c, String key, String hash) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT id, total, currency, request_hash FROM orders WHERE idempotency_key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        if (!row.getString("request_hash").equals(hash)) {
          throw new ProblemException(
              422,
              "Idempotency-Key reused",
              "the Idempotency-Key '" + key + "' was used for a different order");
        }
        return Optional.of(
            new OrderReceipt(
                row.getObject("id", UUID.class),
                "placed",
                row.getBigDecimal("total").stripTrailingZeros(),
                row.getString("currency")));
      }
    }
  }

  private static boolean insertOrder(Connection c, Order order, String key, String hash)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO orders (id, customer, currency, total, idempotency_key, request_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING")) {
      insert.setObject(1, order.id());
      insert.setString(2, order.customer());
      insert.setString(3, order.currency());
      insert.setBigDecimal(4, order.total());
      insert.setString(5, key);
      insert.setString(6, hash);
      return insert.executeUpdate() == 1;
    }
  }

  private static void insertLines(Connection c, Order order) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price, line_total)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      int lineNo = 0;
      for (Order.Line line : order.lines()) {
        insert.setObject(1, order.id());
        insert.setInt(2, ++lineNo);
        insert.setString(3, line.sku());
        insert.setInt(4, line.quantity());
        insert.setBigDecimal(5, line.unitPrice());
        insert.setBigDecimal(6, line.lineTotal());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void insertEvent(Connection c, Order order, Optional<String> traceparent)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO outbox (id, subject, type, payload, traceparent) VALUES (?, ?, ?, ?, ?)")) {
      insert.setObject(1, UUID.randomUUID());
      insert.setString(2, order.id().toString());
      insert.setString(3, OrderPlaced.TYPE);
      insert.setString(4, json.writeValueAsString(OrderPlaced.of(order)));
      insert.setString(5, traceparent.orElse(null));
      insert.executeUpdate();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String hash(OrderRequest request) {
    try {
      byte[] canonical = json.writeValueAsBytes(request);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
