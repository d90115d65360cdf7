package dev.skyless.local.scale;

import dev.skyless.local.function.LocalFunction;
import dev.skyless.local.instance.Instance;
import dev.skyless.local.instance.InstanceLauncher;
import dev.skyless.local.instance.InstanceStartException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;

/**
 * The instances of one function, scaled the way Knative's autoscaler would: none until the first
 * request or event (which waits while one starts), another when requests in flight exceed {@code
 * target} per instance (up to {@code max}), down to {@code min} once an instance has idled for the
 * idle period. Thread-safe; the gateway and the Kafka deliveries share it.
 */
public final class FunctionPool implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration RETRY_WARM_AFTER = Duration.ofSeconds(10);

  private final LocalFunction function;
  private final InstanceLauncher launcher;
  private final Duration idle;
  private final PoolListener listener;
  private final ThreadFactory threads = Thread.ofVirtual().name("skyless-instance-", 0).factory();
  private final List<Slot> slots = new ArrayList<>();
  private final Deque<CompletableFuture<Lease>> waiters = new ArrayDeque<>();
  private long requests;
  private long coldStarts;
  private String lastError;
  private long lastFailureNanos;
  private boolean closed;

  public FunctionPool(
      LocalFunction function, InstanceLauncher launcher, Duration idle, PoolListener listener) {
    this.function = function;
    this.launcher = launcher;
    this.idle = idle;
    this.listener = listener;
  }

  public LocalFunction function() {
    return function;
  }

  /**
   * An instance for one request: at once when one is ready, else when one has started. Fails with
   * {@link InstanceStartException} when none could start.
   */
  public synchronized CompletableFuture<Lease> acquire() {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("skyless dev is stopping"));
    }
    requests++;
    Slot best = null;
    int ready = 0;
    int inFlight = waiters.size() + 1;
    for (Slot slot : slots) {
      inFlight += slot.inFlight;
      if (slot.instance != null) {
        ready++;
        if (best == null || slot.inFlight < best.inFlight) {
          best = slot;
        }
      }
    }
    int capacity = slots.size() * function.scale().target();
    boolean noneComing = best == null && slots.size() == ready;
    if (slots.size() < Math.max(1, function.scale().max()) && (noneComing || inFlight > capacity)) {
      start();
    }
    if (best != null) {
      best.inFlight++;
      return CompletableFuture.completedFuture(best);
    }
    CompletableFuture<Lease> waiter = new CompletableFuture<>();
    waiters.add(waiter);
    return waiter;
  }

  /** Stops instances idle past the idle period (keeping {@code min}); starts up to {@code min}. */
  public void tick() {
    List<Slot> idleSlots = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      List<Slot> ready =
          slots.stream()
              .filter(s -> s.instance != null)
              .sorted(Comparator.comparingLong(s -> s.lastUsed))
              .toList();
      int keep = function.scale().min();
      int removable = ready.size() - keep;
      for (Slot slot : ready) {
        if (removable <= 0) {
          break;
        }
        if (slot.inFlight == 0 && now - slot.lastUsed >= idle.toNanos()) {
          slots.remove(slot);
          idleSlots.add(slot);
          removable--;
        }
      }
      boolean backingOff = lastError != null && now - lastFailureNanos < RETRY_WARM_AFTER.toNanos();
      for (int i = slots.size(); i < function.scale().min() && !backingOff; i++) {
        start();
      }
    }
    for (Slot slot : idleSlots) {
      listener.onEvent(
          function.name(),
          "scaled down: stopped idle instance (pid " + slot.instance.pid() + ")",
          false);
      threads.newThread(() -> slot.instance.stop(STOP_GRACE)).start();
    }
  }

  /** The function's state now. */
  public synchronized PoolSnapshot snapshot() {
    int ready = 0;
    int inFlight = waiters.size();
    List<Long> pids = new ArrayList<>();
    for (Slot slot : slots) {
      inFlight += slot.inFlight;
      if (slot.instance != null) {
        ready++;
        pids.add(slot.instance.pid());
      }
    }
    int starting = slots.size() - ready;
    PoolSnapshot.State state =
        ready > 0
            ? PoolSnapshot.State.READY
            : starting > 0
                ? PoolSnapshot.State.STARTING
                : lastError != null ? PoolSnapshot.State.FAILED : PoolSnapshot.State.COLD;
    return new PoolSnapshot(
        function.name(), state, ready, starting, inFlight, requests, coldStarts, pids, lastError);
  }

  /** Stops every instance (in parallel) and fails requests still waiting. */
  @Override
  public void close() {
    List<Slot> toStop;
    List<CompletableFuture<Lease>> waiting;
    synchronized (this) {
      closed = true;
      toStop = new ArrayList<>(slots);
      slots.clear();
      waiting = new ArrayList<>(waiters);
      waiters.clear();
    }
    waiting.forEach(
        w -> w.completeExceptionally(new IllegalStateException("skyless dev is stopping")));
    List<Thread> stopping = new ArrayList<>();
    for (Slot slot : toStop) {
      if (slot.instance != null) {
        stopping.add(Thread.ofVirtual().start(() -> slot.instance.stop(STOP_GRACE)));
      } else {
        stopping.add(slot.launch); // stops its instance itself when it finds the pool closed
      }
    }
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void start() {
    Slot slot = new Slot();
    slots.add(slot);
    slot.launch = threads.newThread(() -> launch(slot));
    slot.launch.start();
  }

  private void launch(Slot slot) {
    long started = System.nanoTime();
    Instance instance;
    try {
      instance = launcher.launch(function);
    } catch (InstanceStartException e) {
      failed(slot, e);
      return;
    } catch (InterruptedException e) {
      failed(slot, new InstanceStartException(function.name() + ": start interrupted"));
      return;
    } catch (RuntimeException e) {
      failed(slot, new InstanceStartException(function.name() + ": " + e));
      return;
    }
    List<CompletableFuture<Lease>> handed = new ArrayList<>();
    synchronized (this) {
      if (closed || !slots.contains(slot)) {
        handed = null;
      } else {
        slot.instance = instance;
        slot.lastUsed = System.nanoTime();
        coldStarts++;
        lastError = null;
        while (!waiters.isEmpty()) {
          handed.add(waiters.poll());
          slot.inFlight++;
        }
      }
    }
    if (handed == null) {
      instance.stop(STOP_GRACE); // the pool closed while it started
      return;
    }
    listener.onEvent(
        function.name(),
        "started instance (pid "
            + instance.pid()
            + ", port "
            + instance.port()
            + ") in "
            + Duration.ofNanos(System.nanoTime() - started).toMillis()
            + " ms",
        false);
    instance.exited().thenRun(() -> exited(slot));
    for (CompletableFuture<Lease> waiter : handed) {
      if (!waiter.complete(slot)) {
        slot.release();
      }
    }
  }

  private void failed(Slot slot, InstanceStartException error) {
    List<CompletableFuture<Lease>> failing = new ArrayList<>();
    synchronized (this) {
      slots.remove(slot);
      lastError = error.getMessage();
      lastFailureNanos = System.nanoTime();
      if (slots.isEmpty()) {
        failing.addAll(waiters);
        waiters.clear();
      }
    }
    listener.onEvent(function.name(), "failed to start: " + error.getMessage(), true);
    failing.forEach(w -> w.completeExceptionally(error));
  }

  private void exited(Slot slot) {
    boolean unexpected;
    synchronized (this) {
      unexpected = slots.remove(slot);
    }
    if (unexpected) {
      // Unasked: it crashed or was killed (Ctrl-C in a terminal reaches instances too). The next
      // request starts another.
      listener.onEvent(function.name(), "instance (pid " + slot.instance.pid() + ") exited", true);
    }
  }

  /** One instance, or the place of one that is starting. */
  private final class Slot implements Lease {
    private volatile Instance instance;
    private Thread launch;
    private int inFlight;
    private long lastUsed = System.nanoTime();

    @Override
    public int port() {
      return instance.port();
    }

    @Override
    public void release() {
      synchronized (FunctionPool.this) {
        inFlight--;
        lastUsed = System.nanoTime();
      }
    }
  }
}
