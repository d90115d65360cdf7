package dev.skyless.runtime.kafka;

import io.cloudevents.CloudEvent;

/**
 * Where a record's event goes once read: the function in this process (direct consumer mode), or a
 * function over HTTP (the local platform's KafkaSource). Blocks until the event is handled; runs on
 * a virtual thread.
 */
@FunctionalInterface
public interface EventHandler {

  /**
   * Handles one event.
   *
   * @throws dev.skyless.sdk.ProblemException with a 4xx status when retrying cannot help
   * @throws Exception any other failure, which is retried
   */
  void handle(CloudEvent event) throws Exception;
}
