package dev.skyless.cli.build.impl;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.build.BuildRequest;
import dev.skyless.cli.build.BuildResult;
import dev.skyless.cli.build.Folders;
import dev.skyless.cli.build.FunctionProject;
import dev.skyless.cli.build.ImageBuilder;
import dev.skyless.cli.build.oci.LayerWriter;
import dev.skyless.cli.build.oci.LocalImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Builds with Jib core, no daemon: the base JRE, then a layer of libraries (the runtime and the
 * function's dependencies), a layer with the function's own jar, and a layer with the AOT cache;
 * runs as a non-root user on port 8080.
 */
public final class JibImageBuilder implements ImageBuilder {

  /** Where the application lives in the image. */
  private static final String APP = "/app";

  /** The user images run as (no root). */
  private static final String USER = "65532";

  private final Path dockerConfig;

  /**
   * @param env the environment: {@code DOCKER_CONFIG} names the folder of {@code config.json} (as
   *     for docker and podman), else {@code ~/.docker}
   */
  public JibImageBuilder(Map<String, String> env) {
    this.dockerConfig =
        (env.containsKey("DOCKER_CONFIG")
                ? Path.of(env.get("DOCKER_CONFIG"))
                : Path.of(System.getProperty("user.home"), ".docker"))
            .resolve("config.json");
  }

  @Override
  public BuildResult build(BuildRequest request, Consumer<String> progress) throws Exception {
    Path staging = Files.createTempDirectory("skyless-build-");
    try {
      return build(request, progress, staging);
    } finally {
      Folders.deleteTree(staging);
    }
  }

  private BuildResult build(BuildRequest request, Consumer<String> progress, Path staging)
      throws Exception {
    var project = request.project();
    // Staged as the image lays it out, with the image's file times, so that the training run's
    // class path matches the image's in everything the JVM checks.
    Path app = staging.resolve("app");
    List<Path> libs = copy(project.libraryJars(), app.resolve("lib"));
    List<Path> function = copy(project.functionJars(), app.resolve("function"));
    List<Path> classPath = new ArrayList<>(libs);
    classPath.addAll(0, function);

    BaseImage base = BaseImage.of(request.base());
    Optional<LocalImage> baseFiles = Optional.empty();
    Optional<Path> cache = Optional.empty();
    if (base.isLocal() || request.aot()) {
      if (!base.isLocal()) {
        progress.accept("pulling " + base + " (the AOT cache is trained with its own Java)");
      }
      baseFiles = Optional.of(base.files(staging, request.insecureRegistry(), dockerConfig));
      Path home = TrainingJvm.extract(baseFiles.get(), base.toString(), staging);
      if (request.aot()) {
        Optional<Path> java = TrainingJvm.runnable(home, progress);
        if (java.isPresent()) {
          cache = train(java.get(), classPath, project, staging, progress);
        }
      }
    }

    JibContainerBuilder builder = base.jib(baseFiles, staging, dockerConfig);
    builder.addFileEntriesLayer(layer("libraries", libs, APP + "/lib"));
    builder.addFileEntriesLayer(layer("function", function, APP + "/function"));
    // Native access allowed, as skyless dev's instances have it: functions may use FFM (libvips).
    List<String> entrypoint =
        new ArrayList<>(List.of("java", "--enable-native-access=ALL-UNNAMED"));
    if (cache.isPresent()) {
      builder.addFileEntriesLayer(
          FileEntriesLayer.builder()
              .setName("aot-cache")
              .addEntry(
                  cache.get(),
                  AbsoluteUnixPath.get(APP + "/app.aot"),
                  FilePermissions.fromOctalString("644"),
                  LayerWriter.FILE_TIME)
              .build());
      entrypoint.add("-XX:AOTCache=" + APP + "/app.aot");
    }
    entrypoint.add("-cp");
    entrypoint.add(
        String.join(
            ":",
            classPath.stream()
                .map(p -> APP + "/" + app.relativize(p).toString().replace('\\', '/'))
                .toList()));
    entrypoint.add("dev.skyless.runtime.main.Main");
    builder
        .setEntrypoint(entrypoint)
        .setUser(USER)
        .setWorkingDirectory(AbsoluteUnixPath.get(APP))
        .setExposedPorts(java.util.Set.of(Port.tcp(8080)))
        .addEnvironmentVariable("PORT", "8080")
        .addLabel("dev.skyless.function", project.name())
        .setFormat(ImageFormat.OCI);
    project.handler().ifPresent(h -> builder.addEnvironmentVariable("SKYLESS_FUNCTION", h));

    try {
      String digest = null;
      if (request.tarball().isPresent()) {
        progress.accept("writing " + request.tarball().get());
        digest = builder.containerize(tarball(request, progress)).getDigest().toString();
      }
      if (request.pushes()) {
        progress.accept("pushing " + request.image());
        digest = builder.containerize(registry(request, progress)).getDigest().toString();
      }
      return new BuildResult(request.image(), digest, cache.isPresent());
    } catch (ExecutionException e) {
      throw registryFailure(request, e.getCause() == null ? e : e.getCause());
    } catch (RegistryException e) {
      throw registryFailure(request, e);
    }
  }

  private static Optional<Path> train(
      Path java,
      List<Path> classPath,
      FunctionProject project,
      Path staging,
      Consumer<String> progress)
      throws IOException, InterruptedException {
    progress.accept("training the AOT cache with the base's Java (starting the function once)...");
    Path log = staging.resolve("training.log");
    Optional<Path> cache =
        new AotTrainer(java)
            .train(classPath, project.handler(), staging.resolve("app").resolve("app.aot"), log);
    progress.accept(
        cache.isPresent()
            ? "AOT cache made (" + Files.size(cache.get()) / (1024 * 1024) + " MB)"
            : "no AOT cache: the training run failed (building without one): " + lastLine(log));
    return cache;
  }

  private static String lastLine(Path log) throws IOException {
    return Files.isRegularFile(log)
        ? Files.readAllLines(log).stream().reduce((a, b) -> b).orElse("no output")
        : "no output";
  }

  private static Containerizer tarball(BuildRequest request, Consumer<String> progress)
      throws Exception {
    ImageReference target = ImageReference.parse(request.image());
    return configured(
        Containerizer.to(TarImage.at(request.tarball().get()).named(target)), request, progress);
  }

  private Containerizer registry(BuildRequest request, Consumer<String> progress) throws Exception {
    ImageReference target = ImageReference.parse(request.image());
    if (!request.insecureRegistry()) {
      RegistryTransport.requireTls(target.getRegistry(), request.image());
    }
    RegistryImage image = RegistryImage.named(target);
    image.addCredentialRetriever(
        CredentialRetrieverFactory.forImage(target, event -> {}).dockerConfig(dockerConfig));
    return configured(Containerizer.to(image), request, progress);
  }

  private static Containerizer configured(
      Containerizer containerizer, BuildRequest request, Consumer<String> progress) {
    ProgressReporter reporter = new ProgressReporter(progress);
    return containerizer
        .setAllowInsecureRegistries(request.insecureRegistry())
        .setToolName("skyless")
        .addEventHandler(ProgressEvent.class, reporter::onProgress);
  }

  private static CliException registryFailure(BuildRequest request, Throwable e) {
    if (e instanceof CliException cli) {
      return cli;
    }
    if (e instanceof RegistryUnauthorizedException
        || String.valueOf(e.getMessage()).contains("Unauthorized")
        || e.getClass().getSimpleName().contains("Authentication")) {
      return new CliException(
          ExitCodes.REGISTRY,
          "the registry refused the credentials for "
              + request.image()
              + " ("
              + e.getMessage()
              + "): log in with `docker login` (or podman/crane), which writes"
              + " ~/.docker/config.json",
          e);
    }
    if (e instanceof RegistryCredentialsNotSentException) {
      return new CliException(
          ExitCodes.REGISTRY,
          "the registry for "
              + request.image()
              + " asks for credentials over plain HTTP, and they are never sent unencrypted:"
              + " serve the registry over HTTPS",
          e);
    }
    if (e instanceof InsecureRegistryException) {
      return new CliException(
          ExitCodes.REGISTRY,
          "the registry for " + request.image() + " is plain HTTP: pass --insecure-registry",
          e);
    }
    return new CliException(
        ExitCodes.REGISTRY, "building " + request.image() + " failed: " + e.getMessage(), e);
  }

  private static FileEntriesLayer layer(String name, List<Path> files, String dir) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    for (Path file : files) {
      layer.addEntry(
          file,
          AbsoluteUnixPath.get(dir + "/" + file.getFileName()),
          FilePermissions.fromOctalString("644"),
          LayerWriter.FILE_TIME);
    }
    return layer.build();
  }

  private static List<Path> copy(List<Path> jars, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> copies = new ArrayList<>();
    for (Path jar : jars) {
      Path copy = dir.resolve(jar.getFileName());
      Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(copy, FileTime.from(LayerWriter.FILE_TIME));
      copies.add(copy);
    }
    return copies;
  }

  /** Turns Jib's progress events into a percentage every tenth. */
  private static final class ProgressReporter {
    private final Consumer<String> progress;
    private double done;
    private int lastTenth = -1;

    ProgressReporter(Consumer<String> progress) {
      this.progress = progress;
    }

    synchronized void onProgress(ProgressEvent event) {
      done += event.getUnits() * event.getAllocation().getFractionOfRoot();
      int tenth = (int) Math.min(10, Math.floor(done * 10));
      if (tenth > lastTenth) {
        lastTenth = tenth;
        progress.accept("[" + "#".repeat(tenth) + " ".repeat(10 - tenth) + "] " + tenth * 10 + "%");
      }
    }
  }
}
