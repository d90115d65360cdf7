package dev.skyless.local.events;

import dev.skyless.local.function.LocalFunction;
import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.kafka.ConsumerHealth;
import dev.skyless.runtime.kafka.DeadLetterPublisher;
import dev.skyless.runtime.kafka.DirectConsumer;
import dev.skyless.runtime.kafka.KafkaClients;
import dev.skyless.runtime.kafka.RecordEvents;
import dev.skyless.runtime.kafka.RecordProcessor;
import dev.skyless.runtime.metrics.RuntimeMetrics;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The local stand-in for KafkaSource: one consumer per Kafka trigger, reading its topics as its
 * consumer group, delivering each record over HTTP in order (or in parallel when unordered), with
 * the trigger's retries and backoff, then to its dead-letter topic. The same loop as the runtime's
 * direct consumer mode, so the two never disagree on what "delivered" means.
 */
public final class KafkaTriggers implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final RuntimeConfig.Kafka kafka;
  private final WebClient client;
  private final int gatewayPort;
  private final RuntimeMetrics metrics = new RuntimeMetrics();
  private final List<DirectConsumer> consumers = new ArrayList<>();
  private KafkaProducer<byte[], byte[]> deadLetterProducer;

  public KafkaTriggers(String bootstrapServers, WebClient client, int gatewayPort) {
    this.kafka = new RuntimeConfig.Kafka(bootstrapServers, java.util.Map.of());
    this.client = client;
    this.gatewayPort = gatewayPort;
  }

  /** Starts consuming for every Kafka trigger of {@code function}. */
  public void start(LocalFunction function) throws InterruptedException {
    for (LocalFunction.KafkaTrigger trigger : function.kafkaTriggers()) {
      if (deadLetterProducer == null) {
        deadLetterProducer = KafkaClients.producer(kafka, "skyless-dev");
      }
      DeadLetterPublisher deadLetters =
          new DeadLetterPublisher(
              deadLetterProducer,
              new DeadLetterPublisher.Origin(
                  namespace(function), function.name(), java.util.Optional.of(trigger.name())));
      RecordEvents events =
          new RecordEvents(namespace(function), function.name() + "-" + trigger.name());
      HttpDelivery delivery =
          new HttpDelivery(client, gatewayPort, function.name(), trigger.path(), trigger.timeout());
      RuntimeConfig.Consumer settings = trigger.consumer();
      String clientId = "skyless-dev-" + function.name() + "-" + trigger.name();
      DirectConsumer consumer =
          new DirectConsumer(
              member -> KafkaClients.consumer(kafka, settings, clientId, member),
              settings,
              metrics,
              new RecordProcessor(delivery, events, deadLetters, settings, metrics),
              GRACE,
              new ConsumerHealth(
                  function.name() + "/" + trigger.name(),
                  settings.stallAfter(),
                  ConsumerHealth.Listener.NONE));
      consumer.start();
      consumers.add(consumer);
    }
  }

  private static String namespace(LocalFunction function) {
    return function.env().getOrDefault(dev.skyless.contract.RuntimeVariables.NAMESPACE, "default");
  }

  /** Finishes records in flight, commits, and leaves the consumer groups. */
  @Override
  public void close() {
    List<Thread> closing = new ArrayList<>();
    for (DirectConsumer consumer : consumers) {
      closing.add(Thread.ofVirtual().start(consumer::close));
    }
    for (Thread thread : closing) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (deadLetterProducer != null) {
      deadLetterProducer.close(Duration.ofSeconds(5));
    }
  }
}
