package dev.skyless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.local.main.LocalOptions;
import dev.skyless.local.main.LocalPlatform;
import dev.skyless.local.status.ConsoleReporter;
import dev.skyless.local.status.DevState;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyless dlq} against a running {@code skyless dev}: ten events fail until their function
 * is mended and are dead-lettered after their retries; one redrive sends each back once, keeping
 * its id, and the function then handles each exactly once; a second redrive sends none; the list
 * marks them.
 */
class DlqCommandIT {

  @TempDir Path home;
  private LocalPlatform platform;

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void tenDeadLettersAreRedrivenOnceEachAndMarked() throws Exception {
    Path broken = Files.createFile(home.resolve("broken"));
    Path functions = Files.createDirectories(home.resolve("functions"));
    Files.writeString(
        functions.resolve("mendable.yaml"),
        """
        apiVersion: skyless.dev/v1alpha1
        kind: Function
        metadata:
          name: mendable
          annotations:
            skyless.dev/local-class-path: "%s"
        spec:
          image: registry.local/mendable:dev
          handler: dev.skyless.cli.testing.Mendable
          env: [{name: BROKEN_FILE, value: "%s"}]
          events: {topic: test.mended}
          triggers:
            - {name: jobs, kafka: {topics: [test.jobs]}, delivery: {retries: 1, backoffDelay: PT0.02S}}
        """
            .formatted(System.getProperty("java.class.path"), broken));
    LocalOptions defaults = LocalOptions.defaults(List.of(functions));
    platform =
        LocalPlatform.start(
            new LocalOptions(
                defaults.functionPaths(),
                "127.0.0.1",
                0,
                Optional.empty(),
                0,
                Duration.ofSeconds(30),
                home.resolve("dev"),
                Duration.ofSeconds(60),
                defaults.jvmOptions(),
                Map.of(),
                false,
                false),
            new ConsoleReporter(new PrintWriter(new StringWriter()), false));
    String kafka = DevState.read(home.resolve("dev")).orElseThrow().kafkaBootstrapServers();
    CliContext cli = Cli.context(home, Map.of());

    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka, "acks", "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < 10; i++) {
        CloudEvent job =
            CloudEventBuilder.v1()
                .withId("job-" + i)
                .withSource(URI.create("/tests"))
                .withType("com.example.job")
                .withDataContentType("application/json")
                .withData(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                .build();
        ProducerRecord<byte[], byte[]> record =
            KafkaMessageFactory.<byte[]>createWriter("test.jobs", null).writeBinary(job);
        producer.send(record).get();
      }
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                Cli.run(cli, "dlq", "list", "mendable")
                    .out()
                    .contains("10 dead letter(s), 0 redriven"));
    Cli.Run listed = Cli.run(cli, "dlq", "list", "mendable", "--trigger", "jobs");
    assertThat(listed.exitCode()).isZero();
    assertThat(listed.out())
        .contains("test.jobs.dlq (trigger jobs)")
        .contains("500 the function answered 500")
        .contains("job-9");
    Cli.Run shown = Cli.run(cli, "dlq", "show", "mendable", "0/0");
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out())
        .contains("attempts:        2")
        .contains("origin:          test.jobs")
        .contains("redriven:        no")
        .containsPattern("payload:\\s+\\{\"n\":\\d\\}");

    Files.delete(broken);
    Cli.Run redrive = Cli.run(cli, "dlq", "redrive", "mendable");
    Cli.Run again = Cli.run(cli, "dlq", "redrive", "mendable", "--trigger", "jobs");

    assertThat(redrive.exitCode()).as(redrive.err()).isZero();
    assertThat(redrive.out())
        .contains("10 redriven, 0 already redriven before", "10 record(s) sent back");
    assertThat(again.out())
        .contains("0 redriven, 10 already redriven before", "0 record(s) sent back");
    List<String> mended = new ArrayList<>();
    try (var consumer = consumer(kafka)) {
      consumer.subscribe(List.of("test.mended"));
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < end && mended.size() < 10) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          mended.add(new String(r.value(), StandardCharsets.UTF_8));
        }
      }
      // Anything sent twice would come within the next seconds.
      long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < quiet) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(r -> mended.add(new String(r.value(), StandardCharsets.UTF_8)));
      }
    }
    assertThat(mended).as("each redelivered once").hasSize(10).doesNotHaveDuplicates();
    for (int i = 0; i < 10; i++) {
      assertThat(mended).as("its CloudEvent id kept").contains("{\"id\":\"job-" + i + "\"}");
    }
    Cli.Run marked = Cli.run(cli, "dlq", "list", "mendable");
    assertThat(marked.out()).contains("10 dead letter(s), 10 redriven");
    assertThat(Cli.run(cli, "dlq", "show", "mendable", "0/0").out()).contains("to test.jobs");

    Cli.Run noTrigger = Cli.run(cli, "dlq", "list", "mendable", "--trigger", "nope");
    assertThat(noTrigger.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noTrigger.err()).contains("mendable has no trigger nope (it has: jobs)");
    Cli.Run badSince = Cli.run(cli, "dlq", "list", "mendable", "--since", "yesterday");
    assertThat(badSince.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run(cli, "dlq", "list", "mendable", "--since", "1h").out())
        .contains("10 dead letter(s), 10 redriven");
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String kafka) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-reader");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
