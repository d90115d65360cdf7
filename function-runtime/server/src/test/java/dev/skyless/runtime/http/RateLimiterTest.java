package dev.skyless.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void allowsTheBurstThenRefillsAtTheRate() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(10, 3, now::get);

    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isZero();
    long wait = limiter.tryAcquire();
    assertThat(wait).isEqualTo(100_000_000L);

    now.addAndGet(wait);
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isPositive();

    now.addAndGet(10_000_000_000L);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire()).as("never more than the burst").isZero();
    }
    assertThat(limiter.tryAcquire()).isPositive();
  }
}
