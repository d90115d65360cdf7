package dev.skyless.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.api.admission.CrdValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML is generated from the POJOs at build time; the copies that users apply (k8s/crds,
 * the Helm chart's crds/) must be exactly it. Run with {@code -Dskyless.updateCrds=true} to refresh
 * them after changing the API.
 */
class CommittedCrdTest {

  static final List<Path> COPIES =
      List.of(
          Path.of("..", "..", "k8s", "crds", "functions.skyless.dev.yaml"),
          Path.of("..", "..", "charts", "skyless", "crds", "functions.skyless.dev.yaml"));

  @Test
  void committedCopiesMatchTheGeneratedCrd() throws IOException {
    String generated;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(CrdValidator.FUNCTION_CRD)) {
      assertThat(in).as("generated CRD").isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Path copy : COPIES) {
      if (Boolean.getBoolean("skyless.updateCrds")) {
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, generated);
      }
      assertThat(Files.exists(copy) ? Files.readString(copy) : "<missing>")
          .as(
              "%s differs from the CRD generated from the Function POJOs; run"
                  + " `mvn -pl platform-controller/api verify -Dskyless.updateCrds=true` and commit it",
              copy.normalize())
          .isEqualTo(generated);
    }
  }
}
