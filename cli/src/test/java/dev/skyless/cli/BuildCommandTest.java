package dev.skyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.cli.build.base.BaseImageMaker;
import dev.skyless.cli.build.base.BaseImageRequest;
import dev.skyless.cli.build.base.DebianPackages;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyless build} on the real hello project into an OCI tarball, from a base made as {@code
 * skyless base} makes it (no registry pull), with the AOT training run on that base's Java; and a
 * registry that asks for credentials over plain HTTP.
 */
class BuildCommandTest {

  private static final Path HELLO = Path.of("../functions/hello");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static Path base;

  /** A base as `skyless base` makes it (an OCI archive): its Java trains the AOT cache. */
  @BeforeAll
  static void baseImage() throws Exception {
    base = work.resolve("base.tar");
    new BaseImageMaker(new DebianPackages())
        .make(BaseImageRequest.defaults(base, "base:test"), line -> {});
  }

  @Test
  void buildsAnOciTarballWithLayersEntrypointUserPortAndAotCache() throws Exception {
    Path out = work.resolve("hello.tar");
    Cli.Run run =
        Cli.run(
            Cli.context(work, Map.of()),
            "build",
            HELLO.toString(),
            "--image",
            "registry.example.com/skyless/hello:test",
            "--base",
            "tar:" + base,
            "--output",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).matches("registry.example.com/skyless/hello@sha256:[0-9a-f]{64}");
    assertThat(run.err())
        .contains("training the AOT cache with the base's Java", "AOT cache made", "100%");

    Map<String, byte[]> files = untar(Files.newInputStream(out));
    JsonNode manifest = manifest(files);
    JsonNode config = JSON.readTree(blob(files, manifest.path("config").path("digest").asText()));
    JsonNode container = config.path("config");
    List<String> entrypoint = new ArrayList<>();
    container.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint.getFirst()).isEqualTo("java");
    assertThat(entrypoint)
        .contains(
            "--enable-native-access=ALL-UNNAMED",
            "-XX:AOTCache=/app/app.aot",
            "dev.skyless.runtime.main.Main");
    assertThat(entrypoint.get(entrypoint.indexOf("-cp") + 1))
        .startsWith("/app/function/skyless-example-hello")
        .contains("/app/lib/skyless-runtime");
    assertThat(container.path("User").asText()).isEqualTo("65532");
    assertThat(container.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(container.path("Env").toString())
        .contains("SKYLESS_FUNCTION=dev.skyless.examples.hello.Greet");

    // the base's two layers (system, Java), libraries, function, AOT cache
    JsonNode layers = manifest.path("layers");
    assertThat(layers).hasSize(5);
    Map<String, byte[]> libraries =
        untar(gunzip(blob(files, layers.get(2).path("digest").asText())));
    Map<String, byte[]> function =
        untar(gunzip(blob(files, layers.get(3).path("digest").asText())));
    Map<String, byte[]> aot = untar(gunzip(blob(files, layers.get(4).path("digest").asText())));
    assertThat(libraries.keySet()).anyMatch(n -> n.matches("app/lib/skyless-runtime-.*\\.jar"));
    assertThat(function.keySet())
        .anyMatch(n -> n.matches("app/function/skyless-example-hello-.*\\.jar"));
    assertThat(aot).containsKey("app/app.aot");
    assertThat(aot.get("app/app.aot").length).isGreaterThan(1_000_000);
  }

  @Test
  void aRegistryAskingForCredentialsIsExitCode5() throws Exception {
    // Answers every connection with 401 at once, in plain text: a TLS attempt fails fast (Jib
    // then falls back to HTTP, as it does for insecure registries) and HTTP sees the refusal.
    ServerSocket registry = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!registry.isClosed()) {
                try (Socket socket = registry.accept()) {
                  socket.setSoTimeout(2_000);
                  byte[] buffer = new byte[8192];
                  socket.getInputStream().read(buffer);
                  socket
                      .getOutputStream()
                      .write(
                          ("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"test\"\r\n"
                                  + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                  // next connection, or closed
                }
              }
            });
    try {
      Cli.Run run =
          Cli.run(
              Cli.context(work, Map.of()),
              "build",
              HELLO.toString(),
              "--image",
              "127.0.0.1:" + registry.getLocalPort() + "/skyless/hello:test",
              "--base",
              "tar:" + base,
              "--no-aot",
              "--insecure-registry");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.REGISTRY);
      assertThat(run.err()).contains("error: the registry for", "asks for credentials");
    } finally {
      registry.close();
    }
  }

  @Test
  void aProjectThatWasNotBuiltSaysHowToBuildIt() throws Exception {
    Path project = Files.createDirectories(work.resolve("unbuilt/k8s"));
    Files.copy(HELLO.resolve("k8s/function.yaml"), project.resolve("function.yaml"));
    Cli.Run run =
        Cli.run(
            Cli.context(work, Map.of()),
            "build",
            project.getParent().toString(),
            "--image",
            "x/y:z",
            "--output",
            work.resolve("x.tar").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.err()).contains("has no target/app", "mvn package");
  }

  private static JsonNode manifest(Map<String, byte[]> files) throws Exception {
    JsonNode index = JSON.readTree(files.get("index.json"));
    JsonNode descriptor = index.path("manifests").get(0);
    return JSON.readTree(blob(files, descriptor.path("digest").asText()));
  }

  private static byte[] blob(Map<String, byte[]> files, String digest) {
    byte[] blob = files.get("blobs/sha256/" + digest.substring("sha256:".length()));
    assertThat(blob).as("blob %s in %s", digest, files.keySet()).isNotNull();
    return blob;
  }

  private static InputStream gunzip(byte[] bytes) throws Exception {
    return new GZIPInputStream(new java.io.ByteArrayInputStream(bytes));
  }

  private static Map<String, byte[]> untar(InputStream in) throws Exception {
    Map<String, byte[]> files = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile()) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          tar.transferTo(bytes);
          files.put(
              entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""),
              bytes.toByteArray());
        }
      }
    }
    return files;
  }
}
