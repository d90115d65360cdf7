package dev.skyless.controller.function.impl;

import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.DeadLetterTopics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates dead-letter topics with Kafka's Admin API, with the ConfigMap's partitions and
 * replication factor. One Admin client per set of bootstrap servers; topics known to exist are
 * remembered for ten minutes so that a steady reconcile costs no Kafka call (a topic deleted by
 * hand is made again after that).
 */
public final class KafkaDeadLetterTopics implements DeadLetterTopics, AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;

  private final Map<List<String>, Admin> admins = new ConcurrentHashMap<>();

  /** Topics seen to exist, and when: looked at again after {@link #RECHECK}. */
  private final Map<String, java.time.Instant> known = new ConcurrentHashMap<>();

  private static final java.time.Duration RECHECK = java.time.Duration.ofMinutes(10);
  private final Map<String, String> extraProperties;

  /**
   * @param extraProperties Kafka client settings beyond the bootstrap servers (security)
   */
  public KafkaDeadLetterTopics(Map<String, String> extraProperties) {
    this.extraProperties = Map.copyOf(extraProperties);
  }

  @Override
  public void ensure(PlatformDefaults platform, Collection<String> topics) {
    List<String> servers = platform.kafkaBootstrapServers();
    List<NewTopic> missing = new ArrayList<>();
    for (String topic : Set.copyOf(topics)) {
      java.time.Instant seen = known.get(key(servers, topic));
      if (seen == null || seen.plus(RECHECK).isBefore(java.time.Instant.now())) {
        missing.add(
            new NewTopic(
                topic, platform.deadLetterPartitions(), platform.deadLetterReplicationFactor()));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    Admin admin = admins.computeIfAbsent(servers, this::admin);
    var created = admin.createTopics(missing).values();
    for (NewTopic topic : missing) {
      try {
        created.get(topic.name()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new DeadLetterTopicsException(
              "cannot create the dead-letter topic "
                  + topic.name()
                  + ": "
                  + e.getCause().getMessage(),
              e.getCause());
        }
      } catch (TimeoutException e) {
        throw new DeadLetterTopicsException(
            "cannot create the dead-letter topic "
                + topic.name()
                + ": Kafka at "
                + String.join(",", servers)
                + " did not answer within "
                + TIMEOUT_SECONDS
                + " s",
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeadLetterTopicsException("interrupted", e);
      }
      known.put(key(servers, topic.name()), java.time.Instant.now());
    }
  }

  private Admin admin(List<String> servers) {
    Properties properties = new Properties();
    properties.putAll(extraProperties);
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", servers));
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "skyless-controller");
    return Admin.create(properties);
  }

  private static String key(List<String> servers, String topic) {
    return String.join(",", servers) + "/" + topic;
  }

  @Override
  public void close() {
    admins.values().forEach(Admin::close);
    admins.clear();
  }
}
