package dev.skyless.cli.container;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) on 127.0.0.1 and a free port,
 * storing in a folder of the test's; plain HTTP, or HTTPS with htpasswd logins.
 */
public final class Registry implements AutoCloseable {

  private final Process process;
  private final int port;

  private Registry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static Optional<String> unavailable() {
    return Files.isExecutable(Path.of("/usr/bin/docker-registry"))
        ? Optional.empty()
        : Optional.of("docker-registry is not installed (Debian package docker-registry)");
  }

  /** A plain-HTTP registry. */
  public static Registry start(Path dir) throws Exception {
    return start(dir, "");
  }

  /** An HTTPS registry (self-signed certificate) that admits only {@code user}/{@code password}. */
  static Registry startWithLogin(Path dir, String user, String password) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Commands.run(
            java.util.List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString()),
            java.util.Map.of(),
            dir,
            Duration.ofSeconds(60))
        .orFail("openssl req");
    String hash =
        Commands.run(
                java.util.List.of("htpasswd", "-nbB", user, password),
                java.util.Map.of(),
                dir,
                Duration.ofSeconds(30))
            .orFail("htpasswd")
            .out()
            .strip();
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(htpasswd, hash + "\n");
    return start(
        dir,
        """
          tls:
            certificate: %s
            key: %s
        auth:
          htpasswd:
            realm: skyless-test
            path: %s
        """
            .formatted(cert, key, htpasswd));
  }

  private static Registry start(Path dir, String extra) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("registry.yml");
    Files.writeString(
        config,
        """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        %s"""
            .formatted(dir.resolve("data"), port, extra));
    Process process =
        new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    Registry registry = new Registry(process, port);
    registry.awaitUp(!extra.isBlank(), dir);
    return registry;
  }

  private void awaitUp(boolean tls, Path dir) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IllegalStateException(
        "docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
  }

  /** {@code 127.0.0.1:<port>}: the registry part of image names. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** Whether the registry holds {@code repository@digest} (plain HTTP registries only). */
  public boolean has(String repository, String digest) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<Void> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("accept", "application/vnd.oci.image.manifest.v1+json")
                .build(),
            HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
