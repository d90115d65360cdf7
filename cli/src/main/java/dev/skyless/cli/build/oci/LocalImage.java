package dev.skyless.cli.build.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyless.cli.build.Folders;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An image on disk: an OCI image layout (a folder with {@code oci-layout}, as {@code skyless base},
 * skopeo and umoci write), an OCI archive (that folder as a tar) or a Docker archive ({@code docker
 * save}, Jib's tarballs). Gives its configuration and its layers, extracts a folder of its file
 * system, and hands Jib the Docker archive it reads as a base.
 *
 * @param config the image configuration ({@code config.Env}, {@code rootfs.diff_ids}, ...)
 * @param layers the layer blobs, bottom first
 */
public record LocalImage(JsonNode config, List<Path> layers) {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads the image at {@code path}; a tarball is unpacked into {@code scratch}.
   *
   * @throws IOException when it is none of the three forms (the message says what was found)
   */
  public static LocalImage read(Path path, Path scratch) throws IOException {
    Path dir = path;
    if (Files.isRegularFile(path)) {
      dir = scratch.resolve("image");
      untar(path, dir);
    }
    if (Files.isRegularFile(dir.resolve("oci-layout"))) {
      return fromLayout(dir);
    }
    if (Files.isRegularFile(dir.resolve("manifest.json"))) {
      return fromDockerArchive(dir);
    }
    throw new IOException(
        path
            + " is not an image: an OCI layout has an oci-layout file and index.json, a Docker"
            + " archive a manifest.json");
  }

  private static LocalImage fromLayout(Path dir) throws IOException {
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    JsonNode manifest = manifestIn(dir, index);
    JsonNode config = JSON.readTree(blob(dir, manifest.path("config").path("digest")).toFile());
    List<Path> layers = new ArrayList<>();
    for (JsonNode layer : manifest.path("layers")) {
      layers.add(blob(dir, layer.path("digest")));
    }
    return new LocalImage(config, layers);
  }

  /** The index's image manifest for this machine's architecture (or its only one). */
  private static JsonNode manifestIn(Path dir, JsonNode index) throws IOException {
    JsonNode chosen = null;
    for (JsonNode entry : index.path("manifests")) {
      String type = entry.path("mediaType").asText("");
      JsonNode node = JSON.readTree(blob(dir, entry.path("digest")).toFile());
      if (type.contains("index") || type.contains("manifest.list") || node.has("manifests")) {
        return manifestIn(dir, node);
      }
      String arch = entry.path("platform").path("architecture").asText(Platform.architecture());
      if (chosen == null || arch.equals(Platform.architecture())) {
        chosen = node;
      }
    }
    if (chosen == null) {
      throw new IOException(dir + "/index.json names no image manifest");
    }
    return chosen;
  }

  private static LocalImage fromDockerArchive(Path dir) throws IOException {
    JsonNode entry = JSON.readTree(dir.resolve("manifest.json").toFile()).path(0);
    JsonNode config = JSON.readTree(dir.resolve(entry.path("Config").asText()).toFile());
    List<Path> layers = new ArrayList<>();
    for (JsonNode layer : entry.path("Layers")) {
      layers.add(dir.resolve(layer.asText()));
    }
    return new LocalImage(config, layers);
  }

  private static Path blob(Path dir, JsonNode digest) throws IOException {
    String[] parts = digest.asText("").split(":", 2);
    Path blob = parts.length == 2 ? dir.resolve("blobs").resolve(parts[0]).resolve(parts[1]) : null;
    if (blob == null || !Files.isRegularFile(blob)) {
      throw new IOException(dir + " lacks the blob " + digest.asText("(none named)"));
    }
    return blob;
  }

  /** A variable of the image's environment ({@code config.Env}). */
  public Optional<String> env(String name) {
    for (JsonNode pair : config.path("config").path("Env")) {
      String text = pair.asText();
      if (text.startsWith(name + "=")) {
        return Optional.of(text.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  /**
   * Writes the files under {@code prefix} (an absolute path in the image) into {@code target}, as
   * the layers stack them: later layers win, whiteouts delete, links stay links.
   *
   * @return whether anything was there
   */
  public boolean extract(String prefix, Path target) throws IOException {
    Files.createDirectories(target);
    Path root = target.toRealPath();
    String inside = prefix.replaceAll("^/+", "").replaceAll("/+$", "") + "/";
    boolean found = false;
    for (Path layer : layers) {
      try (TarArchiveInputStream tar = new TarArchiveInputStream(open(layer))) {
        for (TarArchiveEntry entry = tar.getNextEntry();
            entry != null;
            entry = tar.getNextEntry()) {
          String name = entry.getName().replaceAll("^(\\./|/)+", "");
          if (!name.startsWith(inside) || name.length() == inside.length()) {
            continue;
          }
          String relative = name.substring(inside.length());
          Path out = target.resolve(relative).normalize();
          if (!out.startsWith(target)) {
            continue; // no path escapes the target
          }
          String file = out.getFileName() == null ? "" : out.getFileName().toString();
          if (file.equals(".wh..wh..opq")) {
            // An opaque folder: what lower layers put there is gone.
            if (Files.isDirectory(out.getParent(), LinkOption.NOFOLLOW_LINKS)) {
              try (var children = Files.list(out.getParent())) {
                for (Path child : children.toList()) {
                  Folders.deleteTree(child);
                }
              }
            }
            continue;
          }
          if (file.startsWith(".wh.")) {
            Folders.deleteTree(out.resolveSibling(file.substring(4)));
            continue;
          }
          Files.createDirectories(out.getParent());
          if (!out.getParent().toRealPath().startsWith(root)) {
            continue; // through a link that leads out of the target: never written
          }
          found = true;
          write(tar, entry, out);
        }
      }
    }
    return found;
  }

  private static void write(TarArchiveInputStream tar, TarArchiveEntry entry, Path out)
      throws IOException {
    if (entry.isDirectory()) {
      Files.createDirectories(out);
      return;
    }
    Files.createDirectories(out.getParent());
    Files.deleteIfExists(out);
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
    } else if (entry.isLink()) {
      return; // hard links: none in the JVM folders we extract
    } else {
      Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(out, permissions(entry.getMode()));
      // As in the image: the JVM checks an AOT cache against its files' sizes and times.
      Files.setLastModifiedTime(out, FileTime.from(entry.getModTime().toInstant()));
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(bits[i]);
      }
    }
    set.add(PosixFilePermission.OWNER_READ);
    return set;
  }

  /** The image as a Docker archive (what Jib reads as a base) at {@code target}. */
  public Path toDockerArchive(Path target) throws IOException {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("Config", "config.json");
    entry.putArray("RepoTags");
    ArrayNode names = entry.putArray("Layers");
    try (OutputStream file = Files.newOutputStream(target);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (int i = 0; i < layers.size(); i++) {
        String name = "layer-" + i + ".tar" + (isGzipped(layers.get(i)) ? ".gz" : "");
        names.add(name);
        TarArchiveEntry layer = new TarArchiveEntry(name);
        layer.setSize(Files.size(layers.get(i)));
        tar.putArchiveEntry(layer);
        Files.copy(layers.get(i), tar);
        tar.closeArchiveEntry();
      }
      put(tar, "config.json", JSON.writeValueAsBytes(config));
      put(tar, "manifest.json", JSON.writeValueAsBytes(JSON.createArrayNode().add(entry)));
    }
    return target;
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static InputStream open(Path layer) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(layer), 64 * 1024);
    return isGzipped(layer) ? new GZIPInputStream(in, 64 * 1024) : in;
  }

  private static boolean isGzipped(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static void untar(Path tarball, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path out = dir.resolve(entry.getName()).normalize();
        if (!out.startsWith(dir)) {
          throw new IOException(tarball + " holds a path outside itself: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isFile()) {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(tarball + " is not a tar file: " + e.getMessage(), e);
    }
  }
}
