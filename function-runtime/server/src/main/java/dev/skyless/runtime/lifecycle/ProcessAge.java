package dev.skyless.runtime.lifecycle;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How long ago this process was spawned, to the hundredth of a second: what a cold start is
 * measured from. {@code ProcessHandle.info().startInstant()} cannot serve: the JDK derives it from
 * the boot time in {@code /proc/stat}, which has whole seconds, so it overstated cold starts by up
 * to a second. Here both ends come from the kernel's one boot clock: the process's start in {@code
 * /proc/self/stat} (clock ticks since boot) and the time since boot in {@code /proc/uptime}
 * (hundredths of a second). Off Linux, the JVM's own start time (it misses the exec and the VM's
 * creation, some tens of milliseconds).
 */
public final class ProcessAge {

  /** USER_HZ: the unit of {@code /proc/<pid>/stat}'s times, 100 on every Linux ABI. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessAge() {}

  /** The time since this process was spawned. */
  public static Duration now() {
    return fromProc(Path.of("/proc"))
        .orElseGet(
            () ->
                Duration.ofMillis(
                    System.currentTimeMillis()
                        - ManagementFactory.getRuntimeMXBean().getStartTime()));
  }

  /** From {@code <proc>/self/stat} and {@code <proc>/uptime}, when they can be read. */
  static Optional<Duration> fromProc(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("self").resolve("stat"));
      String uptime = Files.readString(proc.resolve("uptime"));
      return Optional.of(age(stat, uptime));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * @param stat the process's {@code stat} line: the command (field 2) is in parentheses and may
   *     hold spaces, so fields are counted after its last ')'; {@code starttime} is field 22
   * @param uptime {@code /proc/uptime}: seconds since boot, then idle seconds
   */
  static Duration age(String stat, String uptime) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    long startTicks = Long.parseLong(fields[22 - 3]); // fields[0] is field 3 (state)
    double sinceBoot = Double.parseDouble(uptime.trim().split(" +")[0]);
    long millis = Math.round((sinceBoot - startTicks / TICKS_PER_SECOND) * 1000);
    return Duration.ofMillis(Math.max(0, millis));
  }
}
