package dev.skyless.runtime.kafka;

import dev.skyless.runtime.config.RuntimeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creates the Kafka clients the runtime uses, from the one configuration. */
public final class KafkaClients {

  private KafkaClients() {}

  /** An idempotent producer with {@code acks=all}: an acknowledged event is not lost. */
  public static KafkaProducer<byte[], byte[]> producer(RuntimeConfig.Kafka kafka, String clientId) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * A consumer that never commits by itself (offsets are committed after success or DLQ), with a 10
   * s session (a crashed dynamic member's partitions move after that, not Kafka's 45 s) and, when
   * an instance id is given, static membership (a restarted member gets its partitions back as soon
   * as it joins).
   */
  public static KafkaConsumer<byte[], byte[]> consumer(
      RuntimeConfig.Kafka kafka, RuntimeConfig.Consumer consumer, String clientId) {
    return consumer(kafka, consumer, clientId, true);
  }

  /** As above; {@code staticMember} false leaves the instance id out (dynamic membership). */
  public static KafkaConsumer<byte[], byte[]> consumer(
      RuntimeConfig.Kafka kafka,
      RuntimeConfig.Consumer consumer,
      String clientId,
      boolean staticMember) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, consumer.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, consumer.initialOffset());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, consumer.maxPollRecords());
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // The classic protocol: under KIP-848's a crashed static member's id stays taken for the
    // broker's 45 s session, and the client may not set session or heartbeat times.
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    if (staticMember) {
      consumer
          .instanceId()
          .ifPresent(id -> props.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    } else {
      props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
