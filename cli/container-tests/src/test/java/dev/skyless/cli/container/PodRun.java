package dev.skyless.cli.container;

import io.fabric8.knative.serving.v1.RevisionSpec;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code podman run} arguments that run a container as the kubelet would run the controller's
 * Knative Service: its env (Secret and ConfigMap references resolved as the kubelet does, envFrom
 * first), its security context (read-only root with no tmpfs added, no capabilities, no privilege
 * escalation, the image's non-root user), its memory limit, and its emptyDir volumes as fresh
 * folders bound at their mount paths. Knative's own variables are set as the queue-proxy's pod has
 * them; {@code PORT} is a free port, since the container shares the host's network here.
 *
 * @param args the arguments after {@code podman run}
 * @param volumes each emptyDir's folder on the host, by volume name
 */
record PodRun(List<String> args, Map<String, Path> volumes) {

  /** The Secrets and ConfigMaps the namespace has: name to data. */
  record Namespace(
      Map<String, Map<String, String>> secrets, Map<String, Map<String, String>> maps) {
    static Namespace empty() {
      return new Namespace(Map.of(), Map.of());
    }
  }

  static PodRun of(
      Service service,
      Namespace namespace,
      int port,
      Path dir,
      Map<String, String> extraEnv,
      String name)
      throws IOException {
    RevisionSpec pod = service.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().getFirst();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--rm",
            "--name",
            name,
            "--network=host",
            "--ulimit",
            "nofile=20000:20000",
            "--ulimit",
            "nproc=4096:4096"));
    SecurityContext security = container.getSecurityContext();
    if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
      // Kubernetes mounts nothing writable of its own; podman would add tmpfs on /tmp and /run.
      args.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
    }
    if (security.getCapabilities() != null
        && security.getCapabilities().getDrop().contains("ALL")) {
      args.add("--cap-drop=ALL");
    }
    if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
      args.add("--security-opt=no-new-privileges");
    }
    Quantity memory = container.getResources().getLimits().get("memory");
    if (memory != null) {
      args.add("--memory=" + Quantity.getAmountInBytes(memory).longValueExact());
    }
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (Volume volume : pod.getVolumes()) {
      if (volume.getEmptyDir() == null) {
        throw new IllegalArgumentException("only emptyDir volumes are mirrored: " + volume);
      }
      Path folder = Files.createDirectories(dir.resolve(name + "-" + volume.getName()));
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
      volumes.put(volume.getName(), folder);
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      Path folder = volumes.get(mount.getName());
      args.add("--mount=type=bind,source=" + folder + ",destination=" + mount.getMountPath());
    }
    for (Map.Entry<String, String> e : env(container, namespace).entrySet()) {
      args.add("--env=" + e.getKey() + "=" + e.getValue());
    }
    String revision = service.getMetadata().getName() + "-00001";
    args.add("--env=PORT=" + port);
    args.add("--env=K_SERVICE=" + service.getMetadata().getName());
    args.add("--env=K_CONFIGURATION=" + service.getMetadata().getName());
    args.add("--env=K_REVISION=" + revision);
    extraEnv.forEach((k, v) -> args.add("--env=" + k + "=" + v));
    args.add(container.getImage());
    return new PodRun(List.copyOf(args), volumes);
  }

  /** The container's environment as the kubelet makes it: envFrom, then env (which wins). */
  private static Map<String, String> env(Container container, Namespace namespace) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getSecretRef() != null) {
        env.putAll(lookup(namespace.secrets(), from.getSecretRef().getName(), "Secret"));
      } else {
        env.putAll(lookup(namespace.maps(), from.getConfigMapRef().getName(), "ConfigMap"));
      }
    }
    for (EnvVar var : container.getEnv()) {
      if (var.getValueFrom() == null) {
        env.put(var.getName(), var.getValue());
      } else if (var.getValueFrom().getSecretKeyRef() != null) {
        var ref = var.getValueFrom().getSecretKeyRef();
        env.put(
            var.getName(),
            key(lookup(namespace.secrets(), ref.getName(), "Secret"), ref.getKey(), ref.getName()));
      } else {
        var ref = var.getValueFrom().getConfigMapKeyRef();
        env.put(
            var.getName(),
            key(lookup(namespace.maps(), ref.getName(), "ConfigMap"), ref.getKey(), ref.getName()));
      }
    }
    return env;
  }

  private static Map<String, String> lookup(
      Map<String, Map<String, String>> objects, String name, String kind) {
    Map<String, String> data = objects.get(name);
    if (data == null) {
      // What the kubelet reports as CreateContainerConfigError.
      throw new IllegalStateException(kind + " \"" + name + "\" not found");
    }
    return data;
  }

  private static String key(Map<String, String> data, String key, String name) {
    String value = data.get(key);
    if (value == null) {
      throw new IllegalStateException("couldn't find key " + key + " in " + name);
    }
    return value;
  }
}
