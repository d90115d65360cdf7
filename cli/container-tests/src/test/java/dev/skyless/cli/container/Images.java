package dev.skyless.cli.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.model.FunctionSettings;
import dev.skyless.controller.function.model.KnativeServiceModel;
import dev.skyless.local.function.FunctionFiles;
import io.fabric8.knative.serving.v1.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every container test shares, made once per test JVM: a podman storage, a local registry, the
 * CLI, and a base made by {@code skyless base}; images built by {@code skyless build} and pushed
 * there, then pulled by digest.
 */
final class Images {

  private static Images shared;

  final Path dir;
  final Podman podman;
  final Registry registry;
  final Skyless skyless;
  private final Map<String, String> bases = new HashMap<>();
  private final Map<String, String> built = new HashMap<>();

  private Images(Path dir, Podman podman, Registry registry, Skyless skyless) {
    this.dir = dir;
    this.podman = podman;
    this.registry = registry;
    this.skyless = skyless;
  }

  /** The shared images, or the test is skipped with the reason containers cannot run here. */
  static synchronized Images get() throws Exception {
    Optional<String> missing = Podman.unavailable().or(Registry::unavailable);
    assumeTrue(missing.isEmpty(), () -> "container tests skipped: " + missing.orElseThrow());
    assumeTrue(Skyless.installed(), () -> "container tests skipped: no CLI at " + Skyless.CLI);
    if (shared == null) {
      Path dir = Files.createTempDirectory("skyless-containers-");
      Podman podman = Podman.open();
      Registry registry = Registry.start(Files.createDirectories(dir.resolve("registry")));
      shared =
          new Images(
              dir, podman, registry, new Skyless(Files.createDirectories(dir.resolve("home"))));
      Images images = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      images.registry.close();
                      images.podman.close();
                    } catch (Exception e) {
                      // exiting anyway
                    }
                  }));
    }
    return shared;
  }

  /** A base made by {@code skyless base} with {@code packages} added: {@code oci:<folder>}. */
  synchronized String base(String... packages) throws Exception {
    String key = String.join(",", packages);
    if (!bases.containsKey(key)) {
      Path out = dir.resolve("base-" + (key.isEmpty() ? "java" : key.replace(',', '-')));
      List<String> args = new ArrayList<>(List.of("base", "--output", out.toString()));
      for (String p : packages) {
        args.add("--package");
        args.add(p);
      }
      skyless.run(Duration.ofMinutes(5), args.toArray(String[]::new)).orFail("skyless base");
      bases.put(key, "oci:" + out);
    }
    return bases.get(key);
  }

  /**
   * {@code functions/<project>} built by {@code skyless build} on {@code base}, pushed to the
   * registry, pulled by podman: its pinned name ({@code host/repo@sha256:...}).
   */
  synchronized String build(String project, String base, String tag, String... flags)
      throws Exception {
    String key = project + "|" + base + "|" + tag + "|" + String.join(" ", flags);
    if (!built.containsKey(key)) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "build",
                  Skyless.project(project).toString(),
                  "--base",
                  base,
                  "--insecure-registry",
                  "--image",
                  registry.host() + "/" + project + ":" + tag));
      args.addAll(List.of(flags));
      Commands.Result result =
          skyless.run(Duration.ofMinutes(5), args.toArray(String[]::new)).orFail("skyless build");
      String pinned = result.out().strip();
      podman.pull(pinned);
      built.put(key, pinned);
      Files.writeString(
          dir.resolve(project + "-" + tag + ".build.log"), result.err(), StandardCharsets.UTF_8);
    }
    return built.get(key);
  }

  /** The controller's Knative Service for {@code functions/<project>/k8s/function.yaml}. */
  static Service service(String project, String image, PlatformDefaults defaults) {
    Function function =
        FunctionFiles.read(List.of(Skyless.project(project).resolve("k8s/function.yaml")))
            .getFirst()
            .function();
    function.getSpec().setImage(image);
    function.getMetadata().setNamespace("default");
    FunctionSettings settings =
        FunctionSettings.of(
            function, defaults, "container-test-key".getBytes(StandardCharsets.UTF_8));
    return KnativeServiceModel.desired(function, settings, defaults);
  }
}
