package dev.skyless.local.services.s3;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bucket notifications to Kafka, as MinIO's Kafka target sends them: a plain JSON record (no
 * CloudEvent headers; a KafkaSource makes the CloudEvent), keyed by {@code <bucket>/<key>}, so the
 * events of one object stay in order on one partition. The producer is idempotent and retries for
 * two minutes, so a broker that is briefly away loses nothing.
 */
public final class KafkaBucketNotifier implements BucketNotifier {

  private final KafkaProducer<String, String> producer;
  private final Consumer<String> problems;

  /**
   * @param problems told, in one line, about a record that could not be sent
   */
  public KafkaBucketNotifier(String bootstrapServers, Consumer<String> problems) {
    this.problems = problems;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                "skyless-dev-s3-notifications",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new StringSerializer(),
            new StringSerializer());
  }

  @Override
  public void publish(String topic, S3EventRecord record) {
    producer.send(
        new ProducerRecord<>(topic, record.recordKey(), record.toJson()),
        (metadata, error) -> {
          if (error != null) {
            problems.accept(
                "bucket notification "
                    + record.eventName()
                    + " "
                    + record.recordKey()
                    + " not sent to "
                    + topic
                    + ": "
                    + error.getMessage());
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
