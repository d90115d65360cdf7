package dev.skyless.cli;

import dev.skyless.cli.build.ImageBuilder;
import dev.skyless.cli.build.impl.JibImageBuilder;
import dev.skyless.cli.cluster.Cluster;
import dev.skyless.cli.cluster.impl.KubernetesConnector;
import java.nio.file.Path;
import java.util.Map;

/**
 * What commands reach outside themselves through: the environment, the Skyless home folder, the
 * cluster and the image builder. Tests build one with their own parts.
 *
 * @param env the process environment
 * @param home {@code $SKYLESS_HOME}, else {@code ~/.skyless}
 * @param clusters opens a cluster for a kubeconfig context (null: the current one)
 * @param images builds and pushes images
 */
public record CliContext(
    Map<String, String> env, Path home, Cluster.Connector clusters, ImageBuilder images) {

  /** The real one: this process's environment, the kubeconfig, Jib. */
  public static CliContext fromEnvironment() {
    Map<String, String> env = System.getenv();
    Path home =
        env.containsKey("SKYLESS_HOME")
            ? Path.of(env.get("SKYLESS_HOME"))
            : Path.of(System.getProperty("user.home"), ".skyless");
    return new CliContext(env, home, new KubernetesConnector(env), new JibImageBuilder(env));
  }

  /** Where {@code skyless dev} keeps its state, logs and Kafka data. */
  public Path devStateDir() {
    return home.resolve("dev");
  }
}
