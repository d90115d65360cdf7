package dev.skyless.local.telemetry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans {@code skyless dev} received, newest kept: at most {@link #MAX_SPANS}, the oldest
 * dropped first. Thread-safe.
 */
public final class TraceStore {

  /** Enough for a long session of clicking through a shop; a few MB. */
  public static final int MAX_SPANS = 20_000;

  private final int max;
  private final Deque<SpanRecord> spans = new ArrayDeque<>();

  public TraceStore() {
    this(MAX_SPANS);
  }

  TraceStore(int max) {
    this.max = max;
  }

  public synchronized void addAll(Collection<SpanRecord> received) {
    for (SpanRecord span : received) {
      spans.addLast(span);
      if (spans.size() > max) {
        spans.removeFirst();
      }
    }
  }

  /** The spans of one trace, by start time; empty when none is kept. */
  public synchronized List<SpanRecord> trace(String traceId) {
    List<SpanRecord> found = new ArrayList<>();
    for (SpanRecord span : spans) {
      if (span.traceId().equals(traceId)) {
        found.add(span);
      }
    }
    found.sort(Comparator.comparingLong(SpanRecord::startEpochNanos));
    return found;
  }

  /** The latest invocations (server and consumer spans), newest first. */
  public synchronized List<SpanRecord> invocations(int limit) {
    List<SpanRecord> found = new ArrayList<>();
    var newest = spans.descendingIterator();
    while (newest.hasNext() && found.size() < limit) {
      SpanRecord span = newest.next();
      if (span.isInvocation()) {
        found.add(span);
      }
    }
    found.sort(Comparator.comparingLong(SpanRecord::startEpochNanos).reversed());
    return found;
  }

  /** The latest traces, newest first: their spans by trace id. */
  public synchronized Map<String, List<SpanRecord>> traces(int limit) {
    Map<String, List<SpanRecord>> byTrace = new LinkedHashMap<>();
    var newest = spans.descendingIterator();
    while (newest.hasNext()) {
      SpanRecord span = newest.next();
      List<SpanRecord> trace = byTrace.get(span.traceId());
      if (trace == null) {
        if (byTrace.size() == limit) {
          continue;
        }
        trace = new ArrayList<>();
        byTrace.put(span.traceId(), trace);
      }
      trace.add(span);
    }
    byTrace.values().forEach(t -> t.sort(Comparator.comparingLong(SpanRecord::startEpochNanos)));
    return byTrace;
  }
}
