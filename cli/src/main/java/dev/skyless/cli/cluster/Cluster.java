package dev.skyless.cli.cluster;

import dev.skyless.api.v1alpha1.Function;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The Functions of a cluster, as the CLI's cluster commands use them. */
public interface Cluster extends AutoCloseable {

  /** Opens a cluster from a kubeconfig context. */
  @FunctionalInterface
  interface Connector {
    /**
     * @param context the kubeconfig context, or null for the current one
     * @throws dev.skyless.cli.CliException when there is no kubeconfig
     */
    Cluster connect(String context);
  }

  /** The namespace the kubeconfig context names, else {@code default}. */
  String defaultNamespace();

  /**
   * @throws dev.skyless.cli.CliException when the Function CRD is not installed
   */
  List<Function> list(String namespace);

  Optional<Function> get(String namespace, String name);

  /**
   * The Function, which must exist.
   *
   * @throws dev.skyless.cli.CliException with {@link dev.skyless.cli.ExitCodes#NOT_FOUND}
   */
  default Function require(String namespace, String name) {
    return get(namespace, name)
        .orElseThrow(
            () ->
                new dev.skyless.cli.CliException(
                    dev.skyless.cli.ExitCodes.NOT_FOUND,
                    "no function " + name + " in namespace " + namespace));
  }

  /** Creates or updates the Function (server-side apply); returns it as stored. */
  Function apply(Function function);

  /** Deletes it; false when there was none. */
  boolean delete(String namespace, String name);

  /**
   * Waits until the Function is Ready (True or False) for its current generation, telling {@code
   * progress} each change; returns it as last seen.
   *
   * @throws dev.skyless.cli.CliException with {@link dev.skyless.cli.ExitCodes#TIMEOUT} past the
   *     timeout
   */
  Function awaitReady(String namespace, String name, Duration timeout, Consumer<Function> progress)
      throws InterruptedException;

  /**
   * A key of the platform ConfigMap ({@code skyless-config} in {@code skyless-system}), if it is
   * there and readable.
   */
  Optional<String> platformSetting(String key);

  /** An HTTP answer: status and body. */
  record Answer(int status, String body) {}

  /**
   * POSTs to an address inside the cluster ({@code http://<service>.<namespace>.svc...}) through
   * the API server's service proxy, as the caller's own credentials allow ({@code services/proxy}).
   */
  Answer postInside(URI address, Map<String, String> headers, byte[] body, Duration timeout)
      throws InterruptedException;

  /** Writes the logs of the function's pods to {@code out}; follows them when asked. */
  void logs(String namespace, String name, int tail, boolean follow, PrintWriter out)
      throws InterruptedException;

  @Override
  void close();
}
