package dev.skyless.contract;

/**
 * The events of a schedule trigger, as a PingSource makes them: type {@value #PING_TYPE}, source
 * {@code /apis/v1/namespaces/<namespace>/pingsources/<name>}, the trigger's JSON data. PingSource
 * cannot set the type, so a trigger that names one carries it in the extension {@value
 * #TYPE_EXTENSION} and the runtime gives the event that type when it arrives on the trigger's path.
 * {@code skyless dev}'s scheduler makes the same events.
 */
public final class ScheduleEvents {

  /** The type PingSource gives every event. */
  public static final String PING_TYPE = "dev.knative.sources.ping";

  /** The extension with the type the trigger asks for. */
  public static final String TYPE_EXTENSION = "skylesstype";

  private ScheduleEvents() {}

  /** The source PingSource writes. */
  public static String source(String namespace, String pingSource) {
    return "/apis/v1/namespaces/" + namespace + "/pingsources/" + pingSource;
  }
}
