package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names, labels and owner references shared by every resource made for a Function. */
public final class FunctionChildren {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String FUNCTION_LABEL = "skyless.dev/function";
  public static final String TRIGGER_LABEL = "skyless.dev/trigger";
  private static final int MAX_NAME = 63;

  private FunctionChildren() {}

  /** The Knative Service's name: the Function's, which must fit a DNS label. */
  public static String serviceName(Function function) {
    String name = function.getMetadata().getName();
    if (name.length() > MAX_NAME) {
      throw new InvalidSpecException(
          "metadata.name", "at most " + MAX_NAME + " characters (it names a Knative Service)");
    }
    return name;
  }

  /** The pods' ServiceAccount: the Function's own choice, else the one made for it. */
  public static String serviceAccountName(Function function) {
    return ownsServiceAccount(function)
        ? madeServiceAccountName(function)
        : function.getSpec().getServiceAccountName();
  }

  /**
   * The name of the ServiceAccount the controller makes: the Function's, whether or not the
   * Function uses it now (so the one made before is found and deleted once it names another).
   */
  public static String madeServiceAccountName(Function function) {
    return serviceName(function);
  }

  /** Whether the controller makes the ServiceAccount (the Function names none of its own). */
  public static boolean ownsServiceAccount(Function function) {
    String given = function.getSpec().getServiceAccountName();
    return given == null || given.isBlank();
  }

  /** {@code <function>-<trigger>[-<suffix>]}, checked to fit a DNS label. */
  public static String childName(Function function, String trigger, String suffix) {
    String name = function.getMetadata().getName() + "-" + trigger + suffix;
    if (name.length() > MAX_NAME) {
      throw new InvalidSpecException(
          "spec.triggers[" + trigger + "].name",
          "'" + name + "' is longer than " + MAX_NAME + " characters; shorten the trigger name");
    }
    return name;
  }

  /** Metadata of the child {@code <function>-<trigger><suffix>} made for one trigger. */
  public static ObjectMeta triggerChild(Function function, String trigger, String suffix) {
    return metadata(function, childName(function, trigger, suffix), trigger);
  }

  /** The labels every child carries. */
  public static Map<String, String> labels(Function function, String trigger) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, "skyless");
    labels.put("app.kubernetes.io/name", function.getMetadata().getName());
    labels.put("app.kubernetes.io/part-of", "skyless");
    labels.put(FUNCTION_LABEL, function.getMetadata().getName());
    if (trigger != null) {
      labels.put(TRIGGER_LABEL, trigger);
    }
    return labels;
  }

  /** Metadata with name, namespace, labels and an owner reference to the Function. */
  public static ObjectMeta metadata(Function function, String name, String trigger) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(function.getMetadata().getNamespace())
        .withLabels(labels(function, trigger))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(function.getApiVersion())
                .withKind(function.getKind())
                .withName(function.getMetadata().getName())
                .withUid(function.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .build();
  }
}
