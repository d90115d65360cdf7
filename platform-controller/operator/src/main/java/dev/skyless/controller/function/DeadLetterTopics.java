package dev.skyless.controller.function;

import dev.skyless.controller.config.PlatformDefaults;
import java.util.Collection;

/**
 * Makes sure dead-letter topics exist before the KafkaSinks that write to them. The topics belong
 * to no Kubernetes object (no KafkaSink owns them, no owner reference, never deleted by the
 * controller): they are shared by every Function consuming the same topic and keep their records
 * when a Function, a trigger or a sink goes away.
 */
public interface DeadLetterTopics extends AutoCloseable {

  /**
   * Creates those of {@code topics} that do not exist yet; existing topics are left as they are.
   *
   * @throws DeadLetterTopicsException with one readable sentence when Kafka cannot be reached or
   *     refuses
   */
  void ensure(PlatformDefaults platform, Collection<String> topics);

  /** Releases the Kafka clients, if any. */
  @Override
  default void close() {}

  /** Why the topics could not be made sure of. */
  final class DeadLetterTopicsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadLetterTopicsException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
