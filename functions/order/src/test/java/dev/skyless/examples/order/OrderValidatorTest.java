package dev.skyless.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.examples.support.FieldError;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderValidatorTest {

  static OrderRequest.Item item(String sku, Integer quantity, String price) {
    return new OrderRequest.Item(sku, quantity, price == null ? null : new BigDecimal(price));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            new OrderRequest(null, "EUR", List.of(item("a", 1, "1"))), List.of("customer")),
        Arguments.of(new OrderRequest("ada", "EUR", List.of()), List.of("items")),
        Arguments.of(new OrderRequest("ada", "EUR", null), List.of("items")),
        Arguments.of(
            new OrderRequest("ada", "EUR", List.of(item("a", 0, "1"))),
            List.of("items[0].quantity")),
        Arguments.of(
            new OrderRequest("ada", "EUR", List.of(item("a", -2, "1"))),
            List.of("items[0].quantity")),
        Arguments.of(
            new OrderRequest("ada", "XXY", List.of(item("a", 1, "1"))), List.of("currency")),
        Arguments.of(
            new OrderRequest("ada", null, List.of(item("a", 1, "1"))), List.of("currency")),
        Arguments.of(
            new OrderRequest("ada", "EUR", List.of(item("", 1, "-1"))),
            List.of("items[0].sku", "items[0].unitPrice")),
        Arguments.of(
            new OrderRequest(" ", "ZZZ", List.of(item("a", 1, "1"), item(null, null, null))),
            List.of(
                "customer",
                "currency",
                "items[1].sku",
                "items[1].quantity",
                "items[1].unitPrice")));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void listsEveryInvalidField(OrderRequest request, List<String> fields) {
    assertThat(OrderValidator.validate(request))
        .extracting(FieldError::field)
        .containsExactlyElementsOf(fields);
  }

  @Test
  void aGoodOrderHasNoErrors() {
    assertThat(
            OrderValidator.validate(
                new OrderRequest("ada", "EUR", List.of(item("book", 2, "19.99")))))
        .isEmpty();
  }

  @Test
  void pricesWithBigDecimalAndHalfEvenRounding() {
    Order order =
        Order.price(
            UUID.randomUUID(),
            new OrderRequest(
                "ada",
                "EUR",
                List.of(
                    item("book", 2, "19.99"), item("pen", 1, "5.005"), item("cap", 3, "0.10"))));
    assertThat(order.lines())
        .extracting(Order.Line::lineTotal)
        .containsExactly(new BigDecimal("39.98"), new BigDecimal("5.00"), new BigDecimal("0.30"));
    assertThat(order.total()).isEqualTo(new BigDecimal("45.28"));

    Order yen =
        Order.price(
            UUID.randomUUID(), new OrderRequest("ada", "JPY", List.of(item("tea", 3, "333.5"))));
    assertThat(yen.total()).isEqualTo(new BigDecimal("1000")); // 1000.5 -> 1000 (half-even)
  }
}
