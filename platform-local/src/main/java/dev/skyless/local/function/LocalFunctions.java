package dev.skyless.local.function;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.Trigger;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.model.FunctionSettings;
import dev.skyless.controller.function.model.InvalidSpecException;
import dev.skyless.controller.function.model.KnativeServiceModel;
import dev.skyless.local.services.ServiceBindings;
import dev.skyless.runtime.config.RuntimeConfig;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns a Function into a {@link LocalFunction} through the controller's own builders, so that
 * {@code skyless dev} gives a function the environment, scale settings and Kafka delivery it gets
 * in a cluster.
 */
public final class LocalFunctions {

  /** Names the class path of a Function whose YAML is not at {@code <project>/k8s/}. */
  public static final String CLASS_PATH_ANNOTATION = "skyless.dev/local-class-path";

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final PlatformDefaults defaults;
  private final Map<String, String> shellEnv;
  private final ServiceBindings bindings;
  private final byte[] triggerKey;

  /**
   * @param defaults the platform defaults, with the local Kafka as bootstrap servers
   * @param shellEnv the developer's environment: overrides the YAML's values and fills variables a
   *     cluster takes from Secrets no dev service provides
   * @param bindings the Secrets and ConfigMaps the dev services stand in for
   */
  public LocalFunctions(
      PlatformDefaults defaults, Map<String, String> shellEnv, ServiceBindings bindings) {
    this.defaults = defaults;
    this.shellEnv = shellEnv;
    this.bindings = bindings;
    this.triggerKey = new byte[32];
    new java.security.SecureRandom().nextBytes(triggerKey);
  }

  /**
   * @throws IllegalArgumentException naming the file and what is wrong
   */
  public LocalFunction toLocal(FunctionFiles.Found found) {
    Function function = found.function();
    if (function.getMetadata().getNamespace() == null) {
      function.getMetadata().setNamespace("default");
    }
    String name = function.getMetadata().getName();
    List<String> warnings = new ArrayList<>();
    try {
      FunctionSettings settings = FunctionSettings.of(function, defaults, triggerKey);
      Service service = KnativeServiceModel.desired(function, settings, defaults);
      var scale =
          new LocalFunction.ScaleSettings(
              settings.scale().min(), settings.scale().max(), settings.scale().target());
      Container container = service.getSpec().getTemplate().getSpec().getContainers().getFirst();
      return new LocalFunction(
          name,
          found.file(),
          classPath(function, found.file()),
          env(container, userEnvNames(function), warnings),
          scale,
          kafkaTriggers(settings),
          warnings(function, container, warnings),
          settings.triggers().stream()
              .filter(t -> t.schedule().isPresent())
              .map(
                  t ->
                      new LocalFunction.Schedule(
                          name, t.name(), settings.namespace(), t.schedule().get()))
              .toList(),
          settings.async().map(FunctionSettings.AsyncSettings::topic),
          settings.routes(),
          settings.cors());
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException(found.file() + ": " + e.getMessage(), e);
    }
  }

  /** The variables the Function's author wrote in {@code spec.env} (not the platform's). */
  private static java.util.Set<String> userEnvNames(Function function) {
    java.util.Set<String> names = new java.util.HashSet<>();
    if (function.getSpec() != null && function.getSpec().getEnv() != null) {
      function.getSpec().getEnv().forEach(v -> names.add(v.getName()));
    }
    return names;
  }

