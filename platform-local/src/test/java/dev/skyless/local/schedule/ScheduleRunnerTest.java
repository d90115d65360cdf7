package dev.skyless.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.contract.CronSchedule;
import dev.skyless.controller.function.model.FunctionSettings.ScheduleSettings;
import dev.skyless.local.function.LocalFunction;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dev scheduler on a test clock: virtual time, jumps where the test says the machine slept. */
class ScheduleRunnerTest {

  /** Time moves only when the runner waits; one wait can overshoot, as a suspended laptop's. */
  static final class TestClock implements ScheduleClock {
    Instant now;
    Instant sleepUntilThen;
    Duration overshoot = Duration.ZERO;

    TestClock(Instant start) {
      now = start;
    }

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void sleepUntil(Instant at) {
      Instant target = at;
      if (sleepUntilThen != null && !at.isBefore(sleepUntilThen)) {
        target = at.plus(overshoot);
        sleepUntilThen = null;
      }
      if (target.isAfter(now)) {
        now = target;
      }
    }
  }

  private static List<Instant> run(
      String cron, ZoneId zone, TestClock clock, int firings, List<String> log) {
    var schedule =
        new LocalFunction.Schedule(
            "fn",
            "t",
            "default",
            new ScheduleSettings(
                CronSchedule.parse(cron),
                zone,
                Optional.empty(),
                Optional.empty(),
                "default.fn.t.schedule"));
    List<Instant> fired = new ArrayList<>();
    Runnable runner =
        new ScheduleRunner(
            schedule,
            clock,
            (s, at) -> {
              fired.add(at);
              if (fired.size() == firings) {
                Thread.currentThread().interrupt();
              }
            },
            log::add);
    runner.run(); // on this thread: the clock is virtual, so it ends at once
    Thread.interrupted(); // the last firing stopped it so
    return fired;
  }

  @Test
  void everyMinuteFiresOncePerMinute() {
    TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:30Z"));
    List<Instant> fired = run("* * * * *", ZoneId.of("UTC"), clock, 3, new ArrayList<>());
    assertThat(fired)
        .containsExactly(
            Instant.parse("2026-12-02T10:01:00Z"),
            Instant.parse("2026-12-02T10:02:00Z"),
            Instant.parse("2026-12-02T10:03:00Z"));
  }

  @Test
  void aZoneAcrossTheSpringChangeFiresEveryDayOnceIncludingTheDayWithoutItsTime() {
    TestClock clock = new TestClock(Instant.parse("2026-03-27T12:00:00Z"));
    List<Instant> fired =
        run("30 2 * * *", ZoneId.of("Europe/Berlin"), clock, 4, new ArrayList<>());
    assertThat(fired)
        .containsExactly(
            Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
            Instant.parse("2026-03-29T01:00:00Z"), // no 02:30 that day: 03:00 CEST
            Instant.parse("2026-03-30T00:30:00Z"), // 02:30 CEST
            Instant.parse("2026-03-31T00:30:00Z"));
  }

  @Test
  void dailyAcrossTheAutumnChangeNeverFiresTwice() {
    TestClock clock = new TestClock(Instant.parse("2026-10-23T12:00:00Z"));
    List<Instant> fired = run("@daily", ZoneId.of("Europe/Berlin"), clock, 3, new ArrayList<>());
    assertThat(fired)
        .containsExactly(
            Instant.parse("2026-10-23T22:00:00Z"), // midnight CEST
            Instant.parse("2026-10-24T22:00:00Z"),
            Instant.parse("2026-10-25T23:00:00Z")); // midnight CET: the day had 25 hours
  }

  @Test
  void afterAPauseTheMissedFiringsAreCountedNotMadeUp() {
    TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:30Z"));
    clock.sleepUntilThen = Instant.parse("2026-12-02T10:02:00Z");
    clock.overshoot = Duration.ofMinutes(90).plusSeconds(20); // asleep from 10:02 to 11:32:20
    List<String> log = new ArrayList<>();
    List<Instant> fired = run("* * * * *", ZoneId.of("UTC"), clock, 3, log);
    assertThat(fired)
        .containsExactly(
            Instant.parse("2026-12-02T10:01:00Z"),
            Instant.parse("2026-12-02T11:33:00Z"),
            Instant.parse("2026-12-02T11:34:00Z"));
    assertThat(log)
        .singleElement()
        .asString()
        .contains("91 firings missed while paused")
        .contains("not made up for");
  }
}
