package dev.skyless.examples.order;

import java.math.BigDecimal;
import java.util.UUID;

/** The answer to a placed order (the same again for a retried request with its Idempotency-Key). */
public record OrderReceipt(UUID orderId, String status, BigDecimal total, String currency) {}
