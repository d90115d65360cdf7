package dev.skyless.cli.command;

import dev.skyless.cli.build.base.BaseImageMaker;
import dev.skyless.cli.build.base.BaseImageRequest;
import dev.skyless.cli.build.base.DebianPackages;
import dev.skyless.cli.build.base.JavaRuntimeLinker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skyless base}: a base image made from this machine's JDK and Debian packages. */
@Command(
    name = "base",
    description = {
      "Make a base image from this machine: a jlinked Java runtime on the files of its Debian",
      "packages (glibc, C++ runtime, zlib, time zones, CA certificates), user 65532, no shell.",
      "Same JDK and package versions, same digest. Use it with `skyless build --base <output>`."
    },
    footer = {
      "%nExamples:",
      "  skyless base --output ~/.skyless/base/java25",
      "  skyless base --output vips-base.tar --package libvips42",
      "  skopeo copy oci:$HOME/.skyless/base/java25 docker://registry.example.com/skyless/base:25"
    })
public final class BaseCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      required = true,
      description = "An OCI layout folder to write, or an OCI archive if it ends in .tar.")
  Path output;

  @Option(
      names = "--tag",
      defaultValue = "skyless-base:latest",
      description = "The name recorded in the layout (default: ${DEFAULT-VALUE}).")
  String tag;

  @Option(
      names = "--jdk",
      description = "The JDK to link the runtime from (default: the one running skyless).")
  Path jdk;

  @Option(
      names = "--module",
      split = ",",
      description = "Java modules to add to the defaults (java.se, jdk.unsupported, ...).")
  List<String> modules = new ArrayList<>();

  @Option(
      names = "--package",
      split = ",",
      description =
          "Debian packages to add, with the libraries they need (e.g. libvips42 for thumbnails).")
  List<String> packages = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> allModules = new ArrayList<>(JavaRuntimeLinker.DEFAULT_MODULES);
    modules.stream().filter(m -> !allModules.contains(m)).forEach(allModules::add);
    List<String> allPackages = new ArrayList<>(BaseImageRequest.DEFAULT_PACKAGES);
    packages.stream().filter(p -> !allPackages.contains(p)).forEach(allPackages::add);
    Path from = jdk != null ? jdk : Path.of(System.getProperty("java.home"));
    PrintWriter err = spec.commandLine().getErr();
    String digest =
        new BaseImageMaker(new DebianPackages())
            .make(
                new BaseImageRequest(output, tag, from, allModules, allPackages),
                line -> {
                  err.println("base: " + line);
                  err.flush();
                });
    err.println("base: done, " + output.toAbsolutePath().normalize());
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(digest);
    out.flush();
    return 0;
  }
}
