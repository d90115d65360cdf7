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
        new String[] {"id", "type", "source", "specversion", "time", "subject", "trace"}) {
      record.headers().add(name, utf8("header-" + name));
    }

    CloudEvent event = events.toCloudEvent(record);

    assertThat(event.getId()).isEqualTo("partition:2/offset:42");
    assertThat(event.getType()).isEqualTo(RecordEvents.KAFKA_EVENT_TYPE);
    assertThat(event.getSource())
        .hasToString("/apis/v1/namespaces/shop/kafkasources/inventory#orders");
    assertThat(event.getSubject()).isEqualTo("partition:2#42");
    assertThat(event.getExtension("trace")).isEqualTo("header-trace");
    assertThat(event.getExtensionNames()).doesNotContain("id", "type", "source", "time", "subject");
  }
}
