package dev.skyless.runtime.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into the CloudEvent a function sees, the way Knative's KafkaSource does: a
 * record in the CloudEvents Kafka binding (binary {@code ce_*} headers, or structured) is read as
 * is; any other record is wrapped with type {@code dev.knative.kafka.event}, id {@code
 * partition:<p>/offset:<o>}, subject {@code partition:<p>#<o>}, source {@code
 * /apis/v1/namespaces/<ns>/kafkasources/<name>#<topic>}, the key as the {@code key} and {@code
 * partitionkey} extensions, and headers as extensions where the name allows it.
 */
public final class RecordEvents {

  /** The type KafkaSource gives to records that are not CloudEvents. */
  public static final String KAFKA_EVENT_TYPE = "dev.knative.kafka.event";

  private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");

  /** CloudEvent attribute names: a header so named must not shadow the attribute. */
  private static final Set<String> RESERVED =
      Set.of(
          "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "datacontenttype",
          "dataschema",
          "data",
          "data_base64",
          "key",
          "partitionkey");

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
      return KafkaMessageFactory.createReader(record).toEvent();
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
    for (Header header : record.headers()) {
      String name = header.key().toLowerCase(java.util.Locale.ROOT);
      if (EXTENSION_NAME.matcher(name).matches()
          && !RESERVED.contains(name)
          && header.value() != null) {
        builder.withExtension(name, new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    if (record.key() != null) {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      builder.withExtension("key", key).withExtension("partitionkey", key);
    }
    Header contentType = record.headers().lastHeader("content-type");
    if (record.value() != null && record.value().length > 0) {
      builder.withData(
          contentType == null
              ? "application/json"
              : new String(contentType.value(), StandardCharsets.UTF_8),
          record.value());
    }
    return builder.build();
  }
}
