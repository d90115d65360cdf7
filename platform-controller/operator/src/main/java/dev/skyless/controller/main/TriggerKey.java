package dev.skyless.controller.main;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key that signs trigger tokens. From {@code SKYLESS_TRIGGER_KEY_FILE} when set; else kept in
 * the Secret {@code <lease name>-trigger-key} in the controller's namespace, made with 32 random
 * bytes on first start, so that every replica and every restart signs alike and no token can be
 * derived from a Function's metadata.
 */
final class TriggerKey {

  static final String DATA_KEY = "key";

  private TriggerKey() {}

  static byte[] load(KubernetesClient client, String namespace, String name, byte[] fromFile) {
    if (fromFile.length > 0) {
      return fromFile;
    }
    var secrets = client.secrets().inNamespace(namespace).withName(name);
    Secret existing = secrets.get();
    if (existing == null) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      try {
        existing =
            client
                .resource(
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(Map.of("app.kubernetes.io/managed-by", "skyless"))
                        .endMetadata()
                        .withType("Opaque")
                        .withData(Map.of(DATA_KEY, Base64.getEncoder().encodeToString(key)))
                        .build())
                .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        existing = secrets.get(); // another replica made it first
      }
    }
    String data = existing.getData() == null ? null : existing.getData().get(DATA_KEY);
    if (data == null || data.isBlank()) {
      throw new IllegalStateException(
          "the Secret " + namespace + "/" + name + " has no '" + DATA_KEY + "'");
    }
    return Base64.getDecoder().decode(data.trim());
  }
}
