package dev.skyless.contract;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A cron schedule as a PingSource reads it (robfig/cron's standard parser, which Knative uses): five
 * fields (minute, hour, day of month, month, day of week; names such as {@code JAN} and {@code MON},
 * Sunday as {@code 0} (robfig refuses {@code 7}, so this does too), {@code ?} as {@code *}, lists,
 * ranges and steps) or a macro ({@code @yearly},
 * {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code
 * @hourly}). When both the day of month and the day of week are restricted, a day matching either
 * one fires, as in every cron; a field counts as unrestricted only when one of its entries is a bare
 * {@code *} or {@code ?} (or {@code *}/{@code ?} with step 1), as robfig counts it, so {@code *}{@code
 * /2} restricts.
 *
 * <p>Times are wall-clock times in the schedule's zone. Where the clocks go back, a time that
 * happens twice fires once, at its first occurrence; where they go forward, a time that does not
 * exist fires once, at the end of the gap (so a daily job at 02:30 still runs on that day).
 */
public final class CronSchedule {

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  private static final int SEARCH_YEARS = 5;

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(String expression, String[] fields) {
    this.expression = expression;
    this.minutes = field("minute", fields[0], 0, 59, null);
    this.hours = field("hour", fields[1], 0, 23, null);
    this.daysOfMonth = field("day of month", fields[2], 1, 31, null);
    this.months = field("month", fields[3], 1, 12, MONTHS);
    this.daysOfWeek = field("day of week", fields[4], 0, 6, DAYS);
    this.anyDayOfMonth = isAny(fields[2]);
    this.anyDayOfWeek = isAny(fields[4]);
  }

  /**
   * Parses {@code expression}.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  public static CronSchedule parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("is empty; give five fields or a macro such as @hourly");
    }
    String text = expression.trim();
    if (text.startsWith("CRON_TZ=") || text.startsWith("TZ=")) {
      throw new IllegalArgumentException(
          "'" + text + "' names its zone inline; put the zone in timeZone instead");
    }
    if (text.startsWith("@")) {
      String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
      if (macro == null) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is not a known macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight,"
                + " @hourly)");
      }
      return new CronSchedule(text, macro.split(" "));
    }
    String[] fields = text.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has "
              + fields.length
              + " fields; a cron schedule has five (minute hour day-of-month month day-of-week)");
    }
    CronSchedule schedule = new CronSchedule(text, fields);
    if (schedule.neverFires()) {
      throw new IllegalArgumentException("'" + text + "' names a day that never comes");
    }
    return schedule;
  }

  /**
   * Checks an IANA time zone name as PingSource does ({@code time.LoadLocation}).
   *
   * @throws IllegalArgumentException when the name is not a zone this JDK knows
   */
  public static ZoneId zone(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("is empty; give an IANA zone such as Europe/Berlin");
    }
    try {
      ZoneId zone = ZoneId.of(name);
      if (zone instanceof java.time.ZoneOffset || name.matches("(?i)(UTC|GMT|UT)[+-].*")) {
        throw new DateTimeException(name);
      }
      return zone;
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + name + "' is not an IANA time zone (such as UTC or Europe/Berlin)");
    }
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  /**
   * The first firing strictly after {@code after}, in {@code zone}; empty when there is none in the
   * next five years.
   */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    LocalDateTime start =
        LocalDateTime.ofInstant(after, zone).withSecond(0).withNano(0).plusMinutes(1);
    LocalDate day = start.toLocalDate();
    LocalDate end = day.plusYears(SEARCH_YEARS);
    for (; !day.isAfter(end); day = day.plusDays(1)) {
      if (!months.get(day.getMonthValue()) || !dayMatches(day)) {
        continue;
      }
      int fromHour = day.equals(start.toLocalDate()) ? start.getHour() : 0;
      for (int h = hours.nextSetBit(fromHour); h >= 0; h = hours.nextSetBit(h + 1)) {
        int fromMinute =
            day.equals(start.toLocalDate()) && h == start.getHour() ? start.getMinute() : 0;
        for (int m = minutes.nextSetBit(fromMinute); m >= 0; m = minutes.nextSetBit(m + 1)) {
          Instant at = resolve(LocalDateTime.of(day, LocalTime.of(h, m)), zone);
          if (at.isAfter(after)) {
            return Optional.of(at);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A wall-clock time as an instant: the first of two in an overlap, the gap's end in a gap. */
  private static Instant resolve(LocalDateTime local, ZoneId zone) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition == null) {
      return local.atZone(zone).toInstant();
    }
    return transition.isGap()
        ? transition.getInstant()
        : local.toInstant(transition.getOffsetBefore());
  }

  private boolean dayMatches(LocalDate day) {
    boolean dom = daysOfMonth.get(day.getDayOfMonth());
    boolean dow =
        daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  private boolean neverFires() {
    if (!anyDayOfWeek) {
      return false;
    }
    for (int month = months.nextSetBit(1); month >= 0; month = months.nextSetBit(month + 1)) {
      int longest =
          month == 2 ? 29 : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
      if (daysOfMonth.nextSetBit(1) <= longest) {
        return false;
      }
    }
    return true;
  }

  /** As robfig's star bit: an entry {@code *} or {@code ?} without a step above 1. */
  private static boolean isAny(String field) {
    for (String part : field.split(",")) {
      String[] rangeAndStep = part.split("/", 2);
      boolean star = rangeAndStep[0].equals("*") || rangeAndStep[0].equals("?");
      if (star && (rangeAndStep.length == 1 || rangeAndStep[1].equals("1"))) {
        return true;
      }
    }
    return false;
  }

  private static BitSet field(String name, String text, int min, int max, String[] names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException(
            "the " + name + " field '" + text + "' has an empty entry");
      }
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(name, part.substring(slash + 1), 1, max - min + 1, null);
      }
      int low;
      int high;
      if (range.equals("*") || range.equals("?")) {
        low = min;
        high = max;
      } else {
        int dash = range.indexOf('-');
        if (dash >= 0) {
          low = number(name, range.substring(0, dash), min, max, names);
          high = number(name, range.substring(dash + 1), min, max, names);
          if (high < low) {
            throw new IllegalArgumentException(
                "the " + name + " range '" + range + "' runs backwards");
          }
        } else {
          low = number(name, range, min, max, names);
          high = slash >= 0 ? max : low;
        }
      }
      for (int i = low; i <= high; i += step) {
        bits.set(i);
      }
    }
    return bits;
  }

  private static int number(String name, String text, int min, int max, String[] names) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(text)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "the "
                + name
                + " "
                + value
                + " is out of range "
                + min
                + "-"
                + max
                + (names == DAYS && value == 7 ? " (Sunday is 0 or SUN)" : ""));
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the "
              + name
              + " field has '"
              + text
              + "', which is not a number"
              + (names == null ? "" : " or a name"));
    }
  }

  @Override
  public String toString() {
    return expression;
  }
}
