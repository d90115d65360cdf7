package dev.skyless.local.services.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;

/**
 * The objects of a store on disk, as jclouds' filesystem provider keeps them: {@code
 * <folder>/<bucket>/<key>}, the content type in the file's {@code user.content-type} attribute
 * where the file system has them.
 */
final class ObjectFiles {

  /** jclouds writes {@code user.content-type} through the view (so the view lists it so). */
  private static final List<String> CONTENT_TYPE_ATTRIBUTES =
      List.of("user.content-type", "content-type");

  private final Path folder;

  ObjectFiles(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  Path folder() {
    return folder;
  }

  /** Makes a bucket (a folder), if it is not there. */
  void createBucket(String bucket) throws IOException {
    Files.createDirectories(folder.resolve(bucket));
  }

  boolean exists(String bucket, String key) {
    Path file = file(bucket, key);
    return file != null && Files.exists(file);
  }

  /** The object's size (0 for a folder marker, a key ending in '/'). */
  long size(String bucket, String key) {
    Path file = file(bucket, key);
    try {
      return file == null || Files.isDirectory(file) ? 0 : Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  String contentType(String bucket, String key) {
    Path file = file(bucket, key);
    if (file != null) {
      try {
        UserDefinedFileAttributeView view =
            Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        List<String> names = view == null ? List.of() : view.list();
        for (String name : CONTENT_TYPE_ATTRIBUTES) {
          if (names.contains(name)) {
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            value.flip();
            return StandardCharsets.UTF_8.decode(value).toString();
          }
        }
      } catch (IOException | UnsupportedOperationException e) {
        // no attributes here: guess below
      }
    }
    return "application/octet-stream";
  }

  /** The file of an object, or null for a key that would leave the bucket's folder. */
  private Path file(String bucket, String key) {
    Path file = folder.resolve(bucket).resolve(key).normalize();
    return file.startsWith(folder.resolve(bucket)) ? file : null;
  }
}
