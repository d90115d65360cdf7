package dev.skyless.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The age a cold start is measured from, against a wall clock that watched the spawn. */
class ProcessAgeTest {

  @TempDir Path dir;

  @Test
  void readsTheStartTicksAfterACommandWithSpacesAndParentheses() throws Exception {
    // field 22 (starttime) = 12345 ticks = 123.45 s after boot; now 125.00 s after boot
    String stat =
        "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 1 0 0 20 0 19 0 12345 "
            + "1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    assertThat(ProcessAge.age(stat, "125.00 400.10\n")).isEqualTo(Duration.ofMillis(1550));
    Files.createDirectories(dir.resolve("self"));
    Files.writeString(dir.resolve("self/stat"), stat);
    Files.writeString(dir.resolve("uptime"), "125.00 400.10\n");
    assertThat(ProcessAge.fromProc(dir)).contains(Duration.ofMillis(1550));
    assertThat(ProcessAge.fromProc(dir.resolve("absent"))).isEmpty();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aSpawnedProcessKnowsItsAgeToWithinAFewHundredthsOfTheWallClock() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    for (int run = 0; run < 3; run++) {
      long spawned = System.nanoTime();
      Process probe =
          new ProcessBuilder(java, "-cp", classPath, ProcessAgeProbe.class.getName(), "300")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String line;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
        line = out.readLine();
      }
      long wall = (System.nanoTime() - spawned) / 1_000_000;
      probe.waitFor();
      assertThat(line).startsWith("age ");
      long age = Long.parseLong(line.substring(4));
      // the probe printed a little before the line was read here; ticks are 10 ms
      assertThat(age).as("age %d ms, wall clock %d ms", age, wall).isBetween(wall - 150, wall + 20);
    }
  }
}
