package dev.skyless.cli.cluster.impl;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.cluster.Cluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Opens the cluster a kubeconfig names ({@code $KUBECONFIG}, else {@code ~/.kube/config}). */
public final class KubernetesConnector implements Cluster.Connector {

  private static final Path IN_CLUSTER_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private final Map<String, String> env;

  public KubernetesConnector(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Cluster connect(String context) {
    String kubeconfig = env.get("KUBECONFIG");
    boolean found =
        kubeconfig != null
            ? Arrays.stream(kubeconfig.split(File.pathSeparator))
                .anyMatch(p -> !p.isBlank() && Files.isRegularFile(Path.of(p)))
            : Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
    if (!found && !Files.exists(IN_CLUSTER_TOKEN)) {
      throw new CliException(
          ExitCodes.ENVIRONMENT,
          "no kubeconfig found ("
              + (kubeconfig != null ? "KUBECONFIG=" + kubeconfig : "~/.kube/config")
              + "): point KUBECONFIG at your cluster's config, or use `skyless dev` to run"
              + " functions on this machine");
    }
    Config config = Config.autoConfigure(context);
    return new KubernetesCluster(new KubernetesClientBuilder().withConfig(config).build());
  }
}
