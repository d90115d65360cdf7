package dev.skyless.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.local.Ports;
import dev.skyless.local.app.ServiceSpec;
import dev.skyless.local.services.ServiceBindings;
import dev.skyless.local.services.s3.BucketNotifier;
import dev.skyless.local.services.s3.S3EventRecord;
import dev.skyless.local.services.s3.S3Service;
import io.vertx.core.Vertx;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The thumbnail image on a base with libvips ({@code skyless base --package libvips42}): the
 * store's notification, delivered as the KafkaSource delivers it, becomes a 150x150 JPEG made by
 * libvips through FFM (native access on), in a read-only container under its 512 MiB limit.
 */
class ThumbnailContainerIT {

  @Test
  void aStoredImageBecomesA150pxJpegMadeByLibvips() throws Exception {
    Images images = Images.get();
    String image = images.build("thumbnail", images.base("libvips42"), "aot");

    ServiceSpec.S3 spec =
        new ServiceSpec.S3(
            "media",
            List.of("images"),
            List.of(
                new ServiceSpec.Notification(
                    "images",
                    "images.events",
                    EnumSet.of(ServiceSpec.ObjectEvent.CREATED),
                    "",
                    "")),
            "us-east-1",
            "skyless",
            "container-test-secret",
            "media",
            "media",
            0);
    List<S3EventRecord> notified = new CopyOnWriteArrayList<>();
    Vertx vertx = Vertx.vertx();
    try (S3Service store =
            S3Service.start(
                spec, images.dir.resolve("s3"), images.dir.resolve("s3-logs"), new Ports(), false);
        BucketNotifier notifier = new CapturingNotifier(notified)) {
      store.serve(vertx, notifier, problem -> {});
      ServiceBindings bindings = ServiceBindings.none();
      store.bind(bindings);
      var namespace =
          new PodRun.Namespace(
              Map.of("media", bindings.secret("media").orElseThrow()),
              Map.of("media", bindings.configMap("media").orElseThrow()));

      int port = dev.skyless.local.Ports.anyFree();
      PodRun run =
          PodRun.of(
              Images.service(
                  "thumbnail",
                  image,
                  PlatformDefaults.fromConfigMap(
                      Map.of("kafka.bootstrapServers", SharedKafka.get().bootstrapServers()))),
              namespace,
              port,
              images.dir,
              Map.of(),
              "thumbnail-pod");
      assertThat(run.args()).contains("--memory=536870912");
      try (RunningContainer pod = RunningContainer.start(images.podman, run, port, images.dir);
          S3Client s3 = client(store.endpoint(), spec)) {
        pod.awaitFirstAnswer(
            java.net.http.HttpRequest.newBuilder(URI.create(pod.url("/health/ready"))).build(),
            Duration.ofSeconds(60));
        s3.putObject(
            b -> b.bucket("images").key("photos/cat.png"), RequestBody.fromBytes(png(640, 480)));
        assertThat(notified).hasSize(1);

        HttpResponse<String> made =
            pod.send(
                RunningContainer.cloudEvent(pod.url("/"), "n-1", notified.getFirst().toJson()));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        byte[] thumb =
            s3.getObjectAsBytes(b -> b.bucket("images").key("thumbnails/photos/cat.jpg"))
                .asByteArray();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumb));
        assertThat(decoded.getWidth()).isEqualTo(150);
        assertThat(decoded.getHeight()).isEqualTo(150);
        assertThat(thumb[0] & 0xff).isEqualTo(0xff);
        assertThat(thumb[1] & 0xff).isEqualTo(0xd8); // a JPEG
        assertThat(pod.jsonLines())
            .anySatisfy(
                l ->
                    assertThat(String.valueOf(l.get("message")))
                        .contains("thumbnails/photos/cat.jpg")
                        .contains("libvips"));
        pod.terminate();
        assertThat(pod.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static S3Client client(String endpoint, ServiceSpec.S3 spec) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(spec.accessKey(), spec.secretKey())))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static byte[] png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLUE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** Keeps the store's notifications for the test to deliver as the KafkaSource would. */
  private record CapturingNotifier(List<S3EventRecord> records) implements BucketNotifier {
    @Override
    public void publish(String topic, S3EventRecord record) {
      records.add(record);
    }

    @Override
    public void close() {}
  }
}
