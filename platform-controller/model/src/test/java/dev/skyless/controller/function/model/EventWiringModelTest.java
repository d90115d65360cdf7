package dev.skyless.controller.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.testing.Desired;
import dev.skyless.controller.testing.Functions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWiringModelTest {

  private static final PlatformDefaults DEFAULTS =
      PlatformDefaults.fromConfigMap(Map.of("kafka.bootstrapServers", "k0:9092,k1:9092"));

  @Test
  void kafkaTriggerBecomesAKafkaSourceWithItsDeadLetterSink() {
    Function function =
        Functions.withSpec(
            "inventory",
            "triggers: [{name: orders, kafka: {topics: [shop.orders]}, delivery: {retries: 3, backoffDelay: 500ms}}]");

    var source = Desired.kafkaSources(function, DEFAULTS).get("inventory-orders");
    var sink = Desired.deadLetterSinks(function, DEFAULTS).get("inventory-orders-dlq");

    assertThat(source.getSpec().getTopics()).containsExactly("shop.orders");
    assertThat(source.getSpec().getBootstrapServers()).containsExactly("k0:9092", "k1:9092");
    assertThat(source.getSpec().getConsumerGroup()).isEqualTo("skyless.shop.inventory.orders");
    assertThat(source.getSpec().getOrdering()).isEqualTo("ordered");
    assertThat(source.getSpec().getInitialOffset()).isEqualTo("earliest");
    assertThat(source.getSpec().getSink().getRef().getName()).isEqualTo("inventory");
    var delivery = source.getSpec().getDelivery();
    assertThat(delivery.getRetry()).isEqualTo(3);
    assertThat(delivery.getBackoffPolicy()).isEqualTo("exponential");
    assertThat(delivery.getBackoffDelay()).isEqualTo("PT0.5S");
    assertThat(delivery.getTimeout()).isEqualTo("PT30S");
    assertThat(delivery.getDeadLetterSink().getRef().getKind()).isEqualTo("KafkaSink");
    assertThat(delivery.getDeadLetterSink().getRef().getName())
        .isEqualTo(sink.getMetadata().getName());
    assertThat(sink.getSpec().getTopic()).isEqualTo("shop.orders.dlq");
    assertThat(sink.getSpec().getContentMode()).isEqualTo("binary");
    // Unset, so that Knative treats the topic as external and never deletes it with the sink.
    assertThat(sink.getSpec().getNumPartitions()).isNull();
    assertThat(sink.getSpec().getReplicationFactor()).isNull();
    assertThat(source.getMetadata().getLabels())
        .containsEntry(FunctionChildren.TRIGGER_LABEL, "orders");
  }

  @Test
  void everyTriggerDeliversToItsOwnPathWithItsTokenAndTheRuntimeFilters() {
    Function function =
        Functions.withSpec(
            "inventory",
            "triggers: [{name: orders, kafka: {topics: [a]}, filter: {type: com.example.placed}}, {name: all, kafka: {topics: [b]}}]");

    var sources = Desired.kafkaSources(function, DEFAULTS);

    String token = Desired.settings(function, DEFAULTS).triggerToken();
    assertThat(token).isNotBlank();
    assertThat(sources.get("inventory-orders").getSpec().getSink().getUri())
        .isEqualTo("/_skyless/triggers/orders?skyless-token=" + token);
    assertThat(sources.get("inventory-orders").getSpec().getSink().getRef().getName())
        .isEqualTo("inventory");
    assertThat(sources.get("inventory-all").getSpec().getSink().getUri())
        .isEqualTo("/_skyless/triggers/all?skyless-token=" + token);
    var env =
        Desired.service(function, DEFAULTS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst()
            .getEnv();
    assertThat(env)
        .filteredOn(e -> e.getName().equals("SKYLESS_TRIGGER_FILTERS"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValue())
                    .isEqualTo("{\"orders\":{\"type\":\"com.example.placed\"}}"));
  }

  @Test
  void deadLetterTopicNaming() {
    Function function =
        Functions.withSpec(
            "fn",
            """
            triggers:
              - {name: one, kafka: {topics: [a]}}
              - {name: two, kafka: {topics: [a, b]}}
              - {name: own, kafka: {topics: [c]}, delivery: {deadLetterTopic: mine}}
              - {name: brk, broker: {}}
            """);

    var sinks = Desired.deadLetterSinks(function, DEFAULTS);

    assertThat(sinks.get("fn-one-dlq").getSpec().getTopic()).isEqualTo("a.dlq");
    assertThat(sinks.get("fn-two-dlq").getSpec().getTopic()).isEqualTo("shop.fn.two.dlq");
    assertThat(sinks.get("fn-own-dlq").getSpec().getTopic()).isEqualTo("mine");
    assertThat(sinks.get("fn-brk-dlq").getSpec().getTopic()).isEqualTo("shop.fn.brk.dlq");
  }

  @Test
  void brokerTriggerWithFiltersAndExplicitDelivery() {
    Function function =
        Functions.withSpec(
            "notify",
            "triggers: [{name: placed, broker: {name: orders}, filter: {type: com.example.placed, typePrefix: com.example.}}]");

    var trigger = Desired.brokerTriggers(function, DEFAULTS).get("notify-placed");

    assertThat(trigger.getSpec().getBroker()).isEqualTo("orders");
    assertThat(trigger.getSpec().getFilters()).hasSize(2);
    assertThat(trigger.getSpec().getFilters().get(0).getExact())
        .containsEntry("type", "com.example.placed");
    assertThat(trigger.getSpec().getFilters().get(1).getPrefix())
        .containsEntry("type", "com.example.");
    assertThat(trigger.getSpec().getSubscriber().getRef().getName()).isEqualTo("notify");
    assertThat(trigger.getSpec().getSubscriber().getUri()).startsWith("/_skyless/triggers/placed?");
    assertThat(trigger.getSpec().getDelivery().getDeadLetterSink().getRef().getName())
        .isEqualTo("notify-placed-dlq");
    assertThat(trigger.getSpec().getDelivery().getRetry()).isEqualTo(5);
  }

  @Test
  void oneBrokerFilterPerAttributeAsKnativeWantsIt() {
    Function function =
        Functions.withSpec(
            "notify",
            "triggers: [{name: p, broker: {}, filter: {type: com.example.placed, source: /shop}}]");

    var filters = Desired.brokerTriggers(function, DEFAULTS).get("notify-p").getSpec().getFilters();

    assertThat(filters).hasSize(2);
    assertThat(filters).allSatisfy(f -> assertThat(f.getExact()).hasSize(1));
  }

  @Test
  void unorderedLatestAndLinear() {
    Function function =
        Functions.withSpec(
            "fn",
            "triggers: [{name: t, kafka: {topics: [a], ordering: unordered, initialOffset: latest}, delivery: {backoff: linear}}]");

    var source = Desired.kafkaSources(function, DEFAULTS).get("fn-t");

    assertThat(source.getSpec().getOrdering()).isEqualTo("unordered");
    assertThat(source.getSpec().getInitialOffset()).isEqualTo("latest");
    assertThat(source.getSpec().getDelivery().getBackoffPolicy()).isEqualTo("linear");
  }

  @Test
  void explainsWhatCannotBeBuilt() {
    Function kafka = Functions.withSpec("fn", "triggers: [{name: t, kafka: {topics: [a]}}]");
    assertThatThrownBy(() -> Desired.kafkaSources(kafka, PlatformDefaults.builtIn()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("kafka.bootstrapServers");
    Function longNames =
        Functions.withSpec(
            "f".repeat(40), "triggers: [{name: " + "t".repeat(30) + ", broker: {}}]");
    assertThatThrownBy(() -> Desired.brokerTriggers(longNames, DEFAULTS))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("shorten the trigger name");
  }
}
