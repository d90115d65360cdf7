package dev.skyless.local.services.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * s3proxy as a child JVM: the S3 API over jclouds' filesystem store, so objects are files under the
 * store's folder and survive restarts. Requests are signed (AWS signature V2 or V4) with the
 * store's key pair, as they are against a real store. It listens on a free port on 127.0.0.1 that
 * only the {@link NotifyingS3Proxy} in front of it uses. It runs from its own all-in-one jar, so
 * its libraries never meet the platform's.
 */
final class S3ProxyProcess implements AutoCloseable {

  /** Names the s3proxy jar: a system property, for tests and unusual installs. */
  static final String JAR_PROPERTY = "skyless.s3proxy.jar";

  /** Where the CLI distribution keeps it: {@code <skyless.install>/lib/s3proxy/s3proxy.jar}. */
  static final String INSTALL_PROPERTY = "skyless.install";

  private final Process process;
  private final int port;
  private final Thread killer;

  private S3ProxyProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    // However this JVM ends, the child ends with it.
    this.killer = Thread.ofPlatform().unstarted(process::destroy);
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * @param objects the folder holding one folder per bucket
   * @throws IllegalStateException when s3proxy cannot be found or does not start, with its log
   */
  static S3ProxyProcess start(
      String name,
      int port,
      Path objects,
      Path logFile,
      String accessKey,
      String secretKey,
      Duration timeout) {
    Path jar = jar();
    try {
      Files.createDirectories(objects);
      Files.createDirectories(logFile.getParent());
      Path conf = logFile.resolveSibling(name + ".s3proxy.properties");
      Files.deleteIfExists(conf);
      Files.createFile(conf, OWNER_ONLY); // it holds the store's secret key
      Files.writeString(
          conf,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + accessKey,
              "s3proxy.credential=" + secretKey,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + objects.toAbsolutePath(),
              ""));
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx192m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-jar",
              jar.toString(),
              "--properties",
              conf.toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile())
              .start();
      S3ProxyProcess started = new S3ProxyProcess(process, port);
      try {
        started.awaitReady(logFile, timeout);
      } catch (InterruptedException e) {
        started.close();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while s3proxy started", e);
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

  private void awaitReady(Path logFile, Duration timeout) throws InterruptedException, IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "s3proxy exited with " + process.exitValue() + " (log: " + logFile + ")");
      }
      try {
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        Thread.sleep(25);
      }
    }
    throw new IllegalStateException(
        "s3proxy did not answer within " + timeout.toSeconds() + " s (log: " + logFile + ")");
  }

  /** The jar: the property, else the distribution's copy. */
  static Path jar() {
    Optional<Path> named = Optional.ofNullable(System.getProperty(JAR_PROPERTY)).map(Path::of);
    Optional<Path> installed =
        Optional.ofNullable(System.getProperty(INSTALL_PROPERTY))
            .map(home -> Path.of(home, "lib", "s3proxy", "s3proxy.jar"));
    Path jar = named.or(() -> installed).orElse(null);
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "an S3 service needs s3proxy, which the skyless distribution carries in"
              + " lib/s3proxy/s3proxy.jar"
              + (jar == null ? "" : " (not found: " + jar + ")")
              + "; run skyless from its distribution (cli/target/skyless-<version>/bin/skyless) or"
              + " name the jar with -D"
              + JAR_PROPERTY
              + "=<path>");
    }
    return jar;
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
