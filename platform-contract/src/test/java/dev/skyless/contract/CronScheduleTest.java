package dev.skyless.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static List<Instant> firings(String cron, ZoneId zone, Instant from, int count) {
    CronSchedule schedule = CronSchedule.parse(cron);
    List<Instant> out = new ArrayList<>();
    Instant at = from;
    for (int i = 0; i < count; i++) {
      at = schedule.next(at, zone).orElseThrow();
      out.add(at);
    }
    return out;
  }

  @Test
  void everyMinuteFiresOnEachMinuteStrictlyAfter() {
    assertThat(firings("* * * * *", UTC, Instant.parse("2026-12-02T10:00:30Z"), 3))
        .containsExactly(
            Instant.parse("2026-12-02T10:01:00Z"),
            Instant.parse("2026-12-02T10:02:00Z"),
            Instant.parse("2026-12-02T10:03:00Z"));
    assertThat(firings("* * * * *", UTC, Instant.parse("2026-12-02T10:01:00Z"), 1))
        .containsExactly(Instant.parse("2026-12-02T10:02:00Z"));
  }

  @Test
  void dailyIsMidnightInTheZone() {
    assertThat(firings("@daily", BERLIN, Instant.parse("2026-12-02T10:00:00Z"), 2))
        .containsExactly(
            Instant.parse("2026-12-02T23:00:00Z"), Instant.parse("2026-12-03T23:00:00Z"));
    assertThat(firings("@hourly", UTC, Instant.parse("2026-12-02T10:59:59Z"), 1))
        .containsExactly(Instant.parse("2026-12-02T11:00:00Z"));
    assertThat(firings("@monthly", UTC, Instant.parse("2026-12-02T00:00:00Z"), 1))
        .containsExactly(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void aTimeInTheSpringGapFiresOnceAtTheGapsEnd() {
    // Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:30 does not exist that day.
    assertThat(firings("30 2 * * *", BERLIN, Instant.parse("2026-03-28T12:00:00Z"), 3))
        .containsExactly(
            Instant.parse("2026-03-29T01:00:00Z"), // 03:00 CEST: the gap's end
            Instant.parse("2026-03-30T00:30:00Z"),
            Instant.parse("2026-03-31T00:30:00Z"))
        .doesNotHaveDuplicates();
  }

  @Test
  void theHourRepeatedInAutumnFiresOnce() {
    // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
    List<Instant> got = firings("30 2 * * *", BERLIN, Instant.parse("2026-10-24T12:00:00Z"), 3);
    assertThat(got)
        .containsExactly(
            Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST, the first of the two
            Instant.parse("2026-10-26T01:30:00Z"),
            Instant.parse("2026-10-27T01:30:00Z"));
  }

  @Test
  void everyFifteenMinutesAcrossBothChangesNeverRepeatsAndSkipsOnlyTheGap() {
    List<Instant> spring =
        firings("*/15 * * * *", BERLIN, Instant.parse("2026-03-29T00:40:00Z"), 4);
    // 01:45 CET (00:45Z), then the gap: 02:00, 02:15, 02:30, 02:45 all fall to 03:00 CEST once.
    assertThat(spring)
        .containsExactly(
            Instant.parse("2026-03-29T00:45:00Z"),
            Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-03-29T01:15:00Z"),
            Instant.parse("2026-03-29T01:30:00Z"));
    List<Instant> autumn =
        firings("*/15 * * * *", BERLIN, Instant.parse("2026-10-25T00:40:00Z"), 4);
    assertThat(autumn).doesNotHaveDuplicates().isSorted();
    assertThat(autumn.getFirst()).isEqualTo(Instant.parse("2026-10-25T00:45:00Z"));
  }

  @Test
  void dayOfMonthAndDayOfWeekBothRestrictedMeansEither() {
    // The 13th, or any Friday, at 09:00 UTC.
    List<Instant> got = firings("0 9 13 * FRI", UTC, Instant.parse("2026-11-30T00:00:00Z"), 3);
    assertThat(got)
        .containsExactly(
            Instant.parse("2026-12-04T09:00:00Z"), // Friday
            Instant.parse("2026-12-11T09:00:00Z"), // Friday
            Instant.parse("2026-12-13T09:00:00Z")); // Sunday the 13th
  }

  @Test
  void namesRangesAndSteps() {
    assertThat(firings("0 7 * * MON-FRI", BERLIN, Instant.parse("2026-12-04T12:00:00Z"), 1))
        .containsExactly(
            ZonedDateTime.parse("2026-12-07T07:00:00+01:00[Europe/Berlin]").toInstant());
    assertThat(firings("0 0 * * SUN", UTC, Instant.parse("2026-12-02T00:00:00Z"), 1))
        .containsExactly(Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(firings("0 0 1 jan,jul *", UTC, Instant.parse("2026-12-02T00:00:00Z"), 2))
        .containsExactly(
            Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2027-07-01T00:00:00Z"));
    assertThat(firings("5/20 * * * *", UTC, Instant.parse("2026-12-02T10:00:00Z"), 3))
        .containsExactly(
            Instant.parse("2026-12-02T10:05:00Z"),
            Instant.parse("2026-12-02T10:25:00Z"),
            Instant.parse("2026-12-02T10:45:00Z"));
  }

  @Test
  void aSteppedDayOfWeekStopsAtSaturday() {
    // Monday, Wednesday, Friday: robfig's day of week ends at 6, so 1/2 never reaches Sunday.
    List<Instant> got = firings("0 0 * * 1/2", UTC, Instant.parse("2026-11-29T12:00:00Z"), 4);
    assertThat(got)
        .containsExactly(
            Instant.parse("2026-11-30T00:00:00Z"),
            Instant.parse("2026-12-02T00:00:00Z"),
            Instant.parse("2026-12-04T00:00:00Z"),
            Instant.parse("2026-12-07T00:00:00Z"));
  }

  @Test
  void aSteppedStarRestrictsItsDayField() {
    // */2 in the day of week is Sunday, Tuesday, Thursday, Saturday and restricts that field, so
    // with the 1st of the month restricted too, either one fires (robfig drops the star bit for a
    // step above 1). */1 stays unrestricted: only the 1st fires.
    assertThat(firings("0 0 1 * */2", UTC, Instant.parse("2026-11-30T12:00:00Z"), 3))
        .containsExactly(
            Instant.parse("2026-12-01T00:00:00Z"), // Tuesday the 1st
            Instant.parse("2026-12-03T00:00:00Z"), // Thursday
            Instant.parse("2026-12-05T00:00:00Z")); // Saturday
    assertThat(firings("0 0 1 * */1", UTC, Instant.parse("2026-11-30T12:00:00Z"), 2))
        .containsExactly(
            Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(firings("0 0 */2 * MON", UTC, Instant.parse("2026-12-01T12:00:00Z"), 3))
        .containsExactly(
            Instant.parse("2026-12-03T00:00:00Z"), // the 3rd
            Instant.parse("2026-12-05T00:00:00Z"), // the 5th
            Instant.parse("2026-12-07T00:00:00Z")); // the 7th, a Monday
    assertThat(CronSchedule.parse("0 0 31 2 */2").expression()).isEqualTo("0 0 31 2 */2");
  }

  @Test
  void theTwentyNinthOfFebruaryWaitsForALeapYear() {
    assertThat(firings("0 0 29 2 *", UTC, Instant.parse("2026-12-02T00:00:00Z"), 1))
        .containsExactly(Instant.parse("2028-02-29T00:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "*/5 * * *|has 4 fields",
        "60 * * * *|minute 60 is out of range 0-59",
        "* 24 * * *|hour 24 is out of range 0-23",
        "* * 0 * *|day of month 0 is out of range 1-31",
        "* * * 13 *|month 13 is out of range 1-12",
        "* * * * 7|day of week 7 is out of range 0-6 (Sunday is 0 or SUN)",
        "* * * * 5-7|day of week 7 is out of range 0-6",
        "* * * FOO *|'FOO', which is not a number or a name",
        "5-1 * * * *|runs backwards",
        "@fortnightly|not a known macro",
        "CRON_TZ=Europe/Berlin * * * * *|put the zone in timeZone",
        "0 0 31 2 *|names a day that never comes",
        "1,,2 * * * *|has an empty entry"
      })
  void malformedExpressionsAreRefusedSayingWhy(String cron, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(cron))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void zonesAreIanaNames() {
    assertThat(CronSchedule.zone("Europe/Berlin")).isEqualTo(BERLIN);
    assertThat(CronSchedule.zone("UTC")).isEqualTo(UTC);
    for (String bad : List.of("Mars/Olympus", "+02:00", "UTC+1", "Local", "")) {
      assertThatThrownBy(() -> CronSchedule.zone(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
