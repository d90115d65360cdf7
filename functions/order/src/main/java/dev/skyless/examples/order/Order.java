package dev.skyless.examples.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * A valid order, priced: each line's total and the order's total in the currency's minor units
 * (half-even rounding, as accounting does), in {@link BigDecimal}, never {@code double}.
 */
public record Order(UUID id, String customer, String currency, List<Line> lines, BigDecimal total) {

  /** A priced line. */
  public record Line(String sku, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}

  /** Prices a request that {@link OrderValidator} found valid. */
  public static Order price(UUID id, OrderRequest request) {
    int digits = Currency.getInstance(request.currency()).getDefaultFractionDigits();
    List<Line> lines = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO.setScale(digits);
    for (OrderRequest.Item item : request.items()) {
      BigDecimal lineTotal =
          item.unitPrice()
              .multiply(BigDecimal.valueOf(item.quantity()))
              .setScale(digits, RoundingMode.HALF_EVEN);
      lines.add(new Line(item.sku().trim(), item.quantity(), item.unitPrice(), lineTotal));
      total = total.add(lineTotal);
    }
    return new Order(id, request.customer().trim(), request.currency(), List.copyOf(lines), total);
  }
}
