package dev.skyless.controller.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skyless.api.admission.CrdValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Gateway API CRDs (standard channel) kept in {@code ../shared/fixtures/gateway-api-crds/}, CEL
 * rules included. Where that folder is absent, tests that need it are skipped saying so.
 */
public final class GatewayApiCrds {

  public static final Path DIR =
      Path.of("..", "..", "..", "shared", "fixtures", "gateway-api-crds")
          .toAbsolutePath()
          .normalize();

  private GatewayApiCrds() {}

  public static void assumePresent() {
    assumeTrue(
        Files.isDirectory(DIR),
        "Gateway API CRD fixtures not found at " + DIR + ": schema validation skipped");
  }

  public static CrdValidator httpRoute() throws IOException {
    return CrdValidator.forFile(DIR.resolve("httproutes.yaml"), "v1");
  }

  public static CrdValidator referenceGrant() throws IOException {
    return CrdValidator.forFile(DIR.resolve("referencegrants.yaml"), "v1beta1");
  }
}
