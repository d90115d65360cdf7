package dev.skyless.runtime.http;

import java.util.function.LongSupplier;

/** Token bucket: {@code rps} tokens a second, holding at most {@code burst}. Thread-safe. */
public final class RateLimiter {

  private final double perNano;
  private final double burst;
  private final LongSupplier clock;
  private double tokens;
  private long last;

  public RateLimiter(double rps, int burst) {
    this(rps, burst, System::nanoTime);
  }

  RateLimiter(double rps, int burst, LongSupplier clock) {
    this.perNano = rps / 1_000_000_000.0;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.getAsLong();
  }

  /**
   * Takes a token.
   *
   * @return 0 when taken, else the nanoseconds until one is available
   */
  public synchronized long tryAcquire() {
    long now = clock.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano);
  }
}
