package dev.skyless.examples.order;

import dev.skyless.examples.support.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/** Lists every invalid field of an order request, not just the first. */
public final class OrderValidator {

  static final int MAX_ITEMS = 100;
  static final int MAX_QUANTITY = 10_000;

  private OrderValidator() {}

  public static List<FieldError> validate(OrderRequest request) {
    List<FieldError> errors = new ArrayList<>();
    if (request == null) {
      errors.add(new FieldError("", "an order is required"));
      return errors;
    }
    if (request.customer() == null || request.customer().isBlank()) {
      errors.add(new FieldError("customer", "is required"));
    } else if (request.customer().length() > 200) {
      errors.add(new FieldError("customer", "is longer than 200 characters"));
    }
    if (request.currency() == null || request.currency().isBlank()) {
      errors.add(new FieldError("currency", "is required"));
    } else if (!isCurrency(request.currency())) {
      errors.add(
          new FieldError("currency", "'" + request.currency() + "' is not an ISO 4217 currency"));
    }
    if (request.items() == null || request.items().isEmpty()) {
      errors.add(new FieldError("items", "an order needs at least one item"));
      return errors;
    }
    if (request.items().size() > MAX_ITEMS) {
      errors.add(new FieldError("items", "at most " + MAX_ITEMS + " items"));
    }
    for (int i = 0; i < request.items().size(); i++) {
      OrderRequest.Item item = request.items().get(i);
      String at = "items[" + i + "]";
      if (item == null) {
        errors.add(new FieldError(at, "is empty"));
        continue;
      }
      if (item.sku() == null || item.sku().isBlank()) {
        errors.add(new FieldError(at + ".sku", "is required"));
      }
      if (item.quantity() == null) {
        errors.add(new FieldError(at + ".quantity", "is required"));
      } else if (item.quantity() <= 0) {
        errors.add(new FieldError(at + ".quantity", "must be positive, was " + item.quantity()));
      } else if (item.quantity() > MAX_QUANTITY) {
        errors.add(new FieldError(at + ".quantity", "at most " + MAX_QUANTITY));
      }
      if (item.unitPrice() == null) {
        errors.add(new FieldError(at + ".unitPrice", "is required"));
      } else if (item.unitPrice().signum() < 0) {
        errors.add(new FieldError(at + ".unitPrice", "must not be negative"));
      } else if (isCurrency(request.currency())
          && item.unitPrice().stripTrailingZeros().scale()
              > Currency.getInstance(request.currency()).getDefaultFractionDigits() + 2) {
        errors.add(new FieldError(at + ".unitPrice", "has too many decimal places"));
      } else if (item.unitPrice().compareTo(new BigDecimal("1000000000")) >= 0) {
        errors.add(new FieldError(at + ".unitPrice", "is too large"));
      }
    }
    return errors;
  }

  private static boolean isCurrency(String code) {
    try {
      return code != null && code.length() == 3 && Currency.getInstance(code) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
