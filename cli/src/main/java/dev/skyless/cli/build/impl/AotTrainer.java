package dev.skyless.cli.build.impl;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Makes a Java AOT cache (JEP 483/514) by a training run: starts the function on the staged class
 * path with {@code -XX:AOTCacheOutput}, sends it a few requests, stops it; the JVM writes the cache
 * as it exits. The JVM accepts the cache when the image's class path has the same layout, even
 * under another folder, and ignores it (starting normally) when the image's JDK differs.
 */
final class AotTrainer {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path java;

  AotTrainer(Path java) {
    this.java = java;
  }

  /**
   * @param classPath the staged jars, in the order the image lists them
   * @param cache where to write the cache
   * @return the cache, or empty (with the reason in {@code log}) when training failed
   */
  Optional<Path> train(List<Path> classPath, Optional<String> handler, Path cache, Path log)
      throws IOException, InterruptedException {
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "--enable-native-access=ALL-UNNAMED", // as the image runs it
            "-XX:AOTCacheOutput=" + cache,
            "-cp",
            classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
            "dev.skyless.runtime.main.Main");
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("SKYLESS_HOST", "127.0.0.1");
    handler.ifPresent(h -> builder.environment().put("SKYLESS_FUNCTION", h));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    try {
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(1))
              .build();
      String base = "http://127.0.0.1:" + port;
      if (!awaitReady(http, base, process)) {
        return Optional.empty();
      }
      // Exercise the paths every call takes: plain JSON, a CloudEvent, health, metrics. The
      // function may well refuse these inputs; the runtime's classes are loaded all the same.
      for (int i = 0; i < 20; i++) {
        send(http, HttpRequest.newBuilder(URI.create(base + "/")).POST(json("{}")));
        send(
            http,
            HttpRequest.newBuilder(URI.create(base + "/"))
                .header("ce-specversion", "1.0")
                .header("ce-id", "training-" + i)
                .header("ce-source", "/skyless/build")
                .header("ce-type", "dev.skyless.training")
                .POST(json("{}")));
        send(http, HttpRequest.newBuilder(URI.create(base + "/health/ready")).GET());
      }
      send(http, HttpRequest.newBuilder(URI.create(base + "/metrics")).GET());
    } finally {
      process.destroy(); // SIGTERM: a clean exit, which is when the cache is written
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    return Files.isRegularFile(cache) && Files.size(cache) > 0
        ? Optional.of(cache)
        : Optional.empty();
  }

  private static HttpRequest.BodyPublisher json(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  private static void send(HttpClient http, HttpRequest.Builder request)
      throws InterruptedException {
    try {
      http.send(
          request
              .header("content-type", "application/json")
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // a failed training call only makes the cache smaller
    }
  }

  private static boolean awaitReady(HttpClient http, String base, Process process)
      throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(base + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
