package dev.skyless.local.schedule;

import dev.skyless.local.function.LocalFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Fires one schedule trigger for as long as it runs: waits for the next time its cron expression
 * names in its zone ({@link dev.skyless.contract.CronSchedule#next}, so daylight-saving changes are
 * followed and a time is never fired twice), then hands the firing on. A firing found more than
 * {@link #LATE} late (the machine slept, the process was stopped) is not made up for: the missed
 * ones are counted in one line and the schedule goes on from now, so a pause never ends in a storm
 * of catch-up calls.
 */
public final class ScheduleRunner implements Runnable {

  /** How late a firing may be and still be made. */
  public static final Duration LATE = Duration.ofMinutes(1);

  /** Makes one firing; a failure is told and the schedule goes on. */
  @FunctionalInterface
  public interface Firing {
    void fire(LocalFunction.Schedule schedule, Instant at) throws Exception;
  }

  private final LocalFunction.Schedule schedule;
  private final ScheduleClock clock;
  private final Firing firing;
  private final Consumer<String> log;

  public ScheduleRunner(
      LocalFunction.Schedule schedule, ScheduleClock clock, Firing firing, Consumer<String> log) {
    this.schedule = schedule;
    this.clock = clock;
    this.firing = firing;
    this.log = log;
  }

  @Override
  public void run() {
    var settings = schedule.settings();
    Instant last = clock.now();
    while (!Thread.currentThread().isInterrupted()) {
      Optional<Instant> next = settings.cron().next(last, settings.zone());
      if (next.isEmpty()) {
        log.accept(
            "schedule " + schedule.trigger() + ": '" + settings.cron() + "' never fires again");
        return;
      }
      try {
        clock.sleepUntil(next.get());
      } catch (InterruptedException e) {
        return;
      }
      Instant now = clock.now();
      if (now.isAfter(next.get().plus(LATE))) {
        int missed = 0;
        for (Instant t = next.get(); t != null && !t.isAfter(now); ) {
          missed++;
          t = settings.cron().next(t, settings.zone()).orElse(null);
        }
        log.accept(
            "schedule "
                + schedule.trigger()
                + ": "
                + missed
                + (missed == 1 ? " firing" : " firings")
                + " missed while paused (the first due at "
                + next.get()
                + "); not made up for");
        last = now;
        continue;
      }
      try {
        firing.fire(schedule, next.get());
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        log.accept(
            "schedule "
                + schedule.trigger()
                + ": the firing due at "
                + next.get()
                + " failed: "
                + e.getMessage());
      }
      last = next.get();
    }
  }
}
