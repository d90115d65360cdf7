package dev.skyless.runtime.kafka;

import dev.skyless.contract.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that could not be processed to its dead-letter topic: the same key, value and
 * headers (so a CloudEvent stays one), plus the headers of {@link DeadLetterHeaders} that say why
 * and who gave up on it (dead-letter topics are shared between functions):
 *
 * <ul>
 *   <li>{@code skyless-namespace}, {@code skyless-function}, {@code skyless-trigger} (the trigger
 *       only under {@code skyless dev}, where each Kafka trigger has its own consumer)
 *   <li>{@code skyless-error-class}, {@code skyless-error-message}
 *   <li>{@code skyless-attempts}
 *   <li>{@code skyless-original-topic}, {@code skyless-original-partition}, {@code
 *       skyless-original-offset}
 *   <li>{@code skyless-dead-lettered-at}
 * </ul>
 *
 * Waits for the broker's acknowledgement, retrying while Kafka is unreachable: a record is only
 * committed once it is safe in the dead-letter topic.
 */
public final class DeadLetterPublisher {

  /**
   * Who dead-letters: the namespace and function, and the trigger when there is one.
   *
   * @param trigger empty in direct mode (the function's one consumer)
   */
  public record Origin(String namespace, String function, java.util.Optional<String> trigger) {}

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
  private static final int MAX_MESSAGE = 1024;

  private final Producer<byte[], byte[]> producer;
  private final Origin origin;

  public DeadLetterPublisher(Producer<byte[], byte[]> producer, Origin origin) {
    this.producer = producer;
    this.origin = java.util.Objects.requireNonNull(origin);
  }

  /**
   * Publishes {@code record} to {@code topic}; blocks until acknowledged.
   *
   * @param stop when it says stopping, gives up instead of retrying
   * @return whether the record is now in the dead-letter topic
   */
  public boolean publish(
      ConsumerRecord<byte[], byte[]> record,
      String topic,
      Throwable error,
      int attempts,
      StopSignal stop)
      throws InterruptedException {
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(
            topic, null, record.key(), record.value(), headers(record, error, attempts, origin));
    Duration backoff = Duration.ofMillis(200);
    while (true) {
      try {
        producer.send(letter).get(30, TimeUnit.SECONDS);
        return true;
      } catch (ExecutionException | TimeoutException e) {
        if (stop.stopping()) {
          return false;
        }
        LOG.warn(
            "cannot write {}-{}@{} to dead-letter topic {} yet, retrying in {} ms: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            topic,
            backoff.toMillis(),
            e.getCause() == null ? e.toString() : e.getCause().toString());
        if (!stop.pause(backoff.toMillis())) {
          return false;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                ? Duration.ofSeconds(10)
                : backoff.multipliedBy(2);
      }
    }
  }

  static Headers headers(
      ConsumerRecord<byte[], byte[]> record, Throwable error, int attempts, Origin origin) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(DeadLetterHeaders.NAMESPACE, utf8(origin.namespace()));
    headers.add(DeadLetterHeaders.FUNCTION, utf8(origin.function()));
    origin.trigger().ifPresent(t -> headers.add(DeadLetterHeaders.TRIGGER, utf8(t)));
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE);
    }
    headers.add(DeadLetterHeaders.ERROR_CLASS, utf8(error.getClass().getName()));
    headers.add(DeadLetterHeaders.ERROR_MESSAGE, utf8(message));
    headers.add(DeadLetterHeaders.ATTEMPTS, utf8(Integer.toString(attempts)));
    headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(record.topic()));
    headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
    headers.add(DeadLetterHeaders.DEAD_LETTERED_AT, utf8(Instant.now().toString()));
    if (error instanceof DeliveryFailure failure
        && record.headers().lastHeader("ce_specversion") != null) {
      // The extensions Knative's dispatcher gives a dead-lettered event (binary mode: ce_ headers).
      byte[] body = failure.responseBody();
      if (body.length > MAX_MESSAGE) {
        body = java.util.Arrays.copyOf(body, MAX_MESSAGE);
      }
      headers.remove("ce_knativeerrorcode");
      headers.remove("ce_knativeerrordata");
      headers.add("ce_knativeerrorcode", utf8(Integer.toString(failure.status())));
      headers.add("ce_knativeerrordata", utf8(java.util.Base64.getEncoder().encodeToString(body)));
    }
    return headers;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
