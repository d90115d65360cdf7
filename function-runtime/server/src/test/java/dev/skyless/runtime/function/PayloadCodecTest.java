package dev.skyless.runtime.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.sdk.ProblemException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadCodecTest {

  record Order(String customer, int quantity, Instant at) {}

  private final PayloadCodec codec = new PayloadCodec();

  private static CloudEvent event(String contentType, String data) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1().withId("1").withSource(URI.create("/t")).withType("t");
    if (data != null) {
      builder.withData(contentType, data.getBytes(StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  @Test
  void bindsJsonToRecordsIgnoringUnknownFields() {
    Object order =
        codec.bind(
            event(
                "application/json",
                "{\"customer\":\"c1\",\"quantity\":2,\"at\":\"2026-01-01T00:00:00Z\",\"extra\":1}"),
            Order.class);

    assertThat(order).isEqualTo(new Order("c1", 2, Instant.parse("2026-01-01T00:00:00Z")));
  }

  @Test
  void passesRawTypesThrough() {
    CloudEvent event = event("text/plain", "hello");

    assertThat(codec.bind(event, String.class)).isEqualTo("hello");
    assertThat(codec.bind(event, byte[].class)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(codec.bind(event, CloudEvent.class)).isSameAs(event);
  }

  @ParameterizedTest
  @CsvSource({
    "application/json, true",
    "application/json; charset=utf-8, true",
    "application/vnd.shop.order+json, true",
    "text/json, true",
    "text/plain, false",
    "application/xml, false"
  })
  void recognisesJsonMediaTypes(String type, boolean json) {
    assertThat(PayloadCodec.isJson(type)).isEqualTo(json);
  }

  @Test
  void namesTheFieldThatDoesNotBind() {
    assertThatThrownBy(
            () -> codec.bind(event("application/json", "{\"quantity\":\"two\"}"), Order.class))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("field 'quantity'")
        .extracting(e -> ((ProblemException) e).status())
        .isEqualTo(400);
  }

  @Test
  void encodesByType() {
    assertThat(codec.encode(null).isEmpty()).isTrue();
    assertThat(codec.encode("hi").contentType()).startsWith("text/plain");
    assertThat(codec.encode(new byte[] {1}).contentType()).isEqualTo("application/octet-stream");
    Payload json = codec.encode(new Order("c", 1, Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(json.contentType()).isEqualTo("application/json");
    assertThat(new String(json.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"customer\":\"c\",\"quantity\":1,\"at\":\"2026-01-01T00:00:00Z\"}");
  }
}
