package dev.skyless.cli.build.base;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyless.cli.build.Folders;
import dev.skyless.cli.build.oci.LayerWriter;
import dev.skyless.cli.build.oci.OciLayoutWriter;
import dev.skyless.cli.build.oci.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Makes a base image from what this machine has, in the shape distroless images have: a root file
 * system of Debian packages' files (glibc, the C++ runtime, zlib, time zones, CA certificates; no
 * shell, no package manager, no programs) with the package records scanners read, a {@code nonroot}
 * user 65532, and a {@code jlink}ed Java runtime at {@code /opt/java}. Two layers, the Java runtime
 * on top, so a JDK update leaves the system layer as it was.
 */
public final class BaseImageMaker {

  /** Where the Java runtime goes in the image. */
  public static final String JAVA_HOME = "/opt/java";

  /** The user images run as; Kubernetes' restricted policy wants a non-root uid. */
  public static final int NONROOT = 65532;

  /** Paths of packages that a runtime image has no use for. */
  private static final List<String> LEFT_OUT =
      List.of(
          "/usr/share/doc/",
          "/usr/share/man/",
          "/usr/share/info/",
          "/usr/share/lintian/",
          "/usr/share/locale/",
          "/usr/share/bug/",
          "/usr/bin/",
          "/usr/sbin/",
          "/bin/",
          "/sbin/");

  /** Debian's merged /usr: these top-level folders are links into /usr. */
  private static final List<String> MERGED = List.of("bin", "sbin", "lib", "lib64");

  private final DebianPackages packages;

  public BaseImageMaker(DebianPackages packages) {
    this.packages = packages;
  }

