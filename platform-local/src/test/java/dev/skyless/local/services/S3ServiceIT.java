package dev.skyless.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.local.Ports;
import dev.skyless.local.app.ServiceSpec;
import dev.skyless.local.app.ServiceSpec.ObjectEvent;
import dev.skyless.local.services.s3.KafkaBucketNotifier;
import dev.skyless.local.services.s3.S3Service;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The dev S3 store as clients and consumers meet it: the AWS SDK v2 with its default settings
 * (signatures, checksums) against s3proxy behind the notifying proxy, and the bucket notifications
 * read back from a real Kafka broker in the shape MinIO publishes.
 */
class S3ServiceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALL = "images.events-" + UUID.randomUUID();
  private static final String JPEG_CREATED = "images.jpegs-" + UUID.randomUUID();

  @TempDir static Path dir;
  static Vertx vertx;
  static KafkaBucketNotifier notifier;
  static S3Service store;
  static S3Client s3;
  static final List<String> problems = new CopyOnWriteArrayList<>();
  static final ServiceSpec.S3 SPEC =
      new ServiceSpec.S3(
          "media",
          List.of("images", "other"),
          List.of(
              new ServiceSpec.Notification("images", ALL, EnumSet.allOf(ObjectEvent.class), "", ""),
              new ServiceSpec.Notification(
                  "images", JPEG_CREATED, EnumSet.of(ObjectEvent.CREATED), "", ".jpg")),
          "us-east-1",
          "skyless",
          "a-secret-key",
          "media",
          "media",
          0);

  @BeforeAll
  static void start() {
    SharedKafka.get().createTopic(ALL, 1);
    SharedKafka.get().createTopic(JPEG_CREATED, 1);
    vertx = Vertx.vertx();
    notifier = new KafkaBucketNotifier(SharedKafka.get().bootstrapServers(), problems::add);
    store = startStore();
    s3 = client(store.endpoint(), SPEC.secretKey());
  }

  private static S3Service startStore() {
    S3Service started =
        S3Service.start(SPEC, dir.resolve("s3"), dir.resolve("logs"), new Ports(), false);
    started.serve(vertx, notifier, problems::add);
    return started;
  }

  static S3Client client(String endpoint, String secret) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("skyless", secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (store != null) {
      store.close();
    }
    if (notifier != null) {
      notifier.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void everyWayOfMakingAndRemovingAnObjectIsNotifiedAsMinioDoes() throws Exception {
    byte[] png = "not really a png".getBytes(StandardCharsets.UTF_8);
    s3.putObject(
        b ->
            b.bucket("images")
                .key("cats/tom cat+1.png")
                .contentType("image/png")
                .metadata(Map.of("owner", "ada")),
        RequestBody.fromBytes(png));
    s3.copyObject(
        b ->
            b.sourceBucket("images")
                .sourceKey("cats/tom cat+1.png")
                .destinationBucket("images")
                .destinationKey("copies/tom.jpg"));
    String upload = s3.createMultipartUpload(b -> b.bucket("images").key("big.bin")).uploadId();
    byte[] part1 = new byte[5 * 1024 * 1024];
    byte[] part2 = new byte[1000];
    String e1 =
        s3.uploadPart(
                b -> b.bucket("images").key("big.bin").uploadId(upload).partNumber(1),
                RequestBody.fromBytes(part1))
            .eTag();
    String e2 =
        s3.uploadPart(
                b -> b.bucket("images").key("big.bin").uploadId(upload).partNumber(2),
                RequestBody.fromBytes(part2))
            .eTag();
    s3.completeMultipartUpload(
        b ->
            b.bucket("images")
                .key("big.bin")
                .uploadId(upload)
                .multipartUpload(
                    m ->
                        m.parts(
                            CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build())));
    s3.deleteObject(b -> b.bucket("images").key("cats/tom cat+1.png"));
    s3.deleteObject(b -> b.bucket("images").key("never-there.png")); // 204, but nothing removed
    s3.putObject(b -> b.bucket("images").key("a.txt"), RequestBody.fromString("a"));
    s3.putObject(b -> b.bucket("images").key("b.txt"), RequestBody.fromString("b"));
    s3.deleteObjects(
        b -> b.bucket("images").delete(d -> d.objects(o -> o.key("a.txt"), o -> o.key("b.txt"))));
    s3.putObject(b -> b.bucket("other").key("elsewhere.jpg"), RequestBody.fromString("x"));
    s3.putObject(b -> b.bucket("images").key("c.txt"), RequestBody.fromString("c"));
    // quiet: the answer lists no deleted keys, the request does
    s3.deleteObjects(
        b -> b.bucket("images").delete(d -> d.quiet(true).objects(o -> o.key("c.txt"))));

    List<ConsumerRecord<String, String>> records = read(ALL, 10);
    assertThat(records)
        .extracting(r -> event(r).path("EventName").asText() + " " + r.key())
        .containsExactly(
            "s3:ObjectCreated:Put images/cats/tom cat+1.png",
            "s3:ObjectCreated:Copy images/copies/tom.jpg",
            "s3:ObjectCreated:CompleteMultipartUpload images/big.bin",
            "s3:ObjectRemoved:Delete images/cats/tom cat+1.png",
            "s3:ObjectCreated:Put images/a.txt",
            "s3:ObjectCreated:Put images/b.txt",
            "s3:ObjectRemoved:Delete images/a.txt",
            "s3:ObjectRemoved:Delete images/b.txt",
            "s3:ObjectCreated:Put images/c.txt",
            "s3:ObjectRemoved:Delete images/c.txt");

    JsonNode put = event(records.get(0));
    assertThat(put.path("Key").asText()).isEqualTo("images/cats/tom cat+1.png");
    JsonNode record = put.path("Records").get(0);
    assertThat(record.path("eventVersion").asText()).isEqualTo("2.0");
    assertThat(record.path("eventSource").asText()).isEqualTo("minio:s3");
    assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
    assertThat(record.path("eventName").asText()).isEqualTo("s3:ObjectCreated:Put");
    assertThat(record.path("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    JsonNode s3Node = record.path("s3");
    assertThat(s3Node.path("bucket").path("name").asText()).isEqualTo("images");
    assertThat(s3Node.path("bucket").path("arn").asText()).isEqualTo("arn:aws:s3:::images");
    JsonNode object = s3Node.path("object");
    assertThat(object.path("key").asText()).isEqualTo("cats%2Ftom+cat%2B1.png");
    assertThat(object.path("size").asLong()).isEqualTo(png.length);
    assertThat(object.path("eTag").asText())
        .isEqualTo(
            HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(png)));
    assertThat(object.path("contentType").asText()).isEqualTo("image/png");
    assertThat(object.path("userMetadata").path("x-amz-meta-owner").asText()).isEqualTo("ada");
    assertThat(object.path("sequencer").asText()).isNotEmpty();

    JsonNode copy = event(records.get(1)).path("Records").get(0).path("s3").path("object");
    assertThat(copy.path("size").asLong()).isEqualTo(png.length);
    assertThat(copy.path("contentType").asText())
        .as("the copy's type, read from the stored object")
        .isEqualTo("image/png");
    JsonNode big = event(records.get(2)).path("Records").get(0).path("s3").path("object");
    assertThat(big.path("size").asLong()).isEqualTo(part1.length + part2.length);
    assertThat(big.path("eTag").asText()).endsWith("-2");
    JsonNode removed = event(records.get(3)).path("Records").get(0).path("s3").path("object");
    assertThat(removed.has("size")).isFalse();

    assertThat(read(JPEG_CREATED, 1))
        .extracting(ConsumerRecord::key)
        .containsExactly("images/copies/tom.jpg");
    assertThat(problems).isEmpty();
  }

  @Test
  void aRequestSignedWithAnotherKeyIsRefusedAndNotifiesNothing() {
    try (S3Client wrong = client(store.endpoint(), "not-the-secret")) {
      assertThatThrownBy(
              () ->
                  wrong.putObject(
                      b -> b.bucket("images").key("x.jpg"), RequestBody.fromString("x")))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
    assertThat(s3.listObjectsV2(b -> b.bucket("images").prefix("x.jpg")).contents()).isEmpty();
    s3.putObject(b -> b.bucket("images").key("after-refusal.txt"), RequestBody.fromString("y"));
    assertThat(read(ALL, 1))
        .extracting(ConsumerRecord::key)
        .contains("images/after-refusal.txt")
        .doesNotContain("images/x.jpg");
  }

  @Test
  void objectsOutliveTheStore() {
    s3.putObject(b -> b.bucket("other").key("kept.txt"), RequestBody.fromString("kept"));
    store.close();
    store = startStore();
    try (S3Client again = client(store.endpoint(), SPEC.secretKey())) {
      assertThat(again.getObjectAsBytes(b -> b.bucket("other").key("kept.txt")).asUtf8String())
          .isEqualTo("kept");
    }
    s3.close();
    s3 = client(store.endpoint(), SPEC.secretKey());
  }

  private static JsonNode event(ConsumerRecord<String, String> record) {
    try {
      return JSON.readTree(record.value());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Every record of the topic, waiting until at least {@code atLeast} came, then a moment more. */
  private static List<ConsumerRecord<String, String>> read(String topic, int atLeast) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        if (records.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return records;
  }
}
