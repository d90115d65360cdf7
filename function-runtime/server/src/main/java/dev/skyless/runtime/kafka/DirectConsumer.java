package dev.skyless.runtime.kafka;

import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.metrics.RuntimeMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct Kafka consumer mode: polls the function's topics on one platform thread and hands each
 * poll to a {@link Batch} that runs on virtual threads. While a batch runs, its partitions are
 * paused (the consumer keeps polling, so it stays in the group); when it ends, offsets are
 * committed for records that succeeded or were dead-lettered, never past one that did not. On a
 * rebalance the batch is finished and committed before partitions are given up. On {@link #close}
 * the batch in flight is finished and committed, then the consumer leaves the group.
 */
public final class DirectConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DirectConsumer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration BATCH_CHECK = Duration.ofMillis(100);

  private final Consumer<byte[], byte[]> consumer;
  private final RuntimeConfig.Consumer config;
  private final RuntimeMetrics metrics;
  private final RecordProcessor processor;
  private final Duration grace;
  private final ThreadFactory lanes = Thread.ofVirtual().name("kafka-record-", 0).factory();
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final CountDownLatch exited = new CountDownLatch(1);
  private volatile boolean running = true;
  private Thread thread;
  private Batch inFlight;

  /**
   * @param processorFactory builds the processor, given a "stopping" signal it can poll
   */
  public DirectConsumer(
      Consumer<byte[], byte[]> consumer,
      RuntimeConfig.Consumer config,
      RuntimeMetrics metrics,
      Function<java.util.function.BooleanSupplier, RecordProcessor> processorFactory,
      Duration grace) {
    this.consumer = consumer;
    this.config = config;
    this.metrics = metrics;
    this.processor = processorFactory.apply(() -> !running);
    this.grace = grace;
  }

  /** Starts the poll loop; returns once the consumer has subscribed. */
  public void start() throws InterruptedException {
    thread = Thread.ofPlatform().name("skyless-kafka-consumer").start(this::loop);
    subscribed.await(30, TimeUnit.SECONDS);
  }

  private void loop() {
    try {
      consumer.subscribe(config.topics(), new Rebalance());
      subscribed.countDown();
      LOG.info(
          "consuming {} as group {} ({} delivery)",
          config.topics(),
          config.groupId(),
          config.ordering().name().toLowerCase());
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        updateLag();
        if (records.isEmpty()) {
          continue;
        }
        inFlight =
            new Batch(records).start(processor, config.ordering(), config.maxInFlight(), lanes);
        consumer.pause(consumer.assignment());
        // Wait on the batch itself (wakes the moment it ends) and poll in between, without
        // waiting, so the consumer stays in the group and rebalance callbacks run.
        while (inFlight != null && !inFlight.await(BATCH_CHECK.toMillis())) {
          consumer.poll(Duration.ZERO);
          if (!running) {
            if (inFlight != null) {
              inFlight.await(grace.toMillis());
            }
            break;
          }
        }
        commitInFlight();
        consumer.resume(consumer.paused());
      }
    } catch (WakeupException e) {
      // close() woke us up: fall through to finish and commit.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("the Kafka consumer stopped on an error", e);
    } finally {
      subscribed.countDown();
      finish();
    }
  }

  private void finish() {
    try {
      if (inFlight != null) {
        inFlight.await(grace.toMillis());
        commitInFlight();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn(
          "final commit failed; uncommitted records will be delivered again: {}", e.toString());
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      exited.countDown();
    }
  }

  private void commitInFlight() {
    if (inFlight == null) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = inFlight.committable();
    inFlight = null;
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets);
    }
  }

  private void updateLag() {
    long lag = 0;
    for (TopicPartition partition : consumer.assignment()) {
      lag += consumer.currentLag(partition).orElse(0);
    }
    metrics.kafkaLag(lag);
  }

  /** Stops polling, finishes and commits the batch in flight, leaves the group. */
  @Override
  public void close() {
    running = false;
    if (thread == null) {
      consumer.close();
      return;
    }
    try {
      if (!exited.await(grace.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
        consumer.wakeup();
        exited.await(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (inFlight == null) {
        return;
      }
      try {
        inFlight.await(Long.MAX_VALUE);
        commitInFlight();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (inFlight != null && !partitions.isEmpty()) {
        consumer.pause(partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      inFlight = null;
    }
  }
}
