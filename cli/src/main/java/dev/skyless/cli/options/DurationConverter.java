package dev.skyless.cli.options;

import dev.skyless.contract.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads a duration in the platform's one grammar ({@code 500ms}, {@code 1m30s}, {@code PT30S}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
