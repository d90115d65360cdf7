package dev.skyless.local.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.contract.DeadLetterHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a dead-letter topic from its start to its end (committed records only, no consumer group),
 * keeping the records of one function's trigger, and its {@link DeadLetterHeaders#redrivenTopic
 * redriven} topic to tell which records went back.
 */
public final class DeadLetterReader {

  static final int MAX_PAYLOAD = 16 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final String bootstrapServers;

  public DeadLetterReader(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * The dead letters of {@code topic}, oldest first; empty when the topic does not exist (nothing
   * was ever dead-lettered).
   */
  public List<DeadLetter> read(DeadLetterTopic topic) {
    return entries(topic).stream().map(Entry::letter).toList();
  }

  /** A dead letter and the record it was read from (what a redrive copies). */
  record Entry(ConsumerRecord<byte[], byte[]> record, DeadLetter letter) {}

  /** As {@link #read}, with the records. */
  List<Entry> entries(DeadLetterTopic topic) {
    Map<String, DeadLetter.Redriven> redriven = redriven(topic.topic());
    List<Entry> entries = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : readAll(topic.topic())) {
      // Dead-letter topics are named after the topic read, so triggers of several functions can
      // share one; a record names who dead-lettered it (Knative's do not: they are all kept).
      if (names(record, DeadLetterHeaders.FUNCTION, topic.function())
          && names(record, DeadLetterHeaders.TRIGGER, topic.trigger())) {
        entries.add(new Entry(record, letter(record, redriven)));
      }
    }
    return entries;
  }

  private static boolean names(ConsumerRecord<byte[], byte[]> record, String header, String value) {
    Header given = record.headers().lastHeader(header);
    return given == null || new String(given.value(), StandardCharsets.UTF_8).equals(value);
  }

  /** Which records of {@code deadLetterTopic} were redriven, by position. */
  Map<String, DeadLetter.Redriven> redriven(String deadLetterTopic) {
    Map<String, DeadLetter.Redriven> marks = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> mark :
        readAll(DeadLetterHeaders.redrivenTopic(deadLetterTopic))) {
      if (mark.key() == null || mark.value() == null) {
        continue;
      }
      try {
        JsonNode value = JSON.readTree(mark.value());
        marks.put(
            new String(mark.key(), StandardCharsets.UTF_8),
            new DeadLetter.Redriven(
                Instant.parse(value.path("at").asText()), value.path("to").asText()));
      } catch (Exception e) {
        // not one of ours: ignore
      }
    }
    return marks;
  }

  /**
   * Every committed record of {@code topic}, start to end (tests read redriven records with it).
   */
  List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    return readAll(topic);
  }

  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "skyless-dlq-reader");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, DEADLINE);
      if (partitions == null || partitions.isEmpty()) {
        return records;
      }
      List<TopicPartition> assigned =
          partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned, DEADLINE);
      Instant deadline = Instant.now().plus(DEADLINE);
      while (assigned.stream().anyMatch(tp -> consumer.position(tp, DEADLINE) < end.get(tp))) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "reading " + topic + " took longer than " + DEADLINE.toSeconds() + " s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer within " + DEADLINE.toSeconds() + " s",
          e);
    }
    records.sort(
        java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(
                ConsumerRecord::timestamp)
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return records;
  }

  static DeadLetter letter(
      ConsumerRecord<byte[], byte[]> record, Map<String, DeadLetter.Redriven> redriven) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value() == null ? "" : text(header.value(), 4096));
    }
    Optional<String> error = Optional.ofNullable(headers.get(DeadLetterHeaders.ERROR_MESSAGE));
    if (error.isEmpty() && headers.containsKey("ce_knativeerrordata")) {
      error = Optional.of(decode(headers.get("ce_knativeerrordata")));
    }
    Instant at =
        Optional.ofNullable(headers.get(DeadLetterHeaders.DEAD_LETTERED_AT))
            .flatMap(DeadLetterReader::instant)
            .orElse(Instant.ofEpochMilli(record.timestamp()));
    String position = record.partition() + "/" + record.offset();
    return new DeadLetter(
        record.topic(),
        record.partition(),
        record.offset(),
        Optional.ofNullable(record.key()).map(k -> text(k, 1024)),
        Optional.ofNullable(headers.get("ce_id")),
        Optional.ofNullable(headers.get("ce_type")),
        Optional.ofNullable(headers.get("ce_source")),
        error,
        integer(headers.get("ce_knativeerrorcode")),
        integer(headers.get(DeadLetterHeaders.ATTEMPTS)),
        Optional.ofNullable(headers.get(DeadLetterHeaders.ORIGINAL_TOPIC)),
        at,
        record.value() == null ? "" : text(record.value(), MAX_PAYLOAD),
        headers,
        Optional.ofNullable(redriven.get(position)));
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> integer(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String decode(String base64) {
    try {
      return text(Base64.getDecoder().decode(base64), 4096);
    } catch (IllegalArgumentException e) {
      return base64;
    }
  }

  /** UTF-8 text when the bytes are, else base64; cut at {@code max} characters. */
  static String text(byte[] bytes, int max) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = "base64:" + Base64.getEncoder().encodeToString(bytes);
    }
    return text.length() > max ? text.substring(0, max) + "…" : text;
  }
}
