package dev.skyless.local.services.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A password made once per service and kept beside its data, readable by its owner only. */
final class Passwords {

  private Passwords() {}

  static String of(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file).strip();
      }
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      Files.writeString(file, password + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the folder's permissions apply
      }
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
