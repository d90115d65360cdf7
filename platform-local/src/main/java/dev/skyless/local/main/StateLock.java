package dev.skyless.local.main;

import dev.skyless.local.status.DevState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One platform per state folder: two would share Kafka's and the databases' files, and one's {@code
 * --reset} would delete the other's data. An OS file lock on {@code <state>/dev.lock}, held from
 * the first step of a start to the end of {@code close}, so two starts at once cannot both pass;
 * the OS drops it when the process dies, so a crash never blocks the next start.
 */
final class StateLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @throws IllegalStateException naming the platform that holds it, when one does
   */
  static StateLock acquire(Path stateDir) {
    try {
      Files.createDirectories(stateDir);
      FileChannel channel =
          FileChannel.open(
              stateDir.resolve("dev.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held in this very JVM
      }
      if (lock == null) {
        channel.close();
        Optional<DevState> running = DevState.read(stateDir);
        throw new IllegalStateException(
            "another skyless dev"
                + running.map(r -> " (pid " + r.pid() + ", " + r.url() + ")").orElse(" (starting)")
                + " uses "
                + stateDir
                + "; stop it first (Ctrl-C in its terminal)");
      }
      return new StateLock(channel, lock);
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock " + stateDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the channel or the process
    }
  }
}
