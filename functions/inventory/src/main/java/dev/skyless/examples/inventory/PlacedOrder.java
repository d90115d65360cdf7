package dev.skyless.examples.inventory;

import java.util.List;
import java.util.UUID;

/** What inventory reads of {@code com.example.order.placed}: the order and its lines. */
public record PlacedOrder(UUID orderId, List<Line> lines) {

  /** A line: a product and how many. */
  public record Line(String sku, int quantity) {}
}
