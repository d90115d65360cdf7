package dev.skyless.runtime.kafka;

import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.function.Correlation;
import dev.skyless.runtime.function.Failures;
import dev.skyless.runtime.metrics.RuntimeMetrics;
import dev.skyless.sdk.ProblemException;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one record to an end: the {@link EventHandler} succeeds, or after the configured
 * retries (with backoff) the record goes to the dead-letter topic. A failure that retrying cannot
 * fix (a malformed CloudEvent, input that does not bind, a 4xx {@link ProblemException}) is
 * dead-lettered at once. Blocks; runs on a virtual thread. The {@link StopSignal} of the record's
 * lane ends retrying early (the record is then {@link Outcome#ABANDONED}: not committed, delivered
 * again).
 */
public final class RecordProcessor {

  /** How processing a record ended. */
  public enum Outcome {
    /** The function succeeded. */
    PROCESSED,
    /** The record is in the dead-letter topic. */
    DEAD_LETTERED,
    /** Given up because the runtime is stopping: not committed, so it is delivered again. */
    ABANDONED
  }

  private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);
  private static final String CHANNEL = "kafka";

  private final EventHandler handler;
  private final RecordEvents events;
  private final DeadLetterPublisher deadLetters;
  private final RuntimeConfig.Consumer config;
  private final RuntimeMetrics metrics;

  public RecordProcessor(
      EventHandler handler,
      RecordEvents events,
      DeadLetterPublisher deadLetters,
      RuntimeConfig.Consumer config,
      RuntimeMetrics metrics) {
    this.handler = handler;
    this.events = events;
    this.deadLetters = deadLetters;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * Processes {@code record} to an end.
   *
   * @throws InterruptedException only when the thread is interrupted while the lane is not stopping
   *     (the lane then ends and its partition is read again from this record)
   */
  public Outcome process(ConsumerRecord<byte[], byte[]> record, StopSignal stop)
      throws InterruptedException {
    CloudEvent event;
    try {
      event = events.toCloudEvent(record);
    } catch (RuntimeException e) {
      metrics.rejected(CHANNEL, 400);
      return deadLetter(record, e, 1, stop);
    }
    for (int attempt = 1; ; attempt++) {
      long start = System.nanoTime();
      metrics.started();
      try {
        handler.handle(event);
        metrics.finished(CHANNEL, 200, System.nanoTime() - start);
        return Outcome.PROCESSED;
      } catch (InterruptedException e) {
        metrics.finished(CHANNEL, 500, System.nanoTime() - start);
        throw e;
      } catch (Exception e) {
        Throwable cause = Failures.unwrap(e);
        boolean retryable = !(cause instanceof ProblemException p) || p.retryable();
        metrics.finished(CHANNEL, retryable ? 500 : 400, System.nanoTime() - start);
        if (!retryable || attempt > config.retries()) {
          return deadLetter(record, cause, attempt, stop);
        }
        if (stop.stopping()) {
          return Outcome.ABANDONED;
        }
        long delay = config.backoff(attempt).toMillis();
        int failed = attempt;
        Correlation.around(
            Correlation.Fields.of(event),
            () ->
                LOG.warn(
                    "{}-{}@{} failed (attempt {} of {}), retrying in {} ms: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    failed,
                    config.retries() + 1,
                    delay,
                    cause.toString()));
        metrics.retried();
        if (!stop.pause(delay)) {
          return Outcome.ABANDONED;
        }
      }
    }
  }

  private Outcome deadLetter(
      ConsumerRecord<byte[], byte[]> record, Throwable error, int attempts, StopSignal stop)
      throws InterruptedException {
    String topic = config.deadLetterTopicFor(record.topic());
    if (!deadLetters.publish(record, topic, error, attempts, stop)) {
      return Outcome.ABANDONED;
    }
    metrics.deadLettered();
    LOG.error(
        "{}-{}@{} sent to dead-letter topic {} after {} attempt(s): {}",
        record.topic(),
        record.partition(),
        record.offset(),
        topic,
        attempts,
        error.toString());
    return Outcome.DEAD_LETTERED;
  }
}
