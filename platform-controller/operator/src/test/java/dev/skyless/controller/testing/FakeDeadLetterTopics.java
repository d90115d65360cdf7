package dev.skyless.controller.testing;

import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.DeadLetterTopics;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the dead-letter topics the controller asks for, for tests whose Kafka bootstrap servers
 * are names only (the topics themselves are tested against a real broker in DeadLetterTopicsIT).
 */
public final class FakeDeadLetterTopics implements DeadLetterTopics {

  private final Set<String> topics = ConcurrentHashMap.newKeySet();

  @Override
  public void ensure(PlatformDefaults platform, Collection<String> wanted) {
    topics.addAll(wanted);
  }

  public Set<String> topics() {
    return Set.copyOf(topics);
  }
}
