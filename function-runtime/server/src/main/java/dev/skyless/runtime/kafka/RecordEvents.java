package dev.skyless.runtime.kafka;

import dev.skyless.runtime.event.CloudEventRules;
import dev.skyless.runtime.event.InvalidCloudEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into the CloudEvent a function sees, the way Knative's KafkaSource does: a
 * record in the CloudEvents Kafka binding (binary {@code ce_*} headers, or structured) is read as
 * is, after the {@link CloudEventRules} (a record breaking them is refused with {@link
 * InvalidCloudEventException}, which dead-letters it); any other record is wrapped with type {@code
 * dev.knative.kafka.event}, id {@code partition:<p>/offset:<o>}, subject {@code partition:<p>#<o>},
 * source {@code /apis/v1/namespaces/<ns>/kafkasources/<name>#<topic>}, the key as the {@code key}
 * and {@code partitionkey} extensions, and each other header as the extension {@code
 * kafkaheader<name>} (the name lower-cased, characters other than a-z and 0-9 dropped), as
 * eventing-kafka-broker's {@code InvalidCloudEventInterceptor} does.
 */
public final class RecordEvents {

  /** The type KafkaSource gives to records that are not CloudEvents. */
  public static final String KAFKA_EVENT_TYPE = "dev.knative.kafka.event";

  /** The prefix KafkaSource gives to the extensions made of a plain record's headers. */
  public static final String HEADER_EXTENSION_PREFIX = "kafkaheader";

  private static final String CONTENT_TYPE = "content-type";
  private static final String PREFIX = "ce_";

  private final String namespace;
  private final String sourceName;

  /**
   * @param namespace the namespace written into wrapped events' source
   * @param sourceName the KafkaSource (or function) name written into wrapped events' source
   */
  public RecordEvents(String namespace, String sourceName) {
    this.namespace = namespace;
    this.sourceName = sourceName;
  }

  /** Whether a record carries a CloudEvent in the Kafka binding. */
  public static boolean isCloudEvent(ConsumerRecord<byte[], byte[]> record) {
    if (record.headers().lastHeader("ce_specversion") != null) {
      return true;
    }
    Header contentType = record.headers().lastHeader("content-type");
    return contentType != null
        && new String(contentType.value(), StandardCharsets.UTF_8)
            .toLowerCase(java.util.Locale.ROOT)
            .startsWith("application/cloudevents");
  }

  /**
   * The event for {@code record}.
   *
   * @throws RuntimeException when the record claims to be a CloudEvent but is malformed
   */
  public CloudEvent toCloudEvent(ConsumerRecord<byte[], byte[]> record) {
    if (isCloudEvent(record)) {
      return readCloudEvent(record);
    }
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId("partition:" + record.partition() + "/offset:" + record.offset())
            .withSource(
                URI.create(
                    "/apis/v1/namespaces/"
                        + namespace
                        + "/kafkasources/"
                        + sourceName
                        + "#"
                        + record.topic()))
            .withType(KAFKA_EVENT_TYPE)
            .withSubject("partition:" + record.partition() + "#" + record.offset())
            .withTime(
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(record.timestamp()), ZoneOffset.UTC));
    Header contentType = null;
    for (Header header : record.headers()) {
      if (header.key().equalsIgnoreCase(CONTENT_TYPE)) {
        contentType = header;
        continue;
      }
      // A binary header (or one not in UTF-8) would make an event that breaks the CloudEvents
      // rules wherever it goes next: it is left out.
      String value = header.value() == null ? null : cleanText(header.value());
      if (value == null) {
        continue;
      }
      builder.withExtension(HEADER_EXTENSION_PREFIX + extensionName(header.key()), value);
      if (header.key().equals("traceparent") || header.key().equals("tracestate")) {
        builder.withExtension(header.key(), value); // W3C trace context: the tracing extension
      }
    }
    String key = record.key() == null ? null : cleanText(record.key());
    if (key != null) {
      builder.withExtension("key", key).withExtension("partitionkey", key);
    }
    if (record.value() != null && record.value().length > 0) {
      builder.withData(
          contentType == null || contentType.value() == null
              ? "application/json"
              : utf8(contentType.value()).toLowerCase(Locale.ROOT),
          record.value());
    }
    return builder.build();
  }

  private static CloudEvent readCloudEvent(ConsumerRecord<byte[], byte[]> record) {
    Header contentType = record.headers().lastHeader(CONTENT_TYPE);
    String mediaType = contentType == null ? null : utf8(contentType.value());
    if (mediaType != null
        && mediaType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
      Set<String> unset =
          CloudEventRules.checkJson(record.value() == null ? new byte[0] : record.value());
      return CloudEventRules.withoutExtensions(
          KafkaMessageFactory.createReader(record).toEvent(), unset);
    }
    Set<String> seen = new HashSet<>();
    for (Header header : record.headers()) {
      String key = header.key();
      if (key.length() <= PREFIX.length() || !key.startsWith(PREFIX)) {
        continue;
      }
      // Kafka header names are case-sensitive: ce_MyExt is not an attribute name (the SDK would
      // quietly lower-case it).
      String attribute = key.substring(PREFIX.length());
      if (!seen.add(attribute)) {
        throw new InvalidCloudEventException(
            attribute, "CloudEvent attribute '" + attribute + "' appears more than once");
      }
      CloudEventRules.checkAttribute(attribute, header.value() == null ? "" : utf8(header.value()));
    }
    if (mediaType != null) {
      CloudEventRules.checkMediaType("datacontenttype", mediaType);
    }
    return KafkaMessageFactory.createReader(record).toEvent();
  }

  /** A header name as KafkaSource makes it an extension name: lower case, a-z and 0-9 only. */
  static String extensionName(String header) {
    StringBuilder name = new StringBuilder(header.length());
    for (char c : header.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        name.append(c);
      }
    }
    return name.toString();
  }

  /** The bytes as text if they are valid UTF-8 without control characters, else null. */
  private static String cleanText(byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return CloudEventRules.hasControlCharacter(text) ? null : text;
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
