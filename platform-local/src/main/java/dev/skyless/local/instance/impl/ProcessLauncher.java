package dev.skyless.local.instance.impl;

import dev.skyless.contract.RuntimeExitCodes;
import dev.skyless.local.Ports;
import dev.skyless.local.function.LocalFunction;
import dev.skyless.local.instance.Instance;
import dev.skyless.local.instance.InstanceLauncher;
import dev.skyless.local.instance.InstanceStartException;
import java.io.File;
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
import java.util.stream.Collectors;

/**
 * Starts an instance as a child JVM running {@code dev.skyless.runtime.main.Main} on the function's
 * class path, bound to 127.0.0.1 on a free port, its output appended to the function's log file;
 * ready once {@code /health/ready} answers 200.
 */
public final class ProcessLauncher implements InstanceLauncher {

  /** The runtime's entry point. */
  public static final String MAIN_CLASS = "dev.skyless.runtime.main.Main";

  private static final Duration PROBE_INTERVAL = Duration.ofMillis(5);

  private final Path java;
  private final List<String> jvmOptions;
  private final Path logDir;
  private final Duration startTimeout;
  private final java.util.function.Function<LocalFunction, Map<String, String>> extraEnv;
  private final HttpClient probe =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  /**
   * @param java the java launcher to run instances with
   * @param jvmOptions options before the class path ({@code -Xmx...})
   * @param logDir where {@code <function>.log} is written
   * @param startTimeout how long an instance may take to become ready
   * @param extraEnv the variables set on an instance of a function after its own (telemetry...)
   */
  public ProcessLauncher(
      Path java,
      List<String> jvmOptions,
      Path logDir,
      Duration startTimeout,
      java.util.function.Function<LocalFunction, Map<String, String>> extraEnv) {
    this.java = java;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.logDir = logDir;
    this.startTimeout = startTimeout;
    this.extraEnv = extraEnv;
  }

  /** The java launcher of this JVM. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Where a function's log is written. */
  public Path logFile(String function) {
    return logDir.resolve(function + ".log");
  }

  @Override
  public Instance launch(LocalFunction function)
      throws InstanceStartException, InterruptedException {
    int port = Ports.anyFree();
    Path log = logFile(function.name());
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    // Functions may call native code through FFM (the thumbnail workload's libvips): allowed, as
    // in the images, so the JVM does not warn on every instance.
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(
        function.classPath().stream()
            .map(Path::toString)
            .collect(Collectors.joining(File.pathSeparator)));
    command.add(MAIN_CLASS);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.putAll(function.env());
    env.put("PORT", Integer.toString(port));
    env.put("SKYLESS_HOST", "127.0.0.1");
    env.put("K_SERVICE", function.name());
    env.put("K_REVISION", function.name() + "-local");
    env.putAll(extraEnv.apply(function));
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process;
    try {
      Files.createDirectories(logDir);
      process = builder.start();
    } catch (IOException e) {
      throw new InstanceStartException(
          function.name() + ": could not start " + java + ": " + e.getMessage());
    }
    ProcessInstance instance = new ProcessInstance(process, port);
    awaitReady(function, instance, process, log);
    return instance;
  }

  private void awaitReady(LocalFunction function, Instance instance, Process process, Path log)
      throws InstanceStartException, InterruptedException {
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new InstanceStartException(
            function.name()
                + ": the process exited with code "
                + process.exitValue()
                + meaning(process.exitValue())
                + " before it was ready"
                + StartFailure.reason(log).map(r -> ": " + r).orElse(""),
            log);
      }
      try {
        if (probe.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(PROBE_INTERVAL);
    }
    instance.stop(Duration.ofSeconds(2));
    throw new InstanceStartException(
        function.name() + ": not ready after " + startTimeout.toSeconds() + " s", log);
  }

  private static String meaning(int exitCode) {
    String meaning = RuntimeExitCodes.meaning(exitCode);
    return meaning.isEmpty() ? "" : " (" + meaning + ")";
  }
}
