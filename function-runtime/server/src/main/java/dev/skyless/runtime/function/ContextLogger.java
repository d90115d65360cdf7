package dev.skyless.runtime.function;

import dev.skyless.sdk.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK logger handed to a function: SLF4J underneath, with the call's correlation fields put in
 * the MDC around each line, so they are there even when the function logs from another thread.
 */
final class ContextLogger implements Logger {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("function");

  private final Correlation.Fields fields;

  ContextLogger(Correlation.Fields fields) {
    this.fields = fields;
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
    Correlation.around(fields, log);
  }
}
