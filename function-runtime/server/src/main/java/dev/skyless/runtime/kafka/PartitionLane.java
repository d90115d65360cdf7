package dev.skyless.runtime.kafka;

import dev.skyless.runtime.config.RuntimeConfig.Ordering;
import dev.skyless.runtime.kafka.RecordProcessor.Outcome;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One assigned partition's records, from polled to committable, and the work on them. In {@code
 * ORDERED} mode one virtual thread walks them in offset order; in {@code UNORDERED} mode each runs
 * on its own virtual thread, at most as many at once as the shared permits allow. A lane never
 * waits for another partition's lane.
 *
 * <p>{@link #committable()} is the offset after the leading run of finished records, so a commit
 * never passes a record that was not processed. When processing ends early (an exception, or a
 * record given up because the lane is ending), the lane takes no more work and asks for a {@link
 * #rewind}: once it is idle, the poll thread seeks the partition back to its first unfinished
 * record and the lane goes on from there.
 *
 * <p>The poll thread adds records and reads offsets; workers finish records; both under the lane's
 * monitor, which is also what {@link #pause} waits on. When the backlog falls to {@code lowMark}
 * (where a paused partition resumes) or the lane stops early, it tells the poll thread.
 */
final class PartitionLane implements StopSignal {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionLane.class);

  private static final class Slot {
    final ConsumerRecord<byte[], byte[]> record;
    boolean done;

    Slot(ConsumerRecord<byte[], byte[]> record) {
      this.record = record;
    }
  }

  private final TopicPartition partition;
  private final RecordProcessor processor;
  private final Ordering ordering;
  private final Semaphore permits;
  private final ThreadFactory threads;
  private final int lowMark;
  private final Runnable drained;

  /** Polled and not yet part of the committable prefix, in offset order. */
  private final ArrayDeque<Slot> window = new ArrayDeque<>();

  /** ORDERED: polled and not started. */
  private final ArrayDeque<Slot> queue = new ArrayDeque<>();

  private int workers;
  private boolean ending;
  private long rewindTo = -1;
  private long committable = -1;
  private long committed = -1;

  PartitionLane(
      TopicPartition partition,
      RecordProcessor processor,
      Ordering ordering,
      Semaphore permits,
      ThreadFactory threads,
      int lowMark,
      Runnable drained) {
    this.partition = partition;
    this.processor = processor;
    this.ordering = ordering;
    this.permits = permits;
    this.threads = threads;
    this.lowMark = lowMark;
    this.drained = drained;
  }

  TopicPartition partition() {
    return partition;
  }

  /** Takes polled records (in offset order); ignored while a rewind is pending or once ending. */
  synchronized void add(List<ConsumerRecord<byte[], byte[]>> records) {
    if (ending || rewindTo >= 0) {
      return;
    }
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Slot slot = new Slot(record);
      window.add(slot);
      if (ordering == Ordering.ORDERED) {
        queue.add(slot);
      } else {
        workers++;
        threads.newThread(() -> runUnordered(slot)).start();
      }
    }
    if (ordering == Ordering.ORDERED && workers == 0 && !queue.isEmpty()) {
      workers = 1;
      threads.newThread(this::runOrdered).start();
    }
  }

  private void runOrdered() {
    while (true) {
      Slot slot;
      synchronized (this) {
        if (ending || rewindTo >= 0 || queue.isEmpty()) {
          workers = 0;
          notifyAll();
          return;
        }
        slot = queue.poll();
      }
      process(slot);
    }
  }

  private void runUnordered(Slot slot) {
    try {
      permits.acquire();
      try {
        synchronized (this) {
          if (ending || rewindTo >= 0) {
            rewindFrom(slot.record.offset());
            return;
          }
        }
        process(slot);
      } finally {
        permits.release();
      }
    } catch (InterruptedException e) {
      synchronized (this) {
        rewindFrom(slot.record.offset());
      }
    } finally {
      synchronized (this) {
        workers--;
        notifyAll();
      }
    }
  }

  private void process(Slot slot) {
    // A stale interrupt must not carry into a record: nothing in the lane is stopped by one.
    Thread.interrupted();
    Outcome outcome = null;
    try {
      outcome = processor.process(slot.record, this);
    } catch (InterruptedException e) {
      LOG.warn("{}@{} was interrupted; reading it again", partition, slot.record.offset());
    } catch (RuntimeException | Error e) {
      LOG.error("{}@{} failed in the lane; reading it again", partition, slot.record.offset(), e);
    }
    boolean signal;
    synchronized (this) {
      int before = window.size();
      if (outcome == Outcome.PROCESSED || outcome == Outcome.DEAD_LETTERED) {
        slot.done = true;
        while (!window.isEmpty() && window.peek().done) {
          committable = window.poll().record.offset() + 1;
        }
      } else {
        rewindFrom(slot.record.offset());
      }
      int after = window.size();
      signal = (before > lowMark && after <= lowMark) || rewindTo >= 0;
    }
    if (signal) {
      drained.run(); // the poll thread may resume or rewind this partition now
    }
  }

  private void rewindFrom(long offset) {
    rewindTo = rewindTo < 0 ? offset : Math.min(rewindTo, offset);
    notifyAll();
  }

  /** Records polled and not yet committable (what flow control bounds). */
  synchronized int backlog() {
    return window.size();
  }

  /** True when no record of this lane is being processed. */
  synchronized boolean idle() {
    return workers == 0;
  }

  /** True when the lane stopped early and waits to be read again from {@link #rewind}. */
  synchronized boolean rewindPending() {
    return rewindTo >= 0;
  }

  /**
   * Once idle after an early stop: forgets every record from the first unfinished one on and
   * returns its offset, where the partition must be read again.
   */
  synchronized long rewind() {
    long offset = rewindTo;
    window.removeIf(slot -> slot.record.offset() >= offset);
    queue.clear();
    rewindTo = -1;
    return offset;
  }

  /** The offset to commit (after the leading run of finished records), or -1 if none is new. */
  synchronized long uncommitted() {
    return committable > committed ? committable : -1;
  }

  synchronized void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  /** Takes no more work; wakes records waiting in backoff so they give up. */
  synchronized void end() {
    ending = true;
    queue.clear();
    notifyAll();
  }

  /** Waits until no record is being processed; true when idle within {@code millis}. */
  synchronized boolean awaitIdle(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (workers > 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  @Override
  public synchronized boolean stopping() {
    return ending || rewindTo >= 0;
  }

  @Override
  public synchronized boolean pause(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!stopping()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return true;
      }
      wait(left);
    }
    return false;
  }
}
