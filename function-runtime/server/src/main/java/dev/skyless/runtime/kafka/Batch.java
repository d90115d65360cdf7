package dev.skyless.runtime.kafka;

import dev.skyless.runtime.config.RuntimeConfig.Ordering;
import dev.skyless.runtime.kafka.RecordProcessor.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one poll, processed on virtual threads: in {@code ORDERED} mode one thread per
 * partition walks its records in offset order; in {@code UNORDERED} mode every record runs at once,
 * at most {@code maxInFlight} at a time. {@link #committable()} gives, per partition, the offset
 * after the longest run of finished records from the start, so a commit never skips one.
 */
final class Batch {

  private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
  private final Map<TopicPartition, Outcome[]> outcomes = new HashMap<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  Batch(ConsumerRecords<byte[], byte[]> polled) {
    for (TopicPartition partition : polled.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> list = polled.records(partition);
      records.put(partition, list);
      outcomes.put(partition, new Outcome[list.size()]);
    }
  }

  /** Starts processing; returns at once. */
  Batch start(
      RecordProcessor processor, Ordering ordering, int maxInFlight, ThreadFactory threads) {
    List<CompletableFuture<Void>> lanes = new ArrayList<>();
    if (ordering == Ordering.ORDERED) {
      for (var entry : records.entrySet()) {
        lanes.add(run(threads, () -> processInOrder(processor, entry.getKey(), entry.getValue())));
      }
    } else {
      Semaphore permits = new Semaphore(maxInFlight);
      for (var entry : records.entrySet()) {
        Outcome[] slots = outcomes.get(entry.getKey());
        List<ConsumerRecord<byte[], byte[]>> list = entry.getValue();
        for (int i = 0; i < list.size(); i++) {
          int index = i;
          lanes.add(
              run(
                  threads,
                  () -> {
                    permits.acquire();
                    try {
                      slots[index] = processor.process(list.get(index));
                    } finally {
                      permits.release();
                    }
                  }));
        }
      }
    }
    CompletableFuture.allOf(lanes.toArray(CompletableFuture<?>[]::new))
        .whenComplete((v, e) -> done.complete(null));
    return this;
  }

  private void processInOrder(
      RecordProcessor processor,
      TopicPartition partition,
      List<ConsumerRecord<byte[], byte[]>> list)
      throws InterruptedException {
    Outcome[] slots = outcomes.get(partition);
    for (int i = 0; i < list.size(); i++) {
      slots[i] = processor.process(list.get(i));
      if (slots[i] == Outcome.ABANDONED) {
        return;
      }
    }
  }

  private static CompletableFuture<Void> run(ThreadFactory threads, Work work) {
    CompletableFuture<Void> lane = new CompletableFuture<>();
    threads
        .newThread(
            () -> {
              try {
                work.run();
                lane.complete(null);
              } catch (Throwable e) {
                lane.completeExceptionally(e);
              }
            })
        .start();
    return lane;
  }

  boolean isDone() {
    return done.isDone();
  }

  /** Waits for every lane; true when done within {@code millis}. */
  boolean await(long millis) throws InterruptedException {
    try {
      done.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  java.util.Set<TopicPartition> partitions() {
    return records.keySet();
  }

  /** Offsets safe to commit: after the leading run of finished records of each partition. */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (var entry : records.entrySet()) {
      Outcome[] slots = outcomes.get(entry.getKey());
      int finished = 0;
      while (finished < slots.length
          && slots[finished] != null
          && slots[finished] != Outcome.ABANDONED) {
        finished++;
      }
      if (finished > 0) {
        long next = entry.getValue().get(finished - 1).offset() + 1;
        offsets.put(entry.getKey(), new OffsetAndMetadata(next));
      }
    }
    return offsets;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }
}
