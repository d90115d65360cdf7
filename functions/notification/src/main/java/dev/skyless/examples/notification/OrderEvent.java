package dev.skyless.examples.notification;

import java.math.BigDecimal;
import java.util.UUID;

/** What notification reads of placed and rejected events. */
public record OrderEvent(
    UUID orderId, String customer, BigDecimal total, String currency, String reason) {}
