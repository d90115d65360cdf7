package dev.skyless.local.schedule;

import java.time.Duration;
import java.time.Instant;

/** The time the scheduler reads and waits on; tests give it one that moves as they say. */
public interface ScheduleClock {

  Instant now();

  /** Returns at {@code at} or later (later when the machine was paused). */
  void sleepUntil(Instant at) throws InterruptedException;

  /** The machine's clock. */
  ScheduleClock SYSTEM =
      new ScheduleClock() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public void sleepUntil(Instant at) throws InterruptedException {
          while (true) {
            Duration left = Duration.between(Instant.now(), at);
            if (left.isNegative() || left.isZero()) {
              return;
            }
            // Short naps: a wall-clock change or a suspended laptop is noticed within a second.
            Thread.sleep(Math.min(left.toMillis() + 1, 1_000));
          }
        }
      };
}