  /**
   * Makes the image.
   *
   * @return the manifest digest
   */
  public String make(BaseImageRequest request, Consumer<String> progress)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("skyless-base-");
    try {
      progress.accept("reading the Debian packages " + String.join(", ", request.packages()));
      List<DebianPackages.Package> chosen = packages.withLibraries(request.packages());
      LayerWriter system = systemLayer(chosen);
      progress.accept(
          "system layer: "
              + chosen.size()
              + " packages ("
              + chosen.stream()
                  .map(p -> p.name() + " " + p.version())
                  .collect(Collectors.joining(", "))
              + ")");
      LayerWriter.Blob systemBlob = system.write(work.resolve("system.tar.gz"));

      JavaRuntimeLinker linker = new JavaRuntimeLinker(request.jdk());
      progress.accept(
          "linking Java " + linker.version() + ": " + String.join(",", request.modules()));
      Path runtime = work.resolve("java");
      linker.link(request.modules(), runtime);
      LayerWriter.Blob javaBlob = javaLayer(runtime).write(work.resolve("java.tar.gz"));

      ObjectNode config = config(linker.version(), chosen, request.modules());
      Path layout =
          request.output().toString().endsWith(".tar") ? work.resolve("layout") : request.output();
      String digest =
          OciLayoutWriter.write(
              layout,
              config,
              List.of(
                  new OciLayoutWriter.Layer(work.resolve("system.tar.gz"), systemBlob),
                  new OciLayoutWriter.Layer(work.resolve("java.tar.gz"), javaBlob)),
              request.tag());
      if (layout != request.output()) {
        archive(layout, request.output());
      }
      progress.accept(
          String.format(
              "layers: system %.1f MB, java %.1f MB (compressed)",
              systemBlob.size() / 1e6, javaBlob.size() / 1e6));
      return digest;
    } finally {
      Folders.deleteTree(work);
    }
  }

  private LayerWriter systemLayer(List<DebianPackages.Package> chosen)
      throws IOException, InterruptedException {
    LayerWriter layer = new LayerWriter();
    for (String dir : MERGED) {
      layer.symlink("/" + dir, "usr/" + dir);
    }
    for (DebianPackages.Package pkg : chosen) {
      for (String path : packages.files(pkg)) {
        String merged = merged(path);
        if (merged == null || LEFT_OUT.stream().anyMatch(merged::startsWith)) {
          continue;
        }
        Path host = Path.of(path); // the path dpkg wrote (its folders may be links)
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
          continue; // left out of this machine's install (dpkg path-exclude)
        }
        if (Files.isSymbolicLink(host)) {
          layer.symlink(merged, Files.readSymbolicLink(host).toString());
        } else if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
          layer.file(merged, host, mode(host));
        }
      }
      layer.file(
          "/var/lib/dpkg/status.d/" + pkg.name(),
          pkg.stanza().getBytes(StandardCharsets.UTF_8),
          0644);
    }
    Path bundle = Path.of("/etc/ssl/certs/ca-certificates.crt"); // made by update-ca-certificates
    if (Files.isRegularFile(bundle)) {
      layer.file(bundle.toString(), bundle, 0644);
    }
    Path osRelease = Path.of("/usr/lib/os-release");
    if (Files.isRegularFile(osRelease)) {
      layer.file(osRelease.toString(), osRelease, 0644);
      layer.symlink("/etc/os-release", "../usr/lib/os-release");
    }
    layer.file(
        "/etc/passwd",
        utf8(
            "root:x:0:0:root:/root:/sbin/nologin\n"
                + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"),
        0644);
    layer.file("/etc/group", utf8("root:x:0:\nnonroot:x:65532:\n"), 0644);
    layer.file("/etc/nsswitch.conf", utf8("passwd: files\ngroup: files\nhosts: files dns\n"), 0644);
    layer.directory("/root", 0700, 0);
    layer.directory("/home/nonroot", 0700, NONROOT);
    layer.directory("/tmp", 01777, 0);
    return layer;
  }

  /** The package path in merged /usr ({@code /lib/x} is {@code /usr/lib/x}); null for a root. */
  static String merged(String path) {
    if (path.equals("/.") || path.equals("/")) {
      return null;
    }
    for (String dir : MERGED) {
      if (path.equals("/" + dir)) {
        return null;
      }
      if (path.startsWith("/" + dir + "/")) {
        return "/usr" + path;
      }
    }
    return path;
  }

  private static LayerWriter javaLayer(Path runtime) throws IOException {
    LayerWriter layer = new LayerWriter();
    try (Stream<Path> files = Files.walk(runtime)) {
      for (Path file : files.sorted().toList()) {
        String path = JAVA_HOME + (file.equals(runtime) ? "" : "/" + runtime.relativize(file));
        if (Files.isSymbolicLink(file)) {
          layer.symlink(path, Files.readSymbolicLink(file).toString());
        } else if (Files.isDirectory(file)) {
          layer.directory(path, 0755, 0);
        } else {
          layer.file(path, file, mode(file));
        }
      }
    }
    return layer;
  }

  private static ObjectNode config(
      String javaVersion, List<DebianPackages.Package> chosen, List<String> modules) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    config.put("created", "1970-01-01T00:00:00Z");
    config.put("architecture", Platform.architecture());
    config.put("os", "linux");
    ObjectNode run = config.putObject("config");
    run.put("User", Integer.toString(NONROOT));
    run.putArray("Env")
        .add("PATH=" + JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin")
        .add("JAVA_HOME=" + JAVA_HOME)
        .add("LANG=C.UTF-8");
    run.put("WorkingDir", "/");
    ObjectNode labels = run.putObject("Labels");
    labels.put("dev.skyless.base.java", javaVersion);
    labels.put("dev.skyless.base.java-modules", String.join(",", modules));
    labels.put(
        "dev.skyless.base.packages",
        chosen.stream().map(p -> p.name() + "=" + p.version()).collect(Collectors.joining(" ")));
    var history = config.putArray("history");
    history
        .addObject()
        .put("created", "1970-01-01T00:00:00Z")
        .put("created_by", "skyless base: Debian packages");
    history
        .addObject()
        .put("created", "1970-01-01T00:00:00Z")
        .put("created_by", "skyless base: jlink");
    return config;
  }

  private static int mode(Path file) throws IOException {
    Set<PosixFilePermission> perms =
        Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .permissions();
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= 0400 >> p.ordinal();
    }
    return mode;
  }

  /** The layout folder as an OCI archive (a plain tar, entries sorted, fixed times). */
  private static void archive(Path layout, Path tarball) throws IOException {
    LayerWriter.reproducibly(
        () -> {
          writeArchive(layout, tarball);
          return null;
        });
  }

  private static void writeArchive(Path layout, Path tarball) throws IOException {
    try (OutputStream out = Files.newOutputStream(tarball);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        Stream<Path> files = Files.walk(layout)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        TarArchiveEntry entry = new TarArchiveEntry(layout.relativize(file).toString());
        entry.setSize(Files.size(file));
        entry.setModTime(java.util.Date.from(LayerWriter.FILE_TIME));
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
      }
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
