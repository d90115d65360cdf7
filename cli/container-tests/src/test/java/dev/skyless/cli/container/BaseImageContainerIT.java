package dev.skyless.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyless.cli.build.oci.LayerWriter;
import dev.skyless.cli.build.oci.OciLayoutWriter;
import dev.skyless.controller.config.PlatformDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code skyless base}: the same machine makes the same digest; a base that lacks Java fails the
 * build at once with the reason, and one that lacks the C library fails the container's start at
 * once instead of hanging.
 */
class BaseImageContainerIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSameJdkAndPackagesMakeTheSameDigest() throws Exception {
    Images images = Images.get();
    Path a = images.dir.resolve("repro-a");
    Path b = images.dir.resolve("repro-b.tar");
    String first =
        images.skyless.run(Duration.ofMinutes(5), "base", "-o", a.toString()).orFail("base").out();
    String second =
        images.skyless.run(Duration.ofMinutes(5), "base", "-o", b.toString()).orFail("base").out();
    assertThat(first.strip()).startsWith("sha256:").isEqualTo(second.strip());
    JsonNode config = config(a);
    assertThat(config.path("config").path("User").asText()).isEqualTo("65532");
    assertThat(config.path("config").path("Labels").path("dev.skyless.base.packages").asText())
        .contains("libc6=")
        .contains("tzdata=")
        .contains("ca-certificates=");
    // What a scanner reads to list the packages (distroless keeps them the same way).
    assertThat(layerNames(images, a, 0)).contains("var/lib/dpkg/status.d/libc6", "etc/passwd");
    assertThat(layerNames(images, a, 1)).contains("opt/java/bin/java", "opt/java/lib/modules");
  }

  @Test
  void aBaseWithoutJavaFailsTheBuildWithTheReason() throws Exception {
    Images images = Images.get();
    Path base = Path.of(images.base().substring("oci:".length()));
    Path noJava = withLayers(base, images.dir.resolve("base-no-java"), List.of(0));

    Commands.Result build =
        images.skyless.run(
            Duration.ofMinutes(2),
            "build",
            Skyless.project("hello").toString(),
            "--base",
            "oci:" + noJava,
            "--insecure-registry",
            "-i",
            images.registry.host() + "/hello:no-java");
    assertThat(build.exit()).isEqualTo(1);
    assertThat(build.err()).contains("has no Java runtime").contains("skyless base");
    assertThat(build.took()).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aBaseWithoutTheCLibraryFailsTheStartAtOnce() throws Exception {
    Images images = Images.get();
    Path base = Path.of(images.base().substring("oci:".length()));
    Path javaOnly = withLayers(base, images.dir.resolve("base-java-only"), List.of(1));
    // Trained here (this machine has a C library), so the build itself succeeds.
    String image = images.build("hello", "oci:" + javaOnly, "java-only", "--no-aot");

    int port = dev.skyless.local.Ports.anyFree();
    PodRun run =
        PodRun.of(
            Images.service("hello", image, PlatformDefaults.builtIn()),
            PodRun.Namespace.empty(),
            port,
            images.dir,
            Map.of(),
            "hello-no-libc");
    long start = System.nanoTime();
    try (RunningContainer pod = RunningContainer.start(images.podman, run, port, images.dir)) {
      int exit = pod.awaitExit(Duration.ofSeconds(30));
      assertThat(exit).isNotZero();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      assertThat(pod.stderr()).contains("java").contains("no such file or directory");
    }
  }

  /** A copy of the layout at {@code from} with only the layers at {@code keep}. */
  static Path withLayers(Path from, Path to, List<Integer> keep) throws Exception {
    JsonNode manifest = manifest(from);
    ObjectNode config = (ObjectNode) config(from);
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    List<OciLayoutWriter.Layer> layers = new ArrayList<>();
    for (int i : keep) {
      JsonNode layer = manifest.path("layers").get(i);
      String digest = layer.path("digest").asText();
      layers.add(
          new OciLayoutWriter.Layer(
              blob(from, digest),
              new LayerWriter.Blob(digest, diffIds.get(i).asText(), layer.path("size").asLong())));
    }
    OciLayoutWriter.write(to, config, layers, "broken:test");
    return to;
  }

  private static List<String> layerNames(Images images, Path layout, int index) throws Exception {
    Path blob = blob(layout, manifest(layout).path("layers").get(index).path("digest").asText());
    return Commands.run(
            List.of("tar", "-tzf", blob.toString()), Map.of(), null, Duration.ofMinutes(1))
        .orFail("tar")
        .out()
        .lines()
        .toList();
  }

  private static JsonNode manifest(Path layout) throws Exception {
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    return JSON.readTree(
        blob(layout, index.path("manifests").get(0).path("digest").asText()).toFile());
  }

  private static JsonNode config(Path layout) throws Exception {
    return JSON.readTree(
        blob(layout, manifest(layout).path("config").path("digest").asText()).toFile());
  }

  private static Path blob(Path layout, String digest) {
    Path blob = layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    assertThat(blob).exists();
    return blob;
  }
}
