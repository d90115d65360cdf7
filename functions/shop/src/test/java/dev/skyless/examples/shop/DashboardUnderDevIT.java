package dev.skyless.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skyless.contract.DeadLetterHeaders;
import dev.skyless.local.main.LocalOptions;
import dev.skyless.local.main.LocalPlatform;
import dev.skyless.local.status.ConsoleReporter;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dev dashboard at {@code /_skyless/} in headless Chromium (Debian's, through its
 * chromedriver), over the shop under {@code skyless dev}: it lists the functions, draws one order's
 * trace through order, inventory and notification, shows a dead-lettered event with its error, and
 * its Redrive button sends the record back (seen in Kafka). A screenshot is left in {@code
 * target/dashboard.png}. Skipped where Chromium or chromedriver is missing.
 */
class DashboardUnderDevIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  @TempDir Path dir;
  private LocalPlatform platform;
  private WebDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theDashboardShowsFunctionsATraceAndADeadLetterAndRedrivesIt() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no "
            + CHROMIUM
            + " or "
            + CHROMEDRIVER
            + " (apt-get install chromium chromium-driver):"
            + " the dashboard's browser test is skipped");
    LocalOptions defaults = LocalOptions.defaults(List.of(Path.of("..")));
    platform =
        LocalPlatform.start(
            new LocalOptions(
                List.of(Path.of("..").toAbsolutePath().normalize()),
                "127.0.0.1",
                0,
                Optional.empty(),
                0,
                Duration.ofMinutes(5),
                dir.resolve("state"),
                Duration.ofSeconds(90),
                defaults.jvmOptions(),
                Map.of(),
                false,
                false),
            new ConsoleReporter(new PrintWriter(new StringWriter(), true), false));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> placed =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.url() + "/orders"))
                .header("content-type", "application/json")
                .header("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01")
                .timeout(Duration.ofSeconds(90))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"customer\":\"ada\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"book\","
                            + "\"quantity\":1,\"unitPrice\":19.99}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
    // An OrderPlaced without lines: inventory refuses it (400), so it is dead-lettered at once.
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", platform.kafkaBootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              KafkaMessageFactory.<byte[]>createWriter("shop.order-events", null)
                  .writeBinary(
                      CloudEventBuilder.v1()
                          .withId("bad-order-1")
                          .withSource(URI.create("/tests"))
                          .withType("com.example.order.placed")
                          .withDataContentType("application/json")
                          .withData(
                              "{\"orderId\":\"11111111-1111-1111-1111-111111111111\",\"lines\":[]}"
                                  .getBytes(StandardCharsets.UTF_8))
                          .build()))
          .get();
    }

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--window-size=1500,1200");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
            options);
    browser.get(platform.url() + "/_skyless/");

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                browser.findElements(By.cssSelector("#functions tbody tr")).stream()
                    .map(row -> row.getAttribute("data-function"))
                    .toList()
                    .containsAll(List.of("order", "inventory", "notification", "thumbnail")));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              browser
                  .findElement(
                      By.cssSelector("#invocations tr[data-trace='" + TRACE + "'] .trace-link"))
                  .click();
              return browser.findElements(By.cssSelector("#trace .span")).stream()
                  .map(span -> span.getAttribute("data-service"))
                  .toList()
                  .containsAll(List.of("order", "inventory", "notification"));
            });
    assertThat(browser.findElement(By.id("trace-id")).getText())
        .startsWith(TRACE)
        .contains("3 services");

    WebElement letter =
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(
                () ->
                    browser.findElement(
                        By.cssSelector(
                            "[data-topic='shop.order-events.dlq'] tr.letter[data-event='bad-order-1']")),
                found -> found != null);
    assertThat(letter.getText()).contains("400").contains("lines");
    Files.createDirectories(Path.of("target"));
    Files.write(
        Path.of("target", "dashboard.png"),
        ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

    letter.findElement(By.cssSelector("button.redrive")).click();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                browser
                    .findElement(
                        By.cssSelector(
                            "[data-topic='shop.order-events.dlq'] tr.letter[data-event='bad-order-1'] .redriven"))
                    .getText()
                    .contains("redriven to shop.order-events"));

    int redriven = 0;
    try (var consumer = consumer(platform.kafkaBootstrapServers())) {
      consumer.subscribe(List.of("shop.order-events"));
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < end && redriven == 0) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          var from = record.headers().lastHeader(DeadLetterHeaders.REDRIVEN_FROM);
          var id = record.headers().lastHeader("ce_id");
          if (from != null
              && id != null
              && new String(id.value(), StandardCharsets.UTF_8).equals("bad-order-1")) {
            assertThat(new String(from.value(), StandardCharsets.UTF_8))
                .startsWith("shop.order-events.dlq/");
            redriven++;
          }
        }
      }
    }
    assertThat(redriven)
        .as("the record is back in its trigger's topic, keeping its id")
        .isEqualTo(1);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String servers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dashboard-test");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
