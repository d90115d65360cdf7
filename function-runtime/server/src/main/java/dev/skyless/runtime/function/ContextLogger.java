package dev.skyless.runtime.function;

import dev.skyless.sdk.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The SDK logger handed to a function: SLF4J underneath, with the call's correlation fields put in
 * the MDC around each line, so they are there even when the function logs from another thread.
 */
final class ContextLogger implements Logger {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("function");

  private final String correlationId;
  private final String eventId;

  ContextLogger(String correlationId, String eventId) {
    this.correlationId = correlationId;
    this.eventId = eventId;
  }

  @Override
  public void debug(String message, Object... args) {
    if (LOG.isDebugEnabled()) {
      withFields(() -> LOG.debug(message, args));
    }
  }

  @Override
  public void info(String message, Object... args) {
    if (LOG.isInfoEnabled()) {
      withFields(() -> LOG.info(message, args));
    }
  }

  @Override
  public void warn(String message, Object... args) {
    withFields(() -> LOG.warn(message, args));
  }

  @Override
  public void error(String message, Object... args) {
    withFields(() -> LOG.error(message, args));
  }

  @Override
  public void error(String message, Throwable error) {
    withFields(() -> LOG.error(message, error));
  }

  private void withFields(Runnable log) {
    String previousCorrelation = MDC.get(Correlation.CORRELATION_ID);
    String previousEvent = MDC.get(Correlation.EVENT_ID);
    MDC.put(Correlation.CORRELATION_ID, correlationId);
    MDC.put(Correlation.EVENT_ID, eventId);
    try {
      log.run();
    } finally {
      Correlation.restore(Correlation.CORRELATION_ID, previousCorrelation);
      Correlation.restore(Correlation.EVENT_ID, previousEvent);
    }
  }
}
