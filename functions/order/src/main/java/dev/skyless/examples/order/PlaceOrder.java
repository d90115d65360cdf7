package dev.skyless.examples.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.examples.support.Database;
import dev.skyless.examples.support.FieldError;
import dev.skyless.examples.support.Settings;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import dev.skyless.sdk.HttpRequest;
import dev.skyless.sdk.ProblemException;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code POST /order}: validates (a 400 listing every invalid field), prices, stores the order with
 * its {@code com.example.order.placed} event in one transaction, and answers 200 with the order id;
 * the event goes to Kafka from the outbox, at once or, if Kafka is down, when it is back. An {@code
 * Idempotency-Key} header makes a retried request return the first answer.
 *
 * <p>Settings: {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}; {@code
 * SKYLESS_KAFKA_BOOTSTRAP_SERVERS}; {@code SKYLESS_EVENTS_TOPIC} (default {@code
 * shop.order-events}); {@code SKYLESS_EVENT_SOURCE} (default {@code /skyless/shop/order}).
 */
public final class PlaceOrder implements Function<OrderRequest, OrderReceipt>, AutoCloseable {

  private final Database database;
  private final OrderStore store;
  private final OutboxRelay relay;
  private final KafkaProducer<String, CloudEvent> producer;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** As the runtime creates it: settings from the environment. */
  public PlaceOrder() {
    this(Settings.fromEnvironment());
  }

  public PlaceOrder(Settings settings) {
    ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    this.database = Database.open(settings, "order_service");
    this.store = new OrderStore(database, json);
    this.producer = producer(settings);
    this.relay =
        new OutboxRelay(
            database,
            producer,
            settings.optional("SKYLESS_EVENTS_TOPIC", "shop.order-events"),
            URI.create(settings.optional("SKYLESS_EVENT_SOURCE", "/skyless/shop/order")));
  }

  @Override
  public OrderReceipt apply(OrderRequest request, Context ctx) throws Exception {
    Optional<HttpRequest> http = ctx.http();
    if (http.isPresent()) {
      String path = http.get().path();
      if (!path.equals("/orders") && !path.equals("/orders/")) {
        throw new ProblemException(404, "Not found", "orders are placed with POST /orders");
      }
      if (!http.get().method().equals("POST")) {
        throw new ProblemException(
            405, "Method not allowed", "orders are placed with POST /orders");
      }
    }
    List<FieldError> errors = OrderValidator.validate(request);
    if (!errors.isEmpty()) {
      throw new ProblemException(
          400, "Invalid order", errors.size() + " field(s) are invalid", Map.of("errors", errors));
    }
    Optional<String> key = http.flatMap(h -> h.header("idempotency-key")).filter(k -> !k.isBlank());
    if (key.isPresent() && key.get().length() > 200) {
      throw ProblemException.badRequest("Idempotency-Key is longer than 200 characters");
    }
    UUID id = UUID.randomUUID();
    OrderReceipt receipt = store.place(Order.price(id, request), key, request, ctx.traceparent());
    relay.wake();
    if (receipt.orderId().equals(id)) { // not a replay of an earlier request with the same key
      ctx.metrics().counter("orders.placed", "currency", receipt.currency()).increment();
      ctx.metrics()
          .counter("orders.revenue", "currency", receipt.currency())
          .increment(receipt.total().doubleValue());
    }
    ctx.logger()
        .info(
            "order {} placed, total {} {}", receipt.orderId(), receipt.total(), receipt.currency());
    return receipt;
  }

  private static KafkaProducer<String, CloudEvent> producer(Settings settings) {
    Map<String, Object> props = new HashMap<>();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        settings.required("SKYLESS_KAFKA_BOOTSTRAP_SERVERS"));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "order-outbox");
    return new KafkaProducer<>(props, new StringSerializer(), new CloudEventSerializer());
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    relay.close();
    producer.close(java.time.Duration.ofSeconds(5));
    database.close();
  }
}
