package dev.skyless.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/install/skyless.yaml} is the chart's output with the defaults (plus its namespace and
 * the CRD), for kubectl users; the build fails when it drifts. Refresh it with {@code mvn -pl
 * charts/tests verify -Dskyless.updateInstall=true}.
 */
class InstallManifestsTest {

  static final Path INSTALL = Path.of("../../k8s/install/skyless.yaml");
  static final Path CRD = Chart.DIR.resolve("crds/functions.skyless.dev.yaml");

  static String expected() throws Exception {
    return """
        # Skyless for kubectl users: `kubectl apply --server-side -f k8s/install/skyless.yaml`.
        # Generated from charts/skyless with the default values (release "skyless", namespace
        # "skyless-system") by charts/tests; do not edit: change the chart and run
        # `mvn -pl charts/tests verify -Dskyless.updateInstall=true`.
        apiVersion: v1
        kind: Namespace
        metadata:
          name: skyless-system
          labels:
            pod-security.kubernetes.io/enforce: restricted
        ---
        """
        + Files.readString(CRD).strip()
        + "\n"
        + Chart.template(Map.of()).strip()
        + "\n";
  }

  @Test
  void theInstallManifestIsTheChartsOutput() throws Exception {
    String expected = expected();
    if (Boolean.getBoolean("skyless.updateInstall")) {
      Files.writeString(INSTALL, expected);
    }
    assertThat(INSTALL).exists();
    assertThat(Files.readString(INSTALL))
        .as(
            "k8s/install/skyless.yaml is stale: run mvn -pl charts/tests verify -Dskyless.updateInstall=true")
        .isEqualTo(expected);
  }

  @Test
  void everyDocumentOfItIsTyped() throws Exception {
    assertThat(Chart.resources(expected()))
        .extracting(r -> r.getKind())
        .contains("Namespace", "CustomResourceDefinition", "Deployment", "ClusterRole");
  }
}
