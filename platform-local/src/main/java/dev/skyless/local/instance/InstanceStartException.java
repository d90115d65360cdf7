package dev.skyless.local.instance;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An instance did not start: it exited, or was not ready in time. The message is one line that says
 * which and why; the instance's log, where the whole story is, is named apart.
 */
public final class InstanceStartException extends Exception {

  private final transient Path log;

  public InstanceStartException(String message) {
    this(message, null);
  }

  public InstanceStartException(String message, Path log) {
    super(log == null ? message : message + "; its log is " + log);
    this.log = log;
  }

  /** The instance's log file, when it got as far as having one. */
  public Optional<Path> log() {
    return Optional.ofNullable(log);
  }
}
