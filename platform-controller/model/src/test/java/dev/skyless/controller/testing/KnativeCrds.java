package dev.skyless.controller.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skyless.api.admission.CrdValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Knative CRDs kept in {@code ../shared/fixtures/knative-crds/} beside the repository.
 * Where that folder is absent, tests that need it are skipped with a message saying so.
 */
public final class KnativeCrds {

  public static final Path DIR =
      Path.of("..", "..", "..", "shared", "fixtures", "knative-crds").toAbsolutePath().normalize();

  private KnativeCrds() {}

  /** Skips the calling test when the fixtures are not there. */
  public static void assumePresent() {
    assumeTrue(
        Files.isDirectory(DIR),
        "Knative CRD fixtures not found at " + DIR + ": schema validation skipped");
  }

  public static CrdValidator service() throws IOException {
    return CrdValidator.forFile(DIR.resolve("serving-service.yaml"), "v1");
  }

  public static CrdValidator kafkaSource() throws IOException {
    return CrdValidator.forFile(DIR.resolve("kafka-source.yaml"), "v1beta1");
  }

  public static CrdValidator kafkaSink() throws IOException {
    return CrdValidator.forFile(DIR.resolve("kafka-sink.yaml"), "v1alpha1");
  }

  public static CrdValidator pingSource() throws IOException {
    return CrdValidator.forFile(DIR.resolve("eventing-pingsource.yaml"), "v1");
  }

  public static CrdValidator trigger() throws IOException {
    return CrdValidator.forFile(DIR.resolve("eventing-trigger.yaml"), "v1");
  }
}
