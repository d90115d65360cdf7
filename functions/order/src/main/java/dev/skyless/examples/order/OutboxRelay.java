package dev.skyless.examples.order;

import dev.skyless.examples.support.Database;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox: rows not yet published, oldest first, each sent to Kafka (a CloudEvent in
 * the binary Kafka binding, keyed by order id) and marked published once Kafka has acknowledged it.
 * Woken after each order, and every second anyway; while Kafka is down rows wait, then go out when
 * it is back. A row may be sent twice (a crash between the ack and the mark): the event id is the
 * row's id, so consumers see the same event and drop the second.
 */
public final class OutboxRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 100;
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

  private final Database database;
  private final Producer<String, CloudEvent> producer;
  private final String topic;
  private final URI source;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;

  public OutboxRelay(
      Database database, Producer<String, CloudEvent> producer, String topic, URI source) {
    this.database = database;
    this.producer = producer;
    this.topic = topic;
    this.source = source;
    this.thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
  }

  /** Publish now rather than at the next tick (an order was just stored). */
  public void wake() {
    wake.release();
  }

  private void loop() {
    while (running) {
      try {
        wake.tryAcquire(IDLE.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        while (running && publishBatch() == BATCH) {
          // more waiting: go on at once
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.warn(
            "publishing the outbox failed, retrying in {} s: {}", IDLE.toSeconds(), e.toString());
      }
    }
  }

  /**
   * Publishes up to one batch, all sends in flight together; returns how many rows Kafka
   * acknowledged (those are marked published; the rest wait for the next round).
   */
  int publishBatch() throws SQLException {
    return database.inTransaction(
        c -> {
          List<UUID> ids = new ArrayList<>();
          List<Future<RecordMetadata>> sends = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT id, subject, type, payload, created_at, traceparent FROM outbox"
                      + " WHERE published_at IS NULL ORDER BY created_at LIMIT ?"
                      + " FOR UPDATE SKIP LOCKED")) {
            select.setInt(1, BATCH);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                UUID id = row.getObject("id", UUID.class);
                CloudEventBuilder builder =
                    CloudEventBuilder.v1()
                        .withId(id.toString())
                        .withSource(source)
                        .withType(row.getString("type"))
                        .withSubject(row.getString("subject"))
                        .withTime(
                            row.getTimestamp("created_at").toInstant().atOffset(ZoneOffset.UTC))
                        .withDataContentType("application/json")
                        .withData(row.getString("payload").getBytes(StandardCharsets.UTF_8));
                String traceparent = row.getString("traceparent");
                if (traceparent != null) {
                  // The placing call's trace: inventory and notification continue it.
                  builder.withExtension("traceparent", traceparent);
                }
                CloudEvent event = builder.build();
                try {
                  sends.add(
                      producer.send(new ProducerRecord<>(topic, row.getString("subject"), event)));
                } catch (RuntimeException e) {
                  break; // Kafka refuses at once (buffer full, not reachable): try again later
                }
                ids.add(id);
              }
            }
          }
          List<UUID> sent = new ArrayList<>();
          Exception failure = null;
          for (int i = 0; i < sends.size(); i++) {
            try {
              sends.get(i).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
              sent.add(ids.get(i));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new SQLException("interrupted while publishing", e);
            } catch (Exception e) {
              failure = e;
            }
          }
          if (sent.isEmpty() && (failure != null || !ids.isEmpty())) {
            throw new SQLException("Kafka did not take the events: " + failure, failure);
          }
          try (PreparedStatement mark =
              c.prepareStatement("UPDATE outbox SET published_at = now() WHERE id = ?")) {
            for (UUID id : sent) {
              mark.setObject(1, id);
              mark.addBatch();
            }
            mark.executeBatch();
          }
          return sent.size();
        });
  }

  @Override
  public void close() {
    running = false;
    wake.release();
    try {
      thread.join(Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
