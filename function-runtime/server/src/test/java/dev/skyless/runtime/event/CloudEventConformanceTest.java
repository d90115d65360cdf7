package dev.skyless.runtime.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyless.runtime.kafka.RecordEvents;
import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.runtime.testing.RecordingFunction;
import io.cloudevents.CloudEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CloudEvents 1.0 validity in every binding the runtime reads: structured and binary over HTTP (a
 * real server), structured and binary from Kafka (the record decoding a consumer uses).
 *
 * <p>Structured vectors mirror {@code format/json/invalid-events.json} and {@code
 * valid-events.json} of cloudevents/conformance (branch {@code format-tests}), by their names. The
 * conformance suite has no binary-mode vectors; those below are written from the spec and named in
 * the same style.
 */
class CloudEventConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STRUCTURED = "application/cloudevents+json";
  private static FunctionTestServer runtime;
  private static final RecordingFunction FUNCTION = new RecordingFunction(0);
  private static final RecordEvents RECORDS = new RecordEvents("default", "conformance");

  @BeforeAll
  static void start() throws Exception {
    runtime = FunctionTestServer.start(FUNCTION, Map.of());
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  /** The base event of the JSON vectors, with {@code changes} applied (null removes). */
  private static String json(Object... changes) {
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0");
    event.put("type", "io.cloudevents.test");
    event.put("source", "https://cloudevents.io");
    event.put("id", "invalid");
    for (int i = 0; i < changes.length; i += 2) {
      String name = (String) changes[i];
      Object value = changes[i + 1];
      if (value == REMOVE) {
        event.remove(name);
      } else {
        event.set(name, JSON.valueToTree(value));
      }
    }
    return event.toString();
  }

  private static final Object REMOVE = new Object();

  // format/json/invalid-events.json: name, event, the attribute the refusal must name.
  static Stream<Arguments> invalidStructured() {
    return Stream.of(
        Arguments.of("invalidNoSpecVersion", json("specversion", REMOVE), "specversion"),
        Arguments.of("invalidNoId", json("id", REMOVE), "id"),
        Arguments.of("invalidNoType", json("type", REMOVE), "type"),
        Arguments.of("invalidNoSource", json("source", REMOVE), "source"),
        Arguments.of("invalidTimeGarbage", json("time", "lunchtime"), "time"),
        Arguments.of("invalidTimeToMinute", json("time", "2018-04-05T18:31Z"), "time"),
        Arguments.of("invalidTimeOffsetX", json("time", "2018-04-05T18:31:00X"), "time"),
        Arguments.of(
            "invalidTimeOffsetOutOfRange", json("time", "2018-04-05T18:31:00+25:00"), "time"),
        Arguments.of(
            "invalidTimeOffsetNonInteger", json("time", "2018-04-05T18:31:00+xx:00"), "time"),
        Arguments.of("invalidTimeOffsetHourOnly", json("time", "2018-04-05T18:31:00+05"), "time"),
        Arguments.of("invalidEmptyId", json("id", ""), "id"),
        Arguments.of("invalidEmptyType", json("type", ""), "type"),
        Arguments.of("invalidEmptySource", json("source", ""), "source"),
        Arguments.of("invalidEmptySpecVersion", json("specversion", ""), "specversion"),
        Arguments.of("invalidUnknownSpecVersion", json("specversion", "0.9"), "specversion"),
        Arguments.of(
            "invalidNonRfc2046DataContentType", json("datacontenttype", "xyz"), "datacontenttype"),
        Arguments.of("invalidEmptyDataContentType", json("datacontenttype", ""), "datacontenttype"),
        Arguments.of("invalidEmptyDataSchema", json("dataschema", ""), "dataschema"),
        Arguments.of("invalidEmptySubject", json("subject", ""), "subject"),
        Arguments.of("invalidNumericId", json("id", 25), "id"),
        Arguments.of("invalidObjectId", json("id", Map.of("xyz", "abc")), "id"),
        Arguments.of("invalidCapitalizedExtension", json("MyExtension", "bad"), "MyExtension"),
        Arguments.of("invalidPunctuatedExtension", json("my.extension", "bad"), "my.extension"),
        Arguments.of("invalidNonIntegerExtensionValue", json("my.extension", 1.5), "my.extension"),
        Arguments.of(
            "invalidBothDataAndDataBase64",
            json("data", "text", "data_base64", "eyAieHl6IjogMTIzIH0="),
            "data"),
        // From the XML and protobuf vector files of the same branch, in any format.
        Arguments.of(
            "invalidDataSchemaValue",
            json("dataschema", "//cloudevents.io?query=value"),
            "dataschema"),
        Arguments.of("invalidLineBreakInContextAttribute", json("id", "a\nb"), "id"),
        Arguments.of("invalidExtensionNoValue", json("myextension", Map.of()), "myextension"),
        Arguments.of(
            "invalidDuplicateKnownContextAttributeName",
            json().replace("\"id\":\"invalid\"", "\"id\":\"invalid\",\"id\":\"again\""),
            "id"));
  }

  // format/json/valid-events.json, plus RFC 3339 and naming edge cases the spec allows.
  static Stream<Arguments> validStructured() {
    return Stream.of(
        Arguments.of("validMinimal", json()),
        Arguments.of(
            "validMinimalWithNullForOptional",
            json("datacontenttype", null, "dataschema", null, "subject", null, "time", null)),
        Arguments.of(
            "validAllCoreAttributes",
            json(
                "datacontenttype",
                "text/plain",
                "dataschema",
                "https://cloudevents.io/dataschema",
                "subject",
                "tests",
                "time",
                "2018-04-05T17:31:00Z")),
        Arguments.of("validMinimalWithTimeUtc", json("time", "2018-04-05T17:31:00Z")),
        Arguments.of(
            "validMinimalWithTimeToNanosecondsUtc", json("time", "2018-04-05T17:31:00.000000000Z")),
        Arguments.of(
            "validMinimalWithTimeUsingPositiveOffset", json("time", "2018-04-05T18:31:00+01:00")),
        Arguments.of(
            "validMinimalWithTimeUsingNegativeOffset", json("time", "2018-04-05T16:31:00-01:00")),
        Arguments.of("validRelativeSource", json("source", "#fragment")),
        Arguments.of(
            "validSimpleTextData", json("datacontenttype", "text/plain", "data", "Simple text")),
        Arguments.of(
            "validAllExtensionTypes",
            json(
                "extinteger",
                10,
                "extboolean",
                true,
                "extstring",
                "text",
                "exturi",
                "https://cloudevents.io",
                "exturiref",
                "//authority/path",
                "exttimestamp",
                "2023-03-31T15:12:00Z",
                "extbinary",
                "TWE=")),
        Arguments.of("lowerCaseTimeSeparators", json("time", "2018-04-05t17:31:00z")),
        Arguments.of("unknownLocalOffset", json("time", "2018-04-05T17:31:00-00:00")),
        Arguments.of("longExtensionName", json("averyveryverylongextensionname", "ok")),
        Arguments.of("nullExtensionIsUnset", json("myextension", null)),
        Arguments.of(
            "mediaTypeWithParameters",
            json("datacontenttype", "text/plain; charset=\"utf-8\"", "data", "x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidStructured")
  void invalidStructuredEventsAreRefusedOverHttpNamingTheAttribute(
      String vector, String event, String attribute) throws Exception {
    HttpResponse<String> response =
        runtime.post(event, "content-type", STRUCTURED, "traceparent", TRACEPARENT);

    assertRefused(response, attribute);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidStructured")
  void invalidStructuredEventsAreRefusedFromKafka(String vector, String event, String attribute) {
    ConsumerRecord<byte[], byte[]> record = record(event);
    record.headers().add("content-type", utf8(STRUCTURED));

    assertThatThrownBy(() -> RECORDS.toCloudEvent(record)).hasMessageContaining(attribute);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validStructured")
  void validStructuredEventsAreAcceptedInBothBindings(String vector, String event)
      throws Exception {
    HttpResponse<String> response = runtime.post(event, "content-type", STRUCTURED);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);

    ConsumerRecord<byte[], byte[]> record = record(event);
    record.headers().add("content-type", utf8(STRUCTURED));
    CloudEvent read = RECORDS.toCloudEvent(record);
    assertThat(read.getId()).isEqualTo("invalid");
    if (vector.equals("nullExtensionIsUnset")) {
      assertThat(read.getExtensionNames()).doesNotContain("myextension");
    }
  }

  // Binary mode, written from the spec: header changes (null removes), the attribute to name.
  static Stream<Arguments> invalidBinary() {
    return Stream.of(
        Arguments.of("invalidNoId", Map.of("id", NONE), "id"),
        Arguments.of("invalidNoType", Map.of("type", NONE), "type"),
        Arguments.of("invalidNoSource", Map.of("source", NONE), "source"),
        Arguments.of("invalidEmptyId", Map.of("id", ""), "id"),
        Arguments.of("invalidEmptyType", Map.of("type", ""), "type"),
        Arguments.of("invalidEmptySource", Map.of("source", ""), "source"),
        Arguments.of("invalidEmptySpecVersion", Map.of("specversion", ""), "specversion"),
        Arguments.of("invalidUnknownSpecVersion", Map.of("specversion", "0.9"), "specversion"),
        Arguments.of("invalidTimeGarbage", Map.of("time", "lunchtime"), "time"),
        Arguments.of("invalidTimeToMinute", Map.of("time", "2018-04-05T18:31Z"), "time"),
        Arguments.of("invalidTimeOffsetHourOnly", Map.of("time", "2018-04-05T18:31:00+05"), "time"),
        Arguments.of(
            "invalidTimeOffsetWithSeconds", Map.of("time", "2018-04-05T18:31:00+05:00:00"), "time"),
        Arguments.of(
            "invalidTimeOffsetNoColon", Map.of("time", "2018-04-05T18:31:00+0500"), "time"),
        Arguments.of("invalidTimeNoOffset", Map.of("time", "2018-04-05T18:31:00"), "time"),
        Arguments.of("invalidTimeSpaceSeparator", Map.of("time", "2018-04-05 18:31:00Z"), "time"),
        Arguments.of("invalidTimeEmptyFraction", Map.of("time", "2018-04-05T18:31:00.Z"), "time"),
        Arguments.of("invalidTimeExpandedYear", Map.of("time", "+12018-04-05T18:31:00Z"), "time"),
        Arguments.of("invalidEmptySubject", Map.of("subject", ""), "subject"),
        Arguments.of("invalidEmptyDataSchema", Map.of("dataschema", ""), "dataschema"),
        Arguments.of("invalidRelativeDataSchema", Map.of("dataschema", "#frag"), "dataschema"),
        Arguments.of("invalidSourceNotUriRef", Map.of("source", "not a uri"), "source"),
        Arguments.of("invalidEmptyDataContentType", Map.of(CONTENT_TYPE, ""), "datacontenttype"),
        Arguments.of(
            "invalidNonRfc2046DataContentType", Map.of(CONTENT_TYPE, "xyz"), "datacontenttype"),
        Arguments.of("invalidPunctuatedExtension", Map.of("my_ext", "v"), "my_ext"),
        Arguments.of("invalidControlCharInValue", Map.of("subject", "a\u0001b"), "subject"));
  }

  private static final String NONE = "\u0000remove";
  private static final String CONTENT_TYPE = "\u0000content-type";

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBinary")
  void invalidBinaryEventsAreRefusedOverHttpNamingTheAttribute(
      String vector, Map<String, String> changes, String attribute) throws Exception {
    if (changes.values().stream().anyMatch(v -> v.indexOf('\u0001') >= 0)) {
      return; // a control character cannot be sent in an HTTP header; Kafka covers it
    }
    HttpResponse<String> response = runtime.post("{}", httpHeaders(changes, true));

    assertRefused(response, attribute);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBinary")
  void invalidBinaryEventsAreRefusedFromKafka(
      String vector, Map<String, String> changes, String attribute) {
    ConsumerRecord<byte[], byte[]> record = kafkaRecord(changes);
    if (!changes.containsKey("specversion") || !changes.get("specversion").isEmpty()) {
      assertThatThrownBy(() -> RECORDS.toCloudEvent(record)).hasMessageContaining(attribute);
    } else {
      assertThatThrownBy(() -> RECORDS.toCloudEvent(record)).isInstanceOf(RuntimeException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kafkaOnlyInvalid")
  void kafkaHeaderNamesAreCaseSensitiveAndAttributesAppearOnce(
      String vector, String header, String attribute) {
    ConsumerRecord<byte[], byte[]> record = kafkaRecord(Map.of());
    record.headers().add(header, utf8("v"));

    assertThatThrownBy(() -> RECORDS.toCloudEvent(record)).hasMessageContaining(attribute);
  }

  static Stream<Arguments> kafkaOnlyInvalid() {
    return Stream.of(
        Arguments.of("invalidCapitalizedExtension", "ce_MyExt", "MyExt"),
        Arguments.of("invalidDuplicateAttribute", "ce_id", "id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validBinary")
  void validBinaryEventsAreAcceptedInBothBindings(String vector, Map<String, String> changes)
      throws Exception {
    HttpResponse<String> response = runtime.post("{}", httpHeaders(changes, false));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);

    ConsumerRecord<byte[], byte[]> record = kafkaRecord(changes);
    assertThat(RECORDS.toCloudEvent(record).getId()).isEqualTo("1234-1234-1234");
  }

  static Stream<Arguments> validBinary() {
    return Stream.of(
        Arguments.of("validMinimal", Map.of()),
        Arguments.of("validTimeWithFraction", Map.of("time", "2018-04-05T03:56:24.123456Z")),
        Arguments.of("validTimeLowerCase", Map.of("time", "2018-04-05t03:56:24z")),
        Arguments.of("validRelativeSource", Map.of("source", "/mycontext/subcontext")),
        Arguments.of("validExtension", Map.of("comexampleextension1", "value")),
        Arguments.of("validDigitsOnlyExtension", Map.of("1ext", "value")),
        Arguments.of(
            "validDataContentTypeWithCharset",
            Map.of(CONTENT_TYPE, "application/json; charset=utf-8")));
  }

  /** The event's HTTP headers, binary mode: {@code ce-} attributes and the content type. */
  private static String[] httpHeaders(Map<String, String> changes, boolean traced) {
    List<String> headers = new ArrayList<>();
    binaryHeaders(changes)
        .forEach(
            (name, value) -> {
              headers.add(name.equals("content-type") ? name : "ce-" + name);
              headers.add(value);
            });
    if (traced) {
      headers.add("traceparent");
      headers.add(TRACEPARENT);
    }
    return headers.toArray(String[]::new);
  }

  /** A record in the Kafka binding, binary mode: {@code ce_} headers and the content type. */
  private static ConsumerRecord<byte[], byte[]> kafkaRecord(Map<String, String> changes) {
    ConsumerRecord<byte[], byte[]> record = record("{}");
    binaryHeaders(changes)
        .forEach(
            (name, value) ->
                record
                    .headers()
                    .add(name.equals("content-type") ? name : "ce_" + name, utf8(value)));
    return record;
  }

  private static Map<String, String> binaryHeaders(Map<String, String> changes) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("specversion", "1.0");
    headers.put("id", "1234-1234-1234");
    headers.put("type", "com.example.someevent");
    headers.put("source", "/mycontext/subcontext");
    headers.put("content-type", "application/json");
    changes.forEach(
        (name, value) -> {
          String key = name.equals(CONTENT_TYPE) ? "content-type" : name;
          if (value.equals(NONE)) {
            headers.remove(key);
          } else {
            headers.put(key, value);
          }
        });
    return headers;
  }

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static void assertRefused(HttpResponse<String> response, String attribute)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("detail").asText()).contains("'" + attribute + "'");
    assertThat(problem.get("correlationId").asText())
        .as("the trace id of the request's traceparent")
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  private static ConsumerRecord<byte[], byte[]> record(String value) {
    return new ConsumerRecord<>("events", 0, 0, null, utf8(value));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
