package dev.skyless.cli.options;

import picocli.CommandLine.Option;

/** {@code -n/--namespace} and {@code --context}, shared by the commands that talk to a cluster. */
public final class ClusterOptions {

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace (default: the kubeconfig context's, else default).")
  public String namespace;

  @Option(names = "--context", description = "Kubeconfig context (default: the current one).")
  public String context;

  /** The namespace asked for, else the one the kubeconfig context names. */
  public String namespaceIn(dev.skyless.cli.cluster.Cluster cluster) {
    return namespace != null ? namespace : cluster.defaultNamespace();
  }
}
