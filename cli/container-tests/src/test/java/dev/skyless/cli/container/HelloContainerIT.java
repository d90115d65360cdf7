package dev.skyless.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.controller.config.PlatformDefaults;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hello image from {@code skyless base} + {@code skyless build}, pushed to a registry and run
 * by podman as the controller's Knative Service has a pod run it.
 */
class HelloContainerIT {

  /** The JVM's AOT and GC start-up logs, written where the pod can write: the /tmp emptyDir. */
  static final Map<String, String> JVM_LOGS =
      Map.of(
          "JDK_JAVA_OPTIONS",
          "-Xlog:aot=info:file=/tmp/aot.log -Xlog:gc+init=info:file=/tmp/gc.log");

  @Test
  void runsAsThePodWouldAnswersAndDrainsOnSigterm() throws Exception {
    Images images = Images.get();
    String image = images.build("hello", images.base(), "aot");
    assertThat(images.podman.user(image)).as("the image's user").isEqualTo("65532");

    var service = Images.service("hello", image, PlatformDefaults.builtIn());
    int port = dev.skyless.local.Ports.anyFree();
    PodRun run =
        PodRun.of(service, PodRun.Namespace.empty(), port, images.dir, JVM_LOGS, "hello-pod");
    assertThat(run.args())
        .contains("--read-only", "--read-only-tmpfs=false", "--cap-drop=ALL", "--memory=268435456");
    try (RunningContainer pod = RunningContainer.start(images.podman, run, port, images.dir)) {
      Duration first =
          pod.awaitFirstAnswer(
              RunningContainer.cloudEvent(pod.url("/"), "warm-0", "{\"name\":\"Ada\"}"),
              Duration.ofSeconds(60));

      HttpResponse<String> plain =
          pod.send(RunningContainer.json(pod.url("/"), "{\"name\":\"Ada\"}"));
      assertThat(plain.statusCode()).isEqualTo(200);
      assertThat(plain.body()).isEqualTo("{\"message\":\"Hello, Ada!\"}");

      HttpResponse<String> event =
          pod.send(RunningContainer.cloudEvent(pod.url("/"), "e-1", "{\"name\":\"Grace\"}"));
      assertThat(event.statusCode()).isEqualTo(200);
      assertThat(event.headers().firstValue("ce-specversion")).hasValue("1.0");
      assertThat(event.headers().firstValue("ce-id")).isPresent();
      assertThat(event.body()).contains("Hello, Grace!");

      HttpResponse<String> bad = pod.send(RunningContainer.json(pod.url("/"), "{}"));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(
              pod.send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(pod.url("/health/ready")))
                          .build())
                  .statusCode())
          .isEqualTo(200);

      Path tmp = run.volumes().get("tmp");
      String aot = Files.readString(tmp.resolve("aot.log"));
      assertThat(aot)
          .as("the AOT cache trained with the base's own JVM maps in the container")
          .contains("Opened AOT cache /app/app.aot")
          .contains("Using AOT-linked classes: true")
          .doesNotContain("Unable to map");
      String gc = Files.readString(tmp.resolve("gc.log"));
      assertThat(gc).as("the JVM sees the pod's memory limit").contains("Memory: 256M");
      assertThat(heapMaxMegabytes(gc)).isBetween(32L, 160L);
      // Why the pod gets a writable /tmp: the JVM's perf data, which jcmd and jstat attach to.
      assertThat(tmp.resolve("hsperfdata_nonroot")).isDirectory();

      var lines = pod.jsonLines();
      assertThat(lines).isNotEmpty();
      assertThat(lines)
          .anySatisfy(l -> assertThat(String.valueOf(l.get("message"))).startsWith("ready: "));
      assertThat(lines)
          .anySatisfy(l -> assertThat(String.valueOf(l.get("message"))).isEqualTo("greeting Ada"));

      pod.terminate();
      int exit = pod.awaitExit(Duration.ofSeconds(30));
      assertThat(exit).as("a JVM ended by SIGTERM").isIn(0, 143);
      assertThat(pod.jsonLines())
          .anySatisfy(l -> assertThat(String.valueOf(l.get("message"))).contains("stopped"));
      System.out.printf("hello container: first 200 %d ms after podman run%n", first.toMillis());
    }
  }

  @Test
  void theAotCacheMakesTheFirstAnswerFaster() throws Exception {
    Images images = Images.get();
    String withCache = images.build("hello", images.base(), "aot");
    String without = images.build("hello", images.base(), "no-aot", "--no-aot");
    List<Long> aot = new ArrayList<>();
    List<Long> plain = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      aot.add(firstAnswer(images, withCache, "aot-" + i));
      plain.add(firstAnswer(images, without, "plain-" + i));
    }
    long aotMedian = median(aot);
    long plainMedian = median(plain);
    System.out.printf(
        "hello container, first 200 after podman run: AOT %s ms (median %d), --no-aot %s ms"
            + " (median %d)%n",
        aot, aotMedian, plain, plainMedian);
    assertThat(aotMedian).isLessThan(plainMedian);
  }

  static long firstAnswer(Images images, String image, String name) throws Exception {
    int port = dev.skyless.local.Ports.anyFree();
    PodRun run =
        PodRun.of(
            Images.service("hello", image, PlatformDefaults.builtIn()),
            PodRun.Namespace.empty(),
            port,
            images.dir,
            Map.of(),
            "hello-" + name);
    try (RunningContainer pod = RunningContainer.start(images.podman, run, port, images.dir)) {
      long ms =
          pod.awaitFirstAnswer(
                  RunningContainer.cloudEvent(pod.url("/"), name, "{\"name\":\"Ada\"}"),
                  Duration.ofSeconds(60))
              .toMillis();
      pod.terminate();
      pod.awaitExit(Duration.ofSeconds(30));
      return ms;
    }
  }

  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static long heapMaxMegabytes(String gcLog) {
    var matcher = java.util.regex.Pattern.compile("Heap Max Capacity: (\\d+)M").matcher(gcLog);
    assertThat(matcher.find()).as("gc+init logs the heap's maximum:\n" + gcLog).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