  /**
   * The container's environment for a local process, resolved as the kubelet would: {@code envFrom}
   * first, then {@code env}, references to Secrets and ConfigMaps through the dev services'
   * bindings. A literal the author wrote in {@code spec.env} gives way to the same variable set in
   * the shell (so {@code S3_ENDPOINT=... skyless dev} points a function at another store), with a
   * notice naming it; a reference resolves to its dev service when there is one, else to the shell;
   * the platform's own variables never come from the shell.
   */
  private Map<String, String> env(
      Container container, java.util.Set<String> userNames, List<String> warnings) {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      for (EnvFromSource source : container.getEnvFrom()) {
        envFrom(source, env, warnings);
      }
    }
    for (EnvVar var : container.getEnv()) {
      String name = var.getName();
      String shell = userNames.contains(name) ? shellEnv.get(name) : null;
      if (var.getValueFrom() == null) {
        String literal = var.getValue() == null ? "" : var.getValue();
        if (shell != null && !shell.equals(literal)) {
          env.put(name, shell);
          warnings.add("env " + name + ": your shell's value is used, not the YAML's");
        } else {
          env.put(name, literal);
        }
        continue;
      }
      EnvVarSource from = var.getValueFrom();
      ServiceBindings.Lookup lookup = lookup(from);
      if (lookup.value().isPresent()) {
        // A service stands in for the reference: it wins, so that keys a developer keeps in the
        // shell (real AWS ones, say) never reach a function meant for the dev store.
        env.put(name, lookup.value().get());
        if (shell != null && !shell.equals(lookup.value().get())) {
          warnings.add("env " + name + ": the dev service's value is used, not your shell's");
        }
      } else if (shell != null) {
        env.put(name, shell);
      } else if (!optional(from)) {
        warnings.add(
            "env " + name + ": " + lookup.missing() + "; set it in your shell to pass it on");
      }
    }
    return env;
  }

  private ServiceBindings.Lookup lookup(EnvVarSource from) {
    if (from.getSecretKeyRef() != null) {
      return bindings.secretKey(from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey());
    }
    if (from.getConfigMapKeyRef() != null) {
      return bindings.configMapKey(
          from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey());
    }
    return new ServiceBindings.Lookup(
        Optional.empty(), "skyless dev cannot resolve fieldRef or resourceFieldRef values");
  }

  private static boolean optional(EnvVarSource from) {
    if (from.getSecretKeyRef() != null) {
      return Boolean.TRUE.equals(from.getSecretKeyRef().getOptional());
    }
    if (from.getConfigMapKeyRef() != null) {
      return Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional());
    }
    return false;
  }

  private void envFrom(EnvFromSource source, Map<String, String> env, List<String> warnings) {
    String prefix = source.getPrefix() == null ? "" : source.getPrefix();
    Optional<Map<String, String>> data;
    String what;
    boolean optional;
    if (source.getSecretRef() != null) {
      what = "Secret " + source.getSecretRef().getName();
      data = bindings.secret(source.getSecretRef().getName());
      optional = Boolean.TRUE.equals(source.getSecretRef().getOptional());
    } else if (source.getConfigMapRef() != null) {
      what = "ConfigMap " + source.getConfigMapRef().getName();
      data = bindings.configMap(source.getConfigMapRef().getName());
      optional = Boolean.TRUE.equals(source.getConfigMapRef().getOptional());
    } else {
      return;
    }
    if (data.isEmpty()) {
      if (!optional) {
        warnings.add(
            "envFrom " + what + ": no dev service provides it (declare one in skyless.yaml)");
      }
      return;
    }
    new java.util.TreeMap<>(data.get()).forEach((k, v) -> env.put(prefix + k, v));
  }

  private static List<String> warnings(
      Function function, Container container, List<String> warnings) {
    for (Trigger trigger : function.getSpec().getTriggers()) {
      if (trigger.getBroker() != null) {
        warnings.add(
            "trigger "
                + trigger.getName()
                + ": broker triggers are not run by skyless dev (Kafka triggers are)");
      }
    }
    return List.copyOf(warnings);
  }

  /** Each Kafka trigger as the KafkaSource the controller would make of the same settings. */
  private static final Duration STALL_AFTER = Duration.ofSeconds(15);

  private static List<LocalFunction.KafkaTrigger> kafkaTriggers(FunctionSettings settings) {
    List<LocalFunction.KafkaTrigger> triggers = new ArrayList<>();
    for (FunctionSettings.TriggerSettings trigger : settings.triggers()) {
      if (trigger.kafka().isEmpty()) {
        continue;
      }
      var kafka = trigger.kafka().get();
      var delivery = trigger.delivery();
      var consumer =
          new RuntimeConfig.Consumer(
              kafka.topics(),
              kafka.consumerGroup(),
              kafka.fromLatest() ? "latest" : "earliest",
              kafka.ordered() ? RuntimeConfig.Ordering.ORDERED : RuntimeConfig.Ordering.UNORDERED,
              64,
              100,
              delivery.retries(),
              delivery.linear()
                  ? RuntimeConfig.BackoffPolicy.LINEAR
                  : RuntimeConfig.BackoffPolicy.EXPONENTIAL,
              delivery.backoffDelay(),
              MAX_BACKOFF,
              Optional.of(trigger.deadLetterTopic()),
              // One consumer per trigger in the dev process: a restarted dev takes its
              // partitions back at once instead of waiting for the old member's session.
              Optional.of("skyless-dev." + kafka.consumerGroup()),
              STALL_AFTER);
      triggers.add(
          new LocalFunction.KafkaTrigger(
              trigger.name(), trigger.deliveryUri(), consumer, delivery.timeout()));
    }
    return triggers;
  }

  /**
   * The annotation's entries (relative to the YAML file), else {@code <project>/target/app} for a
   * YAML file at {@code <project>/k8s/}; a folder of jars stands for its jars, another folder for
   * itself (classes).
   */
  static List<Path> classPath(Function function, Path file) {
    Path base = file.toAbsolutePath().getParent();
    Map<String, String> annotations = function.getMetadata().getAnnotations();
    List<Path> entries = new ArrayList<>();
    if (annotations != null && annotations.containsKey(CLASS_PATH_ANNOTATION)) {
      for (String entry : annotations.get(CLASS_PATH_ANNOTATION).split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(base.resolve(entry.trim()).normalize());
        }
      }
    } else if (base.getFileName() != null && base.getFileName().toString().equals("k8s")) {
      entries.add(base.getParent().resolve("target").resolve("app"));
    } else {
      throw new IllegalArgumentException(
          file
              + ": cannot tell where the code of Function "
              + function.getMetadata().getName()
              + " is: keep the file at <project>/k8s/function.yaml, or name the class path in"
              + " the annotation "
              + CLASS_PATH_ANNOTATION);
    }
    List<Path> classPath = new ArrayList<>();
    for (Path entry : entries) {
      if (!Files.exists(entry)) {
        throw new IllegalArgumentException(
            file
                + ": the class path of Function "
                + function.getMetadata().getName()
                + " ("
                + entry
                + ") does not exist: build the function first (mvn package)");
      }
      if (!Files.isDirectory(entry)) {
        classPath.add(entry);
        continue;
      }
      // A folder of jars stands for its jars; a folder without any is a classes folder.
      try (Stream<Path> files = Files.list(entry)) {
        List<Path> jars = files.filter(j -> j.toString().endsWith(".jar")).sorted().toList();
        classPath.addAll(jars.isEmpty() ? List.of(entry) : jars);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classPath;
  }
}
