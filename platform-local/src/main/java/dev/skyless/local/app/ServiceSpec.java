package dev.skyless.local.app;

import java.util.List;
import java.util.Set;

/** A backing service an app file declares. */
public sealed interface ServiceSpec {

  /** The service's name in the app file (also what its Secret and ConfigMap are named after). */
  String name();

  /** Its kind as written in the file ({@code postgres}, {@code s3}, {@code kafka}). */
  String kind();

  /**
   * A PostgreSQL database, as a CloudNativePG cluster named {@code name} provides it: the Secret
   * {@code <name>-app} with the keys {@code username}, {@code password}, {@code host}, {@code
   * port}, {@code dbname}, {@code uri}, {@code jdbc-uri} and {@code pgpass}.
   *
   * @param database the database (CloudNativePG's default: {@code app})
   * @param owner the role that owns it and that functions connect as ({@code app})
   * @param port the port to listen on (0: 5432 when free, else any free port)
   */
  record Postgres(String name, String database, String owner, int port) implements ServiceSpec {
    @Override
    public String kind() {
      return "postgres";
    }

    /** The Secret functions reference, as CloudNativePG names it. */
    public String secretName() {
      return name + "-app";
    }
  }

  /**
   * An S3-compatible store with buckets, publishing bucket notifications to Kafka as MinIO does.
   * Functions reach it through the Secret {@code secret} ({@code AWS_ACCESS_KEY_ID}, {@code
   * AWS_SECRET_ACCESS_KEY}) and the ConfigMap {@code configMap} ({@code endpoint}, {@code region},
   * and {@code bucket} when there is one bucket).
   *
   * @param port the port to listen on (0: 9000 when free, else any free port)
   */
  record S3(
      String name,
      List<String> buckets,
      List<Notification> notifications,
      String region,
      String accessKey,
      String secretKey,
      String secret,
      String configMap,
      int port)
      implements ServiceSpec {
    public S3 {
      buckets = List.copyOf(buckets);
      notifications = List.copyOf(notifications);
    }

    @Override
    public String kind() {
      return "s3";
    }
  }

  /**
   * Bucket notifications to a Kafka topic, as MinIO's Kafka target publishes them.
   *
   * @param events which ones: created, removed (both when not given)
   * @param prefix only keys starting with it ("" for all)
   * @param suffix only keys ending with it ("" for all)
   */
  record Notification(
      String bucket, String topic, Set<ObjectEvent> events, String prefix, String suffix) {
    public Notification {
      events = Set.copyOf(events);
    }

    /** Whether an event of this kind on this key is published. */
    public boolean matches(String bucketName, String key, ObjectEvent event) {
      return bucket.equals(bucketName)
          && events.contains(event)
          && key.startsWith(prefix)
          && key.endsWith(suffix);
    }
  }

  /** The object events a notification can ask for. */
  enum ObjectEvent {
    CREATED,
    REMOVED
  }

  /**
   * Kafka topics the app needs made before its functions start (topics its triggers read are made
   * anyway, with one partition).
   */
  record Kafka(String name, List<Topic> topics) implements ServiceSpec {
    public Kafka {
      topics = List.copyOf(topics);
    }

    @Override
    public String kind() {
      return "kafka";
    }
  }

  /** A topic and its partition count. */
  record Topic(String name, int partitions) {}
}
