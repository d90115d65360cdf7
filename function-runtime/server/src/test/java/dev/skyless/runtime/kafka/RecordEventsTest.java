package dev.skyless.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordEventsTest {

  private final RecordEvents events = new RecordEvents("shop", "inventory");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void headersNamedLikeCloudEventAttributesDoNotReplaceThemOrBreakTheRecord() {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("orders", 2, 42, utf8("k"), utf8("{\"a\":1}"));
    for (String name :
        new String[] {
          "id", "type", "source", "specversion", "time", "subject", "X-Custom_Header"
        }) {
      record.headers().add(name, utf8("header-" + name));
    }

    CloudEvent event = events.toCloudEvent(record);

    assertThat(event.getId()).isEqualTo("partition:2/offset:42");
    assertThat(event.getType()).isEqualTo(RecordEvents.KAFKA_EVENT_TYPE);
    assertThat(event.getSource())
        .hasToString("/apis/v1/namespaces/shop/kafkasources/inventory#orders");
    assertThat(event.getSubject()).isEqualTo("partition:2#42");
    // As KafkaSource names them: kafkaheader + the name lower-cased, a-z0-9 only.
    assertThat(event.getExtension("kafkaheaderxcustomheader")).isEqualTo("header-X-Custom_Header");
    assertThat(event.getExtension("kafkaheaderid")).isEqualTo("header-id");
    assertThat(event.getExtensionNames()).doesNotContain("id", "type", "source", "time", "subject");
  }

  @Test
  void theContentTypeHeaderIsTheDataContentTypeAndTraceHeadersTheTraceContext() {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("orders", 0, 7, null, utf8("hello"));
    record.headers().add("content-type", utf8("text/plain"));
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    record.headers().add("traceparent", utf8(traceparent));

    CloudEvent event = events.toCloudEvent(record);

    assertThat(event.getDataContentType()).isEqualTo("text/plain");
    assertThat(event.getExtensionNames()).doesNotContain("kafkaheadercontenttype");
    assertThat(event.getExtension("traceparent")).isEqualTo(traceparent);
    assertThat(event.getExtension("kafkaheadertraceparent")).isEqualTo(traceparent);
  }

  @Test
  void binaryHeadersAndKeysAreLeftOutSoTheEventStaysValid() {
    byte[] confluentKey = {0, 0, 0, 0, 7, 'k'};
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("orders", 0, 9, confluentKey, utf8("{}"));
    record.headers().add("schema", new byte[] {(byte) 0xff, 0x01});
    record.headers().add("Content-Type", utf8("Application/JSON"));

    CloudEvent event = events.toCloudEvent(record);

    assertThat(event.getExtensionNames())
        .doesNotContain("key", "partitionkey", "kafkaheaderschema");
    assertThat(event.getDataContentType()).isEqualTo("application/json");
  }
}
