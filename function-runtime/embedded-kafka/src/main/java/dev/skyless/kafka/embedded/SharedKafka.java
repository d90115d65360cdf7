package dev.skyless.kafka.embedded;

/**
 * One broker per JVM for tests: started on first use, stopped when the JVM exits. Tests use their
 * own topic names so they do not see each other's records.
 */
public final class SharedKafka {

  private static EmbeddedKafka instance;

  private SharedKafka() {}

  /** The shared broker, started on the first call. */
  public static synchronized EmbeddedKafka get() {
    if (instance == null) {
      instance = EmbeddedKafka.start();
      EmbeddedKafka started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-kafka-stop"));
    }
    return instance;
  }
}
