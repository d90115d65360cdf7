package dev.skyless.runtime.kafka;

import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.metrics.RuntimeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct Kafka consumer mode, also {@code skyless dev}'s KafkaSource: polls the topics on one
 * platform thread and hands each partition's records to its {@link PartitionLane}, which works on
 * virtual threads. Partitions are independent: a lane with a full backlog (or one being read again)
 * is paused alone, and its offsets are committed on their own, asynchronously, never past a record
 * that was not processed. When a lane stops early the partition is sought back to its first
 * unfinished record.
 *
 * <p>Nothing stops it but {@link #close}: failed commits are retried on the next round, a failed
 * poll is retried with capped backoff, and a consumer that cannot go on (fenced, or failing
 * otherwise) is closed and made again from the committed offsets. {@link ConsumerHealth} says when
 * it cannot make progress. On a rebalance the revoked lanes finish their record in flight and are
 * committed; on {@link #close} every lane does, then the consumer leaves the group (static members
 * included).
 */
public final class DirectConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DirectConsumer.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration LANE_WAIT = Duration.ofMillis(20);
  private static final Duration CHECK_SPACING = Duration.ofMillis(250);
  private static final Duration COMMIT_SPACING = Duration.ofMillis(100);
  private static final Duration SYNC_COMMIT = Duration.ofSeconds(10);
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  /** Makes the Kafka consumer; {@code staticMember} false once another member took our id. */
  @FunctionalInterface
  public interface ConsumerFactory {
    Consumer<byte[], byte[]> create(boolean staticMember);
  }

  private final ConsumerFactory consumers;
  private final RuntimeConfig.Consumer config;
  private final RuntimeMetrics metrics;
  private final RecordProcessor processor;
  private final Duration grace;
  private final ConsumerHealth health;
  private final Semaphore permits;
  private final ThreadFactory threads = Thread.ofVirtual().name("kafka-record-", 0).factory();
  private final Map<TopicPartition, PartitionLane> lanes = new HashMap<>();
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final CountDownLatch exited = new CountDownLatch(1);
  private volatile boolean running = true;
  private Thread thread;
  private volatile Consumer<byte[], byte[]> consumer;
  private boolean staticMember = true;
  private int generation;
  private final Object flowSignal = new Object();
  private boolean laneSignalled;
  private boolean commitInFlight;
  private long lastCommitNanos;
  private long lastCheckNanos;

  /**
   * @param consumers makes the Kafka consumer, at start and again whenever one cannot go on
   * @param health told whether consumption can make progress
   */
  public DirectConsumer(
      ConsumerFactory consumers,
      RuntimeConfig.Consumer config,
      RuntimeMetrics metrics,
      RecordProcessor processor,
      Duration grace,
      ConsumerHealth health) {
    this.consumers = consumers;
    this.config = config;
    this.metrics = metrics;
    this.processor = processor;
    this.grace = grace;
    this.health = health;
    this.permits = new Semaphore(config.maxInFlight());
  }

  /**
   * Makes the first consumer (a setting it refuses fails here, at start-up) and starts the poll
   * loop; returns once the consumer has subscribed (or 30 s passed).
   */
  public void start() throws InterruptedException {
    consumer = consumers.create(staticMember);
    thread = Thread.ofPlatform().name("skyless-kafka-consumer").start(this::loop);
    subscribed.await(30, TimeUnit.SECONDS);
  }

  private void loop() {
    Duration retry = FIRST_RETRY;
    try {
      while (running) {
        long started = System.nanoTime();
        try {
          if (consumer == null) {
            consumer = consumers.create(staticMember);
            health.consumerMade();
          }
          generation++;
          commitInFlight = false;
          consumer.subscribe(config.topics(), new Rebalance());
          subscribed.countDown();
          LOG.info(
              "consuming {} as group {} ({} delivery)",
              config.topics(),
              config.groupId(),
              config.ordering().name().toLowerCase());
          consume();
        } catch (WakeupException | InterruptException e) {
          return;
        } catch (FencedInstanceIdException e) {
          // Another process runs with our group.instance.id: two static members with one id
          // would fence each other for ever, so this one goes on as a dynamic member.
          staticMember = false;
          health.consumerFailed(e);
          LOG.error(
              "another consumer of group {} uses this one's group.instance.id; going on as a"
                  + " dynamic member (give each instance a unique SKYLESS_KAFKA_INSTANCE_ID)",
              config.groupId());
          metrics.consumerRestarted();
          retire(false);
        } catch (KafkaException | IllegalStateException e) {
          health.consumerFailed(e);
          health.check(Optional.empty());
          LOG.error(
              "the Kafka consumer failed; making a new one in {} ms from the committed offsets",
              retry.toMillis(),
              e);
          metrics.consumerRestarted();
          retire(false);
          retry = System.nanoTime() - started > LAST_RETRY.toNanos() ? FIRST_RETRY : retry;
          sleepWhileRunning(retry);
          retry =
              retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("the Kafka consumer loop failed", e);
      health.stopped(e.toString());
      throw e;
    } finally {
      subscribed.countDown();
      if (running && health.state() != ConsumerHealth.State.STOPPED) {
        health.stopped("the poll loop ended");
      }
      retire(true);
      exited.countDown();
    }
  }

  private void sleepWhileRunning(Duration pause) throws InterruptedException {
    long deadline = System.nanoTime() + pause.toNanos();
    while (running && System.nanoTime() < deadline) {
      Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  private void consume() throws InterruptedException {
    while (running) {
      ConsumerRecords<byte[], byte[]> records = pollOrWait();
      if (!records.isEmpty()) {
        health.polled();
      }
      for (TopicPartition partition : records.partitions()) {
        lane(partition).add(records.records(partition));
      }
      rewind();
      flow();
      commit();
      long now = System.nanoTime();
      if (now - lastCheckNanos > CHECK_SPACING.toNanos()) {
        lastCheckNanos = now;
        health.check(sinceHeartbeat());
        updateLag();
      }
    }
  }

  private PartitionLane lane(TopicPartition partition) {
    return lanes.computeIfAbsent(
        partition,
        p ->
            new PartitionLane(
                p,
                processor,
                config.ordering(),
                permits,
                threads,
                config.maxPollRecords(),
                this::laneDrained));
  }

  /** A lane's backlog fell to where its partition resumes, or it waits to be read again. */
  private void laneDrained() {
    synchronized (flowSignal) {
      laneSignalled = true;
      flowSignal.notifyAll();
    }
  }

  /**
   * While some partition is paused, polls without waiting and then waits for a lane to drain (at
   * most {@code LANE_WAIT}): the poll thread must act the moment a lane can take more, not after a
   * long poll. Otherwise a normal poll.
   */
  private ConsumerRecords<byte[], byte[]> pollOrWait() throws InterruptedException {
    if (consumer.paused().isEmpty()) {
      return consumer.poll(POLL);
    }
    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);
    if (records.isEmpty()) {
      synchronized (flowSignal) {
        if (!laneSignalled) {
          flowSignal.wait(LANE_WAIT.toMillis());
        }
        laneSignalled = false;
      }
    }
    return records;
  }

  /** Seeks each lane that stopped early, once idle, back to its first unfinished record. */
  private void rewind() {
    for (PartitionLane lane : lanes.values()) {
      if (lane.rewindPending() && lane.idle()) {
        long offset = lane.rewind();
        consumer.seek(lane.partition(), offset);
        LOG.info("reading {} again from offset {}", lane.partition(), offset);
      }
    }
  }

  /**
   * Pauses a partition whose backlog reaches two polls' worth or that waits to be read again;
   * resumes it when the backlog is down to one poll's worth (so the lane never runs dry while the
   * next records are fetched).
   */
  private void flow() {
    int limit = config.maxPollRecords();
    Set<TopicPartition> paused = consumer.paused();
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    for (PartitionLane lane : lanes.values()) {
      boolean hold = lane.rewindPending() || lane.backlog() >= 2 * limit;
      if (hold && !paused.contains(lane.partition())) {
        pause.add(lane.partition());
      } else if (!hold && lane.backlog() <= limit && paused.contains(lane.partition())) {
        resume.add(lane.partition());
      }
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  /** Commits what lanes finished since the last commit; one asynchronous commit at a time. */
  private void commit() {
    long now = System.nanoTime();
    if (commitInFlight || now - lastCommitNanos < COMMIT_SPACING.toNanos()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<TopicPartition, PartitionLane> committing = new HashMap<>();
    for (PartitionLane lane : lanes.values()) {
      long offset = lane.uncommitted();
      if (offset >= 0) {
        offsets.put(lane.partition(), new OffsetAndMetadata(offset));
        committing.put(lane.partition(), lane);
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    commitInFlight = true;
    lastCommitNanos = now;
    int by = generation;
    try {
      consumer.commitAsync(
          offsets,
          (done, error) -> {
            if (by != generation) {
              return; // a callback of a consumer since replaced
            }
            commitInFlight = false;
            if (error == null) {
              offsets.forEach((tp, offset) -> committing.get(tp).committed(offset.offset()));
              health.committed();
            } else {
              health.commitFailed(error);
              LOG.debug("commit failed, retrying on the next round: {}", error.toString());
            }
          });
    } catch (KafkaException e) {
      commitInFlight = false;
      throw e;
    }
  }

  /** Ends {@code ending}'s lanes, lets their records in flight finish, commits what they did. */
  private void finish(Collection<PartitionLane> ending) {
    for (PartitionLane lane : ending) {
      lane.end();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionLane lane : ending) {
      try {
        long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        if (!lane.awaitIdle(left)) {
          LOG.warn("{} still has a record in flight; it will be delivered again", lane.partition());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long offset = lane.uncommitted();
      if (offset >= 0) {
        offsets.put(lane.partition(), new OffsetAndMetadata(offset));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, SYNC_COMMIT);
      health.committed();
    } catch (KafkaException e) {
      LOG.warn(
          "committing {} failed; their records after the last commit will be delivered again: {}",
          offsets.keySet(),
          e.toString());
    }
  }

  /** Finishes every lane and closes the consumer; {@code leave} leaves the group too. */
  private void retire(boolean leave) {
    if (consumer == null) {
      return;
    }
    try {
      finish(new ArrayList<>(lanes.values()));
    } catch (RuntimeException e) {
      LOG.warn("finishing the lanes failed: {}", e.toString());
    }
    lanes.clear();
    try {
      CloseOptions options = CloseOptions.timeout(Duration.ofSeconds(5));
      if (leave) {
        options =
            options.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
      }
      consumer.close(options);
    } catch (RuntimeException e) {
      LOG.warn("closing the Kafka consumer failed: {}", e.toString());
    }
    consumer = null;
  }

  /** How long ago the group coordinator answered a heartbeat, where the client reports it. */
  private Optional<Duration> sinceHeartbeat() {
    for (Map.Entry<MetricName, ? extends Metric> entry : consumer.metrics().entrySet()) {
      if (entry.getKey().name().equals("last-heartbeat-seconds-ago")
          && entry.getValue().metricValue() instanceof Number seconds
          && seconds.doubleValue() >= 0
          && seconds.doubleValue() < 1e9) {
        return Optional.of(Duration.ofMillis((long) (seconds.doubleValue() * 1000)));
      }
    }
    return Optional.empty();
  }

  private void updateLag() {
    long lag = 0;
    for (TopicPartition partition : consumer.assignment()) {
      lag += consumer.currentLag(partition).orElse(0);
    }
    metrics.kafkaLag(lag);
  }

  public ConsumerHealth health() {
    return health;
  }

  /** Stops polling, finishes and commits the records in flight, leaves the group. */
  @Override
  public void close() {
    running = false;
    if (thread == null) {
      return;
    }
    try {
      if (!exited.await(grace.toMillis() + 20_000, TimeUnit.MILLISECONDS)) {
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
          current.wakeup();
        }
        exited.await(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      List<PartitionLane> revoked = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        PartitionLane lane = lanes.remove(partition);
        if (lane != null) {
          revoked.add(lane);
        }
      }
      health.rebalancing();
      finish(revoked);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      health.assigned();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        PartitionLane lane = lanes.remove(partition);
        if (lane != null) {
          lane.end();
        }
      }
    }
  }
}
