package dev.skyless.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

final class JsonLoggerFactory implements ILoggerFactory {

  private final Map<String, JsonLogger> loggers = new ConcurrentHashMap<>();

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name, JsonLogger::new);
  }
}
