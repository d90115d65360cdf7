package dev.skyless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skyless.cli.init.ProjectGenerator;
import java.io.File;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new user's journey, outside the repository's dependency management: {@code skyless init} in a
 * temporary folder, the real {@code mvn package} on the generated project (its own tests run), the
 * function started from {@code target/app} as {@code skyless dev} and images start it: a bad
 * setting is refused naming the variable, and the function's own log lines are JSON carrying the
 * caller's trace id. Needs {@code mvn} on the PATH and this build's artifacts in the local Maven
 * repository ({@code mvn install}, the README's commands, puts them there).
 */
class InitJourneyIT {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path work;

  @ParameterizedTest
  @EnumSource(ProjectGenerator.Template.class)
  void aGeneratedProjectBuildsWithStockMavenAndItsFunctionLogs(ProjectGenerator.Template template)
      throws Exception {
    Path bom =
        Path.of(System.getProperty("user.home"), ".m2", "repository", "dev", "skyless")
            .resolve("skyless-bom")
            .resolve(ProjectGenerator.SKYLESS_VERSION);
    assumeTrue(
        Files.isDirectory(bom), "the Skyless artifacts are not installed (run mvn install first)");
    assumeTrue(onPath("mvn"), "mvn is not on the PATH");

    Path dir = work.resolve("journey-fn");
    Cli.Run init =
        Cli.run(
            Cli.context(work, Map.of()),
            "init",
            "journey-fn",
            "--template",
            template.name(),
            "--dir",
            dir.toString());
    assertThat(init.exitCode()).as(init.err()).isZero();

    Process build =
        new ProcessBuilder("mvn", "-B", "-q", "package")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("build.log").toFile())
            .start();
    assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(build.exitValue()).as(Files.readString(work.resolve("build.log"))).isZero();
    List<String> app;
    try (var files = Files.list(dir.resolve("target/app"))) {
      app = files.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(app)
        .as("the BOM's versions, not Maven's nearest")
        .anyMatch(n -> n.startsWith("slf4j-api-2."))
        .noneMatch(n -> n.startsWith("slf4j-api-1."))
        .as("test support stays out of what images ship")
        .noneMatch(n -> n.contains("-testing"));
    Path runtimeJar =
        dir.resolve("target/app/skyless-runtime-" + ProjectGenerator.SKYLESS_VERSION + ".jar");
    try (var jar = new java.util.jar.JarFile(runtimeJar.toFile())) {
      assertThat(jar.stream().map(java.util.jar.JarEntry::getName))
          .noneMatch(n -> n.startsWith("dev/skyless/runtime/testing/"));
    }

    Process refused = runtime(dir, Map.of("SKYLESS_TIMEOUT", "bad")).start();
    assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String refusal = new String(refused.getInputStream().readAllBytes());
    assertThat(refused.exitValue()).as(refusal).isEqualTo(2);
    assertThat(refusal).contains("\"level\":\"ERROR\"", "SKYLESS_TIMEOUT", "'bad'");

    if (template != ProjectGenerator.Template.http) {
      return;
    }
    int port = freePort();
    Path log = work.resolve("function.log");
    Process served = start(dir, port, log);
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> reply =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                  .header("content-type", "application/json")
                  .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.body()).contains("Hello, Ada!");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!Files.readString(log).contains("greeting Ada") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      String line =
          Files.readAllLines(log).stream()
              .filter(l -> l.contains("greeting Ada"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no log line from the function"));
      assertThat(line).startsWith("{").contains("\"correlationId\":\"" + TRACE + "\"");
    } finally {
      served.destroy();
      served.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Process start(Path dir, int port, Path log) throws Exception {
    ProcessBuilder builder =
        runtime(dir, Map.of("PORT", Integer.toString(port), "SKYLESS_HOST", "127.0.0.1"))
            .redirectOutput(log.toFile());
    Process process = builder.start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return process;
        }
      } catch (java.io.IOException e) {
        // not yet listening
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new AssertionError("the function did not start:\n" + Files.readString(log));
  }

  /** The function as skyless dev and images run it: the runtime on target/app. */
  private static ProcessBuilder runtime(Path dir, Map<String, String> env) {
    ProcessBuilder builder =
        new ProcessBuilder(
                java(),
                "-cp",
                dir.resolve("target/app") + File.separator + "*",
                "dev.skyless.runtime.main.Main")
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder;
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static boolean onPath(String command) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
