package dev.skyless.charts;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders charts/skyless with helm-java (embedded Helm), as the tests' one way in. */
final class Chart {

  static final Path DIR = Path.of("../skyless");
  static final String RELEASE = "skyless";
  static final String NAMESPACE = "skyless-system";

  private Chart() {}

  /** {@code helm template skyless charts/skyless -n skyless-system --set ...}. */
  static String template(Map<String, Object> values) {
    var command =
        new Helm(DIR)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.31.0");
    values.forEach(command::set);
    return command.call();
  }

  /** The rendered documents as maps (kind, apiVersion, ...), empty documents dropped. */
  static List<Map<String, Object>> documents(String rendered) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (String doc : rendered.split("(?m)^---\\s*$")) {
      if (doc.isBlank() || doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = Serialization.unmarshal(doc, Map.class);
      if (map != null) {
        documents.add(map);
      }
    }
    return documents;
  }

  /** The rendered documents in fabric8's typed model. */
  static List<HasMetadata> resources(String rendered) {
    List<HasMetadata> resources = new ArrayList<>();
    for (Map<String, Object> doc : documents(rendered)) {
      resources.add(Serialization.unmarshal(Serialization.asYaml(doc), HasMetadata.class));
    }
    return resources;
  }
}
