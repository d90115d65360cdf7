package dev.skyless.examples.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.kafka.embedded.KafkaTestClients;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.testing.FunctionTestServer;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thumbnail function as it runs: MinIO-shaped bucket notifications on a real Kafka topic, read
 * by the runtime's direct consumer; objects in a real S3-compatible server (s3proxy).
 */
class MakeThumbnailIT {

  @TempDir Path dir;

  static String minioEvent(String bucket, String key) {
    return """
        {"EventName":"s3:ObjectCreated:Put","Key":"%s/%s","Records":[{"eventVersion":"2.0",
         "eventSource":"minio:s3","eventName":"s3:ObjectCreated:Put",
         "s3":{"bucket":{"name":"%s"},"object":{"key":"%s","size":1}}}]}
        """
        .formatted(bucket, key, bucket, key.replace(" ", "+"));
  }

  @Test
  void thumbnailsObjectsSkipsItsOwnOutputAndDeadLettersCorruptOnes() throws Exception {
    String topic = "images-" + UUID.randomUUID();
    try (S3Proxy s3 = S3Proxy.start(dir)) {
      Map<String, String> env = new HashMap<>();
      env.put("S3_ENDPOINT", s3.endpoint());
      env.put("S3_ACCESS_KEY", "local");
      env.put("S3_SECRET_KEY", "local");
      try (ObjectStore store = new ObjectStore(env);
          var admin =
              software.amazon.awssdk.services.s3.S3Client.builder()
                  .httpClient(
                      software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                  .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                  .forcePathStyle(true)
                  .endpointOverride(java.net.URI.create(s3.endpoint()))
                  .credentialsProvider(
                      software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                          software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                              "local", "local")))
                  .build()) {
        admin.createBucket(b -> b.bucket("images"));
        store.write(
            new ObjectRef("images", "holiday/beach photo.jpg"),
            TestImages.jpeg(TestImages.thirds(1920, 1080, BufferedImage.TYPE_INT_RGB), 0.9f),
            "image/jpeg");
        store.write(
            new ObjectRef("images", "logo.png"),
            TestImages.png(TestImages.thirds(300, 500, BufferedImage.TYPE_INT_ARGB)),
            "image/png");
        store.write(
            new ObjectRef("images", "notes.txt"),
            "not an image".getBytes(StandardCharsets.UTF_8),
            "text/plain");

        Map<String, String> runtime = new HashMap<>(env);
        runtime.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", SharedKafka.get().bootstrapServers());
        runtime.put("SKYLESS_KAFKA_TOPICS", topic);
        runtime.put("SKYLESS_KAFKA_BACKOFF_DELAY", "PT0.05S");
        MakeThumbnail function = new MakeThumbnail(env);
        try (var server = FunctionTestServer.start(function, runtime);
            var producer = KafkaTestClients.producer(SharedKafka.get().bootstrapServers());
            var dlq =
                KafkaTestClients.consumer(SharedKafka.get().bootstrapServers(), topic + ".dlq")) {
          producer
              .send(new ProducerRecord<>(topic, minioEvent("images", "holiday/beach photo.jpg")))
              .get();
          producer.send(new ProducerRecord<>(topic, minioEvent("images", "logo.png"))).get();
          producer.send(new ProducerRecord<>(topic, minioEvent("images", "notes.txt"))).get();
          // What MinIO sends when the function writes its thumbnail: must be ignored.
          producer
              .send(new ProducerRecord<>(topic, minioEvent("images", "thumbnails/logo.jpg")))
              .get();

          await()
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptionsInstanceOf(dev.skyless.sdk.ProblemException.class)
              .untilAsserted(
                  () -> {
                    for (String key :
                        List.of("thumbnails/holiday/beach photo.jpg", "thumbnails/logo.jpg")) {
                      BufferedImage thumb =
                          TestImages.decode(store.read(new ObjectRef("images", key)));
                      assertThat(thumb.getWidth()).isEqualTo(150);
                      assertThat(thumb.getHeight()).isEqualTo(150);
                    }
                  });

          List<ConsumerRecord<String, String>> dead = new ArrayList<>();
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> {
                    dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
                    return !dead.isEmpty();
                  });
          assertThat(dead).hasSize(1);
          assertThat(dead.getFirst().value()).contains("notes.txt");
          assertThat(header(dead.getFirst(), "skyless-error-message"))
              .contains("images/notes.txt", "not");
          assertThat(header(dead.getFirst(), "skyless-attempts")).isEqualTo("1");

          Thread.sleep(1_000);
          var thumbs =
              admin.listObjectsV2(b -> b.bucket("images").prefix("thumbnails/")).contents();
          assertThat(thumbs)
              .extracting(software.amazon.awssdk.services.s3.model.S3Object::key)
              .containsExactlyInAnyOrder(
                  "thumbnails/holiday/beach photo.jpg", "thumbnails/logo.jpg");
          long bytesIn = 0;
          long bytesOut = 0;
          for (String key : List.of("holiday/beach photo.jpg", "logo.png")) {
            bytesIn += store.read(new ObjectRef("images", key)).length;
          }
          for (var thumb : thumbs) {
            bytesOut += thumb.size();
          }
          String metrics = server.get("/metrics").body();
          assertThat(metrics)
              .containsPattern(
                  "thumbnails_made_total\\{engine=\"[^\"]+\",function=\"function\"} 2\\.0")
              .contains("thumbnails_bytes_in_total{function=\"function\"} " + (double) bytesIn)
              .contains("thumbnails_bytes_out_total{function=\"function\"} " + (double) bytesOut);

          // The same over HTTP, as a CloudEvent with bucket and key.
          var response =
              server.post(
                  "{\"bucket\":\"images\",\"key\":\"logo.png\"}",
                  "ce-specversion",
                  "1.0",
                  "ce-id",
                  "c-1",
                  "ce-source",
                  "/tests",
                  "ce-type",
                  "com.example.object.created",
                  "content-type",
                  "application/json");
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.body()).contains("thumbnails/logo.jpg");
        }
      }
    }
  }

  static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
