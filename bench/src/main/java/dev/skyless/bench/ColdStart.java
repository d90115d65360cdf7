package dev.skyless.bench;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cold start: spawns a fresh process N times and measures from spawn to the first 200 answer to a
 * CloudEvent POST (polling every 2 ms). Prints one line: label, median, min, max in ms.
 *
 * <p>Usage: {@code ColdStart <label> <runs> <port> -- <command...>}
 */
public final class ColdStart {

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    String label = args[0];
    int runs = Integer.parseInt(args[1]);
    int port = Integer.parseInt(args[2]);
    List<String> command = Arrays.asList(args).subList(4, args.length);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(200))
            .build();
    HttpRequest request = PingRequest.to(port, "cold-1");
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("PORT", Integer.toString(port));
      builder.redirectErrorStream(true).redirectOutput(new File("/dev/null"));
      long start = System.nanoTime();
      Process process = builder.start();
      try {
        while (true) {
          try {
            if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
              break;
            }
          } catch (java.io.IOException e) {
            if (!process.isAlive()) {
              throw new IllegalStateException(label + ": process exited " + process.exitValue());
            }
          }
          Thread.sleep(2);
        }
        millis.add((System.nanoTime() - start) / 1_000_000);
      } finally {
        process.destroy();
        process.waitFor();
      }
      Thread.sleep(300);
    }
    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf(
        "%s median_ms=%d min_ms=%d max_ms=%d runs=%s%n",
        label, sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast(), millis);
  }
}
