package dev.skyless.examples.order;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a client POSTs to {@code /order}. Every field is checked by {@link OrderValidator}; nothing
 * here is trusted.
 */
public record OrderRequest(String customer, String currency, List<Item> items) {

  /** One line: a product, how many, at what unit price. */
  public record Item(String sku, Integer quantity, BigDecimal unitPrice) {}
}
