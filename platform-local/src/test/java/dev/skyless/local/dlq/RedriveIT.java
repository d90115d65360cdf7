package dev.skyless.local.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.contract.DeadLetterHeaders;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.kafka.DeadLetterPublisher;
import dev.skyless.runtime.kafka.StopSignal;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Dead letters go back to their trigger's topic exactly once each, keeping their CloudEvent, and
 * the dead-letter topic's redriven topic marks them (real Kafka, real dead-letter format).
 */
class RedriveIT {

  @Test
  void tenDeadLettersAreRedrivenOnceEachKeepingTheirIdsAndAreMarked() throws Exception {
    var kafka = SharedKafka.get();
    String source = "redrive.orders";
    String dlq = "redrive.orders.dlq";
    kafka.createTopic(source, 2);
    kafka.createTopic(dlq, 1);
    deadLetter(kafka.bootstrapServers(), source, dlq, 10);
    DeadLetterTopic topic = new DeadLetterTopic("inventory", "placed", dlq, List.of(source), false);

    List<DeadLetter> before = new DeadLetterReader(kafka.bootstrapServers()).read(topic);
    assertThat(before).hasSize(10);
    DeadLetter first = before.getFirst();
    assertThat(first.eventId()).contains("order-0");
    assertThat(first.eventType()).contains("com.example.order.placed");
    assertThat(first.error()).contains("stock service said no");
    assertThat(first.attempts()).contains(6);
    assertThat(first.originalTopic()).contains(source);
    assertThat(first.payload()).isEqualTo("{\"n\":0}");
    assertThat(before).allSatisfy(l -> assertThat(l.redriven()).isEmpty());

    Redriver redriver = new Redriver(kafka.bootstrapServers(), (short) 1, Clock.systemUTC());
    Redriver.Result once = redriver.redrive(topic, l -> true, Optional.empty());
    Redriver.Result again = redriver.redrive(topic, l -> true, Optional.empty());

    assertThat(once).isEqualTo(new Redriver.Result(10, 0, 0));
    assertThat(again)
        .as("marked records are not sent again")
        .isEqualTo(new Redriver.Result(0, 10, 0));
    // Commit markers reach the partitions just after the commit returns: read until they show.
    List<ConsumerRecord<byte[], byte[]>> back =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(10))
            .until(() -> readAll(kafka.bootstrapServers(), source), r -> r.size() >= 10);
    List<ConsumerRecord<byte[], byte[]>> redriven =
        back.stream()
            .filter(r -> r.headers().lastHeader(DeadLetterHeaders.REDRIVEN_FROM) != null)
            .toList();
    assertThat(redriven).as("none twice").hasSize(10);
    Set<String> ids = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : redriven) {
      CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
      ids.add(event.getId());
      assertThat(event.getExtension("knativeerrorcode")).isNull();
      assertThat(record.headers().lastHeader(DeadLetterHeaders.ERROR_MESSAGE)).isNull();
      assertThat(
              new String(
                  record.headers().lastHeader(DeadLetterHeaders.REDRIVEN_FROM).value(),
                  StandardCharsets.UTF_8))
          .startsWith(dlq + "/0/");
    }
    assertThat(ids).hasSize(10).contains("order-0", "order-9");

    List<DeadLetter> after = new DeadLetterReader(kafka.bootstrapServers()).read(topic);
    assertThat(after)
        .allSatisfy(
            l ->
                assertThat(l.redriven())
                    .hasValueSatisfying(r -> assertThat(r.to()).isEqualTo(source)));
  }

  @Test
  void aSelectionRedrivesOnlyItsRecordsAndARecordWithNowhereToGoIsRefusedSendingNothing()
      throws Exception {
    var kafka = SharedKafka.get();
    String dlq = "redrive.many.dlq";
    kafka.createTopic(dlq, 1);
    try (var producer = producer(kafka.bootstrapServers())) {
      for (int i = 0; i < 3; i++) {
        // As Knative's KafkaSink writes a dead-lettered event: no origin topic header.
        var record =
            new ProducerRecord<byte[], byte[]>(
                dlq, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", ("k-" + i).getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "t".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/s".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_knativeerrorcode", "503".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
      }
    }
    DeadLetterTopic twoTopics =
        new DeadLetterTopic("fn", "t", dlq, List.of("a.one", "a.two"), false);
    Redriver redriver = new Redriver(kafka.bootstrapServers(), (short) 1, Clock.systemUTC());
    assertThatThrownBy(() -> redriver.redrive(twoTopics, l -> true, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "does not say which of [a.one, a.two] it came from; name one with --to");
    assertThat(new DeadLetterReader(kafka.bootstrapServers()).read(twoTopics))
        .allSatisfy(l -> assertThat(l.redriven()).isEmpty());
    assertThat(new DeadLetterReader(kafka.bootstrapServers()).read(twoTopics).getFirst().status())
        .contains(503);

    kafka.createTopic("a.two", 1);
    Redriver.Result one =
        redriver.redrive(
            twoTopics, l -> l.eventId().equals(Optional.of("k-1")), Optional.of("a.two"));
    assertThat(one).isEqualTo(new Redriver.Result(1, 0, 2));
    var back =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(10))
            .until(() -> readAll(kafka.bootstrapServers(), "a.two"), r -> !r.isEmpty());
    assertThat(back).hasSize(1);
    assertThat(KafkaMessageFactory.createReader(back.getFirst()).toEvent().getId())
        .isEqualTo("k-1");
  }

  private static final StopSignal NEVER =
      new StopSignal() {
        @Override
        public boolean stopping() {
          return false;
        }

        @Override
        public boolean pause(long millis) throws InterruptedException {
          Thread.sleep(millis);
          return true;
        }
      };

  private static org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer(
      String servers) {
    return new org.apache.kafka.clients.producer.KafkaProducer<>(
        java.util.Map.of("bootstrap.servers", servers, "acks", "all"),
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  /** Every committed record of {@code topic} (the reader the tools use reads to the end). */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String servers, String topic) {
    return new DeadLetterReader(servers).records(topic);
  }

  private static void deadLetter(String servers, String source, String dlq, int count)
      throws Exception {
    try (var producer = producer(servers)) {
      var publisher =
          new DeadLetterPublisher(
              producer, new DeadLetterPublisher.Origin("shop", "inventory", Optional.of("placed")));
      for (int i = 0; i < count; i++) {
        CloudEvent event =
            CloudEventBuilder.v1()
                .withId("order-" + i)
                .withSource(URI.create("/shop/order"))
                .withType("com.example.order.placed")
                .withTime(Instant.now().atOffset(java.time.ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                .build();
        ProducerRecord<byte[], byte[]> written =
            KafkaMessageFactory.<byte[]>createWriter(source, null).writeBinary(event);
        var consumed =
            new ConsumerRecord<byte[], byte[]>(source, i % 2, i, written.key(), written.value());
        written.headers().forEach(h -> consumed.headers().add(h));
        assertThat(
                publisher.publish(
                    consumed, dlq, new IllegalStateException("stock service said no"), 6, NEVER))
            .isTrue();
      }
    }
  }
}
