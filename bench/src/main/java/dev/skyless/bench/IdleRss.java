package dev.skyless.bench;

import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Idle resident memory: starts the process, sends one CloudEvent POST, waits a few seconds idle,
 * reads VmRSS from /proc. Prints: label and RSS in MB.
 *
 * <p>Usage: {@code IdleRss <label> <port> -- <command...>}
 */
public final class IdleRss {

  private IdleRss() {}

  public static void main(String[] args) throws Exception {
    String label = args[0];
    int port = Integer.parseInt(args[1]);
    List<String> command = Arrays.asList(args).subList(3, args.length);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(new File("/dev/null"));
    Process process = builder.start();
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request = PingRequest.to(port, "rss-1");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        try {
          if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            break;
          }
        } catch (java.io.IOException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        Thread.sleep(20);
      }
      Thread.sleep(5000);
      long kb =
          Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElseThrow();
      System.out.printf("%s idle_rss_mb=%.1f%n", label, kb / 1024.0);
    } finally {
      process.destroy();
      process.waitFor();
    }
  }
}
