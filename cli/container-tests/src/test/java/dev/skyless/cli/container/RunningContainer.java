package dev.skyless.cli.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A container started by {@code podman run} in the foreground, as the kubelet's runtime would hold
 * it: stdout and stderr kept apart, SIGTERM through podman's signal proxy, the exit code.
 */
final class RunningContainer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final long startedNanos;
  final PodRun run;
  final int port;

  private RunningContainer(
      Process process, Path stdout, Path stderr, long started, PodRun run, int port) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.startedNanos = started;
    this.run = run;
    this.port = port;
  }

  static RunningContainer start(Podman podman, PodRun run, int port, Path dir) throws IOException {
    List<String> command = new ArrayList<>(podman.command("run"));
    command.addAll(run.args());
    Path out = dir.resolve(run.args().get(2) + ".stdout");
    Path err = dir.resolve(run.args().get(2) + ".stderr");
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new RunningContainer(process, out, err, started, run, port);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /**
   * Polls with a CloudEvent POST until it is answered 200 (what Knative's activator forwards first
   * on a cold start): the time since {@code podman run} began.
   */
  Duration awaitFirstAnswer(HttpRequest request, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the container exited (" + process.exitValue() + "):\n" + logs());
      }
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no 200 within " + timeout + ":\n" + logs());
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest cloudEvent(String url, String id, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "/skyless/container-test")
        .header("ce-type", "dev.skyless.test")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  static HttpRequest json(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** Every stdout line parsed as JSON (a line that is not JSON fails the test). */
  List<Map<String, Object>> jsonLines() throws IOException {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : Files.readAllLines(stdout)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = JSON.readValue(line, Map.class);
        lines.add(parsed);
      } catch (IOException e) {
        throw new AssertionError("a stdout line is not JSON: " + line, e);
      }
    }
    return lines;
  }

  String logs() throws IOException {
    return "stdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr);
  }

  String stderr() throws IOException {
    return Files.readString(stderr);
  }

  /** SIGTERM (podman forwards it to the container's process), as the kubelet sends it. */
  void terminate() {
    process.destroy();
  }

  /** Waits for the container to end: its exit code. */
  int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the container did not exit within " + timeout + ":\n" + logs());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
