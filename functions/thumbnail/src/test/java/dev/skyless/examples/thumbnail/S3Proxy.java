package dev.skyless.examples.thumbnail;

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
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for tests: s3proxy (in-memory "transient" storage, no auth) as a
 * child process on 127.0.0.1 and a free port, from the all-in-one jar the build copies to
 * target/s3proxy.
 */
final class S3Proxy implements AutoCloseable {

  private final Process process;
  private final String endpoint;

  private S3Proxy(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static S3Proxy start(Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(
        conf,
        """
        s3proxy.endpoint=%s
        s3proxy.authorization=none
        jclouds.provider=transient
        jclouds.identity=local
        jclouds.credential=local
        """
            .formatted(endpoint));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath().toString(),
                "--properties",
                conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("s3proxy.log").toFile())
            .start();
    S3Proxy proxy = new S3Proxy(process, endpoint);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "s3proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
      }
      try {
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint + "/")).build(),
            HttpResponse.BodyHandlers.discarding());
        return proxy;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    proxy.close();
    throw new IllegalStateException("s3proxy did not start in 30 s");
  }

  String endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
