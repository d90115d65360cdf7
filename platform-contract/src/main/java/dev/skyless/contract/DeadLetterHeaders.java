package dev.skyless.contract;

/**
 * Kafka headers on a dead-lettered record that say why it is there and who put it there.
 * Dead-letter topics are shared (every Function consuming {@code orders} dead-letters to {@code
 * orders.dlq}), so a record names the function and the trigger that gave up on it.
 *
 * <p>Behind a KafkaSource, Knative writes the dead letter: the CloudEvent extension {@code
 * knativeerrordest} (header {@code ce_knativeerrordest}) is the delivery URL, {@code
 * http://<function>.<namespace>.svc.cluster.local/_skyless/triggers/<trigger>}, which {@link
 * TriggerPaths} makes name both.
 */
public final class DeadLetterHeaders {

  public static final String FUNCTION = "skyless-function";
  public static final String NAMESPACE = "skyless-namespace";
  public static final String TRIGGER = "skyless-trigger";
  public static final String ERROR_CLASS = "skyless-error-class";
  public static final String ERROR_MESSAGE = "skyless-error-message";
  public static final String ATTEMPTS = "skyless-attempts";
  public static final String ORIGINAL_TOPIC = "skyless-original-topic";
  public static final String ORIGINAL_PARTITION = "skyless-original-partition";
  public static final String ORIGINAL_OFFSET = "skyless-original-offset";
  public static final String DEAD_LETTERED_AT = "skyless-dead-lettered-at";

  /**
   * On a redriven record: {@code <dead-letter topic>/<partition>/<offset>} it came back from (the
   * CloudEvent itself, id included, is unchanged).
   */
  public static final String REDRIVEN_FROM = "skyless-redriven-from";

  /** The topic that records which dead letters of {@code deadLetterTopic} were redriven. */
  public static String redrivenTopic(String deadLetterTopic) {
    return deadLetterTopic + ".redriven";
  }

  private DeadLetterHeaders() {}
}
