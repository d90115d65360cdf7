package dev.skyless.cli.build.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyless.cli.build.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes an OCI image layout (image-spec {@code image-layout.md}): {@code oci-layout}, {@code
 * index.json} naming one manifest, and the blobs by digest. JSON is written compactly with the
 * fields in a fixed order, so the same layers and configuration make the same manifest digest.
 */
public final class OciLayoutWriter {

  public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  private OciLayoutWriter() {}

  /**
   * A layer to put in the layout.
   *
   * @param file the gzipped tar
   * @param blob its digests and size
   */
  public record Layer(Path file, LayerWriter.Blob blob) {}

  /**
   * Writes the layout into {@code dir} (made if missing, its previous content replaced).
   *
   * @param config the image configuration; its {@code rootfs} is filled in here
   * @param refName the tag recorded in {@code index.json} ({@code
   *     org.opencontainers.image.ref.name})
   * @return the manifest's digest, which names the image
   */
  public static String write(Path dir, ObjectNode config, List<Layer> layers, String refName)
      throws IOException {
    if (Files.isDirectory(dir) && !Files.exists(dir.resolve("oci-layout"))) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(
              dir + " is a folder that is not an OCI layout: name a new or empty folder");
        }
      }
    }
    Folders.deleteTree(dir);
    Path blobs = Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    var diffIds = rootfs.putArray("diff_ids");
    ObjectNode manifest = LocalImage.JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    ObjectNode configRef = manifest.putObject("config");
    var layerRefs = manifest.putArray("layers");
    for (Layer layer : layers) {
      diffIds.add(layer.blob().diffId());
      ObjectNode ref = layerRefs.addObject();
      ref.put("mediaType", LAYER_TYPE);
      ref.put("digest", layer.blob().digest());
      ref.put("size", layer.blob().size());
      Files.copy(
          layer.file(),
          blobs.resolve(hex(layer.blob().digest())),
          StandardCopyOption.REPLACE_EXISTING);
    }
    byte[] configBytes = LocalImage.JSON.writeValueAsBytes(config);
    String configDigest = put(blobs, configBytes);
    configRef.put("mediaType", CONFIG_TYPE);
    configRef.put("digest", configDigest);
    configRef.put("size", configBytes.length);
    byte[] manifestBytes = LocalImage.JSON.writeValueAsBytes(manifest);
    String manifestDigest = put(blobs, manifestBytes);

    ObjectNode index = LocalImage.JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", "application/vnd.oci.image.index.v1+json");
    ObjectNode entry = index.putArray("manifests").addObject();
    entry.put("mediaType", MANIFEST_TYPE);
    entry.put("digest", manifestDigest);
    entry.put("size", manifestBytes.length);
    entry.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
    ObjectNode platform = entry.putObject("platform");
    platform.put("architecture", config.path("architecture").asText());
    platform.put("os", config.path("os").asText());
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.write(dir.resolve("index.json"), LocalImage.JSON.writeValueAsBytes(index));
    return manifestDigest;
  }

  private static String put(Path blobs, byte[] content) throws IOException {
    String digest = "sha256:" + HexFormat.of().formatHex(LayerWriter.sha256().digest(content));
    Files.write(blobs.resolve(hex(digest)), content);
    return digest;
  }

  private static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
