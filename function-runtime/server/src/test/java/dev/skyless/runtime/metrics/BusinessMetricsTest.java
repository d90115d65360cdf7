package dev.skyless.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ctx.metrics()}: what function code records is on {@code /metrics}, tagged as given. */
class BusinessMetricsTest {

  /** Counts orders and revenue by currency, times its work, reports a queue depth. */
  public static final class Orders implements Function<Orders.Order, String> {
    public record Order(String currency, double total) {}

    static final AtomicInteger QUEUE = new AtomicInteger(7);

    @Override
    public String apply(Order order, Context ctx) throws Exception {
      ctx.metrics().counter("orders.placed", "currency", order.currency()).increment();
      ctx.metrics()
          .counter("orders.revenue", "currency", order.currency())
          .increment(order.total());
      ctx.metrics().timer("orders.pricing").record(Duration.ofMillis(25));
      ctx.metrics().gauge("orders.queue", QUEUE::get);
      return "ok";
    }
  }

  @Test
  void recordedMetricsAreScrapedWithTheirTagsAndTheFunctionsName() throws Exception {
    try (FunctionTestServer runtime =
        FunctionTestServer.start(new Orders(), Map.of("K_SERVICE", "order"))) {
      for (String body :
          new String[] {
            "{\"currency\":\"EUR\",\"total\":10.5}",
            "{\"currency\":\"EUR\",\"total\":4.5}",
            "{\"currency\":\"USD\",\"total\":3}"
          }) {
        assertThat(runtime.post(body, "content-type", "application/json").statusCode())
            .isEqualTo(200);
      }
      String metrics = runtime.get("/metrics").body();
      assertThat(metrics)
          .contains("orders_placed_total{currency=\"EUR\",function=\"order\"} 2.0")
          .contains("orders_placed_total{currency=\"USD\",function=\"order\"} 1.0")
          .contains("orders_revenue_total{currency=\"EUR\",function=\"order\"} 15.0")
          .contains("orders_revenue_total{currency=\"USD\",function=\"order\"} 3.0")
          .contains("orders_pricing_seconds_count{function=\"order\"} 3")
          .contains("orders_queue{function=\"order\"} 7.0")
          .contains("skyless_invocations_total{channel=\"http\",function=\"order\"");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Orders.Placed|is not lower-case letters, digits, '.' and '_' starting with a letter",
        "1orders|is not lower-case letters",
        "skyless.orders|starts with skyless, which the platform's metrics use",
        "orders placed|is not lower-case letters"
      })
  void badNamesAreRefusedSayingWhy(String name, String message) {
    var metrics = new FunctionMetrics(new SimpleMeterRegistry());
    assertThatThrownBy(() -> metrics.counter(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining(message);
  }

  @Test
  void badTagsAndMixedKindsAreRefusedSayingWhy() {
    var metrics = new FunctionMetrics(new SimpleMeterRegistry());
    assertThatThrownBy(() -> metrics.counter("orders.placed", "currency"))
        .hasMessage("metric orders.placed: tags come as key, value pairs, but 1 were given");
    assertThatThrownBy(() -> metrics.counter("orders.placed", "function", "x"))
        .hasMessageContaining("tag key 'function'")
        .hasMessageContaining("which the platform sets");
    assertThatThrownBy(() -> metrics.counter("orders.placed", "Currency", "EUR"))
        .hasMessageContaining("tag key 'Currency'");
    assertThatThrownBy(() -> metrics.counter("orders.placed", "currency", null))
        .hasMessage("metric orders.placed: tag currency has no value");
    metrics.counter("orders.placed", "currency", "EUR").increment();
    assertThatThrownBy(() -> metrics.timer("orders.placed", "currency", "EUR"))
        .hasMessage(
            "metric orders.placed is already a counter with tags [currency]; it cannot also be a"
                + " timer with tags [currency]");
    assertThatThrownBy(() -> metrics.counter("orders.placed", "region", "eu"))
        .hasMessageContaining("already a counter with tags [currency]");
    assertThatThrownBy(() -> metrics.counter("orders.placed", "currency", "EUR").increment(-1))
        .hasMessageContaining("counts up");
  }
}
