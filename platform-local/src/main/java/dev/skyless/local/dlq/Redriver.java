package dev.skyless.local.dlq;

import dev.skyless.contract.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends dead letters back to the topic their trigger reads, exactly once each: in one Kafka
 * transaction, each record goes back (same key, value and CloudEvent headers, so the event keeps
 * its id and idempotent consumers stay correct; the dead-letterer's headers dropped, {@value
 * DeadLetterHeaders#REDRIVEN_FROM} added) together with a mark in the dead-letter topic's {@link
 * DeadLetterHeaders#redrivenTopic redriven} topic. Marked records are never sent again. One
 * transactional id per dead-letter topic: a second redrive of the same topic fences the first, so
 * two at once cannot both send a record.
 */
public final class Redriver {

  /** What a redrive did. */
  public record Result(int redriven, int alreadyRedriven, int notSelected) {}

  private static final Set<String> DEAD_LETTER_HEADERS =
      Set.of(
          DeadLetterHeaders.FUNCTION,
          DeadLetterHeaders.NAMESPACE,
          DeadLetterHeaders.TRIGGER,
          DeadLetterHeaders.ERROR_CLASS,
          DeadLetterHeaders.ERROR_MESSAGE,
          DeadLetterHeaders.ATTEMPTS,
          DeadLetterHeaders.ORIGINAL_TOPIC,
          DeadLetterHeaders.ORIGINAL_PARTITION,
          DeadLetterHeaders.ORIGINAL_OFFSET,
          DeadLetterHeaders.DEAD_LETTERED_AT,
          DeadLetterHeaders.REDRIVEN_FROM,
          "ce_knativeerrorcode",
          "ce_knativeerrordata",
          "ce_knativeerrordest");

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final String bootstrapServers;
  private final short replicationFactor;
  private final Clock clock;

  /**
   * @param replicationFactor of the redriven topic when it has to be made
   */
  public Redriver(String bootstrapServers, short replicationFactor, Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.replicationFactor = replicationFactor;
    this.clock = clock;
  }

  /**
   * Redrives the records of {@code topic} that {@code which} selects and that were not redriven.
   *
   * @param to where to send records whose origin is not recorded and whose trigger reads more than
   *     one topic
   * @throws IllegalArgumentException when a selected record has nowhere to go (a Broker trigger, or
   *     several topics and no {@code to}); nothing is sent then
   */
  public Result redrive(DeadLetterTopic topic, Predicate<DeadLetter> which, Optional<String> to)
      throws InterruptedException {
    String marks = DeadLetterHeaders.redrivenTopic(topic.topic());
    ensureTopic(marks);
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "skyless-redrive-" + topic.topic());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "skyless-redrive");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      // First: fences an earlier redrive of this topic, whose uncommitted sends are then aborted,
      // so the marks read next are all there will be.
      producer.initTransactions();
      List<DeadLetterReader.Entry> selected = new ArrayList<>();
      int already = 0;
      int skipped = 0;
      for (DeadLetterReader.Entry entry : new DeadLetterReader(bootstrapServers).entries(topic)) {
        if (!which.test(entry.letter())) {
          skipped++;
        } else if (entry.letter().redriven().isPresent()) {
          already++;
        } else {
          selected.add(entry);
        }
      }
      List<ProducerRecord<byte[], byte[]>> sends = new ArrayList<>();
      for (DeadLetterReader.Entry entry : selected) {
        DeadLetter letter = entry.letter();
        String target = target(topic, letter, to);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : entry.record().headers()) {
          if (!DEAD_LETTER_HEADERS.contains(header.key())) {
            headers.add(header);
          }
        }
        headers.add(
            DeadLetterHeaders.REDRIVEN_FROM,
            (topic.topic() + "/" + letter.position()).getBytes(StandardCharsets.UTF_8));
        sends.add(
            new ProducerRecord<>(
                target, null, entry.record().key(), entry.record().value(), headers));
        byte[] mark =
            JSON.createObjectNode()
                .put("at", Instant.now(clock).toString())
                .put("to", target)
                .put("eventId", letter.eventId().orElse(""))
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        sends.add(
            new ProducerRecord<>(marks, letter.position().getBytes(StandardCharsets.UTF_8), mark));
      }
      if (!sends.isEmpty()) {
        producer.beginTransaction();
        try {
          for (ProducerRecord<byte[], byte[]> send : sends) {
            producer.send(send);
          }
          producer.commitTransaction();
          awaitMarks(topic.topic(), selected.stream().map(DeadLetterReader.Entry::letter).toList());
        } catch (RuntimeException e) {
          try {
            producer.abortTransaction();
          } catch (RuntimeException ignored) {
            // fenced or broken: nothing was committed either way
          }
          throw new IllegalStateException(
              "the redrive was not committed, nothing was sent: " + e.getMessage(), e);
        }
      }
      return new Result(selected.size(), already, skipped);
    }
  }

  /**
   * Waits until the marks are readable: the commit markers reach the partitions just after the
   * commit returns, and a list right after a redrive should show it.
   */
  private void awaitMarks(String deadLetterTopic, List<DeadLetter> letters)
      throws InterruptedException {
    DeadLetterReader reader = new DeadLetterReader(bootstrapServers);
    long end = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      var marks = reader.redriven(deadLetterTopic);
      if (letters.stream().allMatch(l -> marks.containsKey(l.position()))) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private static String target(DeadLetterTopic topic, DeadLetter letter, Optional<String> to) {
    if (letter.originalTopic().isPresent()) {
      return letter.originalTopic().get();
    }
    if (to.isPresent()) {
      return to.get();
    }
    if (topic.broker()) {
      throw new IllegalArgumentException(
          "trigger "
              + topic.trigger()
              + " is a Broker's: its dead letters go back by publishing to the Broker, not to a"
              + " Kafka topic (name one with --to to send them to a topic anyway)");
    }
    if (topic.topics().size() == 1) {
      return topic.topics().getFirst();
    }
    throw new IllegalArgumentException(
        letter.position()
            + " of "
            + topic.topic()
            + " does not say which of "
            + topic.topics()
            + " it came from; name one with --to");
  }

  private void ensureTopic(String name) throws InterruptedException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(name, 1, replicationFactor)
                      .configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot make topic "
                + name
                + " (it records what was redriven): "
                + e.getCause().getMessage(),
            e);
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer within 30 s", e);
    }
  }
}
