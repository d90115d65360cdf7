package dev.skyless.cli.build.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one image layer as a gzipped tar the same way every time: entries sorted by path, owned by
 * root (or the uid given), every time stamp Jib's fixed one, no user or group names, so the same
 * files make the same digest on any machine.
 */
public final class LayerWriter {

  /** The time Jib gives every file, used for ours too so that both kinds of layer agree. */
  public static final Instant FILE_TIME = Instant.ofEpochSecond(1);

  private final Map<String, Entry> entries = new TreeMap<>();

  /** A directory at {@code path} (absolute, no trailing slash), with its parents. */
  public LayerWriter directory(String path, int mode, int uid) {
    parents(path);
    entries.put(path, new Entry(EntryKind.DIRECTORY, path, null, null, mode, uid));
    return this;
  }

  /** A regular file at {@code path}, copied from {@code source}. */
  public LayerWriter file(String path, Path source, int mode) {
    parents(path);
    entries.put(path, new Entry(EntryKind.FILE, path, source, null, mode, 0));
    return this;
  }

  /** A regular file at {@code path} holding {@code content}. */
  public LayerWriter file(String path, byte[] content, int mode) {
    parents(path);
    entries.put(path, new Entry(EntryKind.BYTES, path, null, content, mode, 0));
    return this;
  }

  /** A symbolic link at {@code path} to {@code target}, kept as written. */
  public LayerWriter symlink(String path, String target) {
    parents(path);
    entries.put(
        path,
        new Entry(
            EntryKind.SYMLINK,
            path,
            null,
            target.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            0777,
            0));
    return this;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  private void parents(String path) {
    if (!path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("not an absolute file path: " + path);
    }
    int slash = path.indexOf('/', 1);
    while (slash > 0) {
      String parent = path.substring(0, slash);
      entries.putIfAbsent(parent, new Entry(EntryKind.DIRECTORY, parent, null, null, 0755, 0));
      slash = path.indexOf('/', slash + 1);
    }
  }

  /** Writes the layer to {@code target}: its digests and size. */
  public Blob write(Path target) throws IOException {
    return withoutUserName(() -> writeLayer(target));
  }

  /**
   * Runs {@code write} with {@code user.name} empty: commons-compress puts it into the headers it
   * makes itself (the PAX header of a long path), which would make a layer's digest depend on who
   * built it.
   */
  static <T> T withoutUserName(IoSupplier<T> write) throws IOException {
    synchronized (LayerWriter.class) {
      String user = System.getProperty("user.name");
      System.setProperty("user.name", "");
      try {
        return write.get();
      } finally {
        if (user != null) {
          System.setProperty("user.name", user);
        }
      }
    }
  }

  /** An I/O step that gives a result. */
  @FunctionalInterface
  public interface IoSupplier<T> {
    T get() throws IOException;
  }

  private Blob writeLayer(Path target) throws IOException {
    MessageDigest compressed = sha256();
    MessageDigest uncompressed = sha256();
    try (OutputStream file = Files.newOutputStream(target);
        DigestOutputStream zipped = new DigestOutputStream(file, compressed);
        GZIPOutputStream gzip = new GZIPOutputStream(zipped, 64 * 1024);
        DigestOutputStream plain = new DigestOutputStream(gzip, uncompressed);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(plain)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Entry entry : entries.values()) {
        entry.writeTo(tar);
      }
      tar.finish();
    }
    return new Blob(
        "sha256:" + HexFormat.of().formatHex(compressed.digest()),
        "sha256:" + HexFormat.of().formatHex(uncompressed.digest()),
        Files.size(target));
  }

  /** {@link #withoutUserName} for callers outside this package. */
  public static <T> T reproducibly(IoSupplier<T> write) throws IOException {
    return withoutUserName(write);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A written layer.
   *
   * @param digest the digest of the gzipped tar (the manifest's)
   * @param diffId the digest of the tar itself (the config's {@code rootfs.diff_ids})
   * @param size the gzipped size in bytes
   */
  public record Blob(String digest, String diffId, long size) {}

  private enum EntryKind {
    DIRECTORY,
    FILE,
    BYTES,
    SYMLINK
  }

  private record Entry(EntryKind kind, String path, Path source, byte[] bytes, int mode, int uid) {

    void writeTo(TarArchiveOutputStream tar) throws IOException {
      String name = path.substring(1) + (kind == EntryKind.DIRECTORY ? "/" : "");
      TarArchiveEntry entry =
          kind == EntryKind.SYMLINK
              ? new TarArchiveEntry(name, TarConstants.LF_SYMLINK)
              : new TarArchiveEntry(name);
      entry.setModTime(Date.from(FILE_TIME));
      entry.setUserId(uid);
      entry.setGroupId(uid);
      entry.setUserName("");
      entry.setGroupName("");
      switch (kind) {
        case DIRECTORY -> {
          entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
          tar.putArchiveEntry(entry);
        }
        case SYMLINK -> {
          entry.setLinkName(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
          tar.putArchiveEntry(entry);
        }
        case FILE -> {
          entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
          entry.setSize(Files.size(source));
          tar.putArchiveEntry(entry);
          try (InputStream in = Files.newInputStream(source)) {
            in.transferTo(tar);
          }
        }
        case BYTES -> {
          entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
          entry.setSize(bytes.length);
          tar.putArchiveEntry(entry);
          tar.write(bytes);
        }
      }
      tar.closeArchiveEntry();
    }
  }
}
