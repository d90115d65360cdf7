package dev.skyless.examples.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** The data of {@code com.example.order.placed}: what inventory and notification react to. */
public record OrderPlaced(
    UUID orderId, String customer, String currency, BigDecimal total, List<Order.Line> lines) {

  public static final String TYPE = "com.example.order.placed";

  static OrderPlaced of(Order order) {
    return new OrderPlaced(
        order.id(), order.customer(), order.currency(), order.total(), order.lines());
  }
}
