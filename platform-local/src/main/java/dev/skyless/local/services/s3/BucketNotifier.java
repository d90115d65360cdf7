package dev.skyless.local.services.s3;

import dev.skyless.local.app.ServiceSpec;
import java.util.List;

/**
 * Publishes bucket notifications: where the records go is the caller's choice (Kafka under {@code
 * skyless dev}, a list in a test).
 */
public interface BucketNotifier extends AutoCloseable {

  /** Sends one record to a topic; failures are reported, not thrown. */
  void publish(String topic, S3EventRecord record);

  /** Sends what is pending and stops. */
  @Override
  void close();

  /** The topics an event goes to under the store's notification settings. */
  static List<String> topics(
      List<ServiceSpec.Notification> notifications, String bucket, String key, boolean removed) {
    ServiceSpec.ObjectEvent event =
        removed ? ServiceSpec.ObjectEvent.REMOVED : ServiceSpec.ObjectEvent.CREATED;
    return notifications.stream()
        .filter(n -> n.matches(bucket, key, event))
        .map(ServiceSpec.Notification::topic)
        .distinct()
        .toList();
  }
}
