package dev.skyless.examples.inventory;

import java.util.UUID;

/** The data of {@code com.example.order.rejected}. */
public record Rejection(UUID orderId, String reason) {

  public static final String TYPE = "com.example.order.rejected";
}
