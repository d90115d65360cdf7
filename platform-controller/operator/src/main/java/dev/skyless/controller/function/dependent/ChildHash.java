package dev.skyless.controller.function.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash of what the controller wants a child to be (its spec, labels and annotations), kept in
 * the child's annotation {@value #ANNOTATION}. A child whose hash differs from the desired one is
 * out of date, whatever else the API server or Knative added to it: this is how a removal (a field
 * present on the live object only) is told apart from a server default.
 */
public final class ChildHash {

  public static final String ANNOTATION = "skyless.dev/desired-hash";

  private ChildHash() {}

  /** Stamps {@code desired} with its hash and returns it. */
  public static <R extends HasMetadata> R stamp(R desired) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.remove(ANNOTATION);
    desired.getMetadata().setAnnotations(annotations);
    String hash = of(desired);
    annotations.put(ANNOTATION, hash);
    return desired;
  }

  /** The hash of {@code resource}'s spec, labels and annotations (without the hash itself). */
  static String of(HasMetadata resource) {
    ObjectNode tree = Serialization.jsonMapper().valueToTree(resource);
    ObjectNode hashed = Serialization.jsonMapper().createObjectNode();
    hashed.set("spec", tree.path("spec"));
    JsonNode metadata = tree.path("metadata");
    hashed.set("labels", metadata.path("labels"));
    JsonNode annotations = metadata.path("annotations").deepCopy();
    if (annotations instanceof ObjectNode a) {
      a.remove(ANNOTATION);
    }
    hashed.set("annotations", annotations);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  Serialization.jsonMapper()
                      .writeValueAsString(hashed)
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot hash " + resource.getKind(), e);
    }
  }

  /** The hash a live child carries; null when it has none. */
  static String on(HasMetadata actual) {
    Map<String, String> annotations = actual.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }
}
