package dev.skyless.examples.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Exactly-once effects on at-least-once delivery: an event's {@code source} and {@code id} are
 * recorded in the same transaction as its effects, so a redelivered event finds itself there and
 * changes nothing. Needs a {@code processed_events(source, id)} table with that primary key.
 */
public final class ProcessedEvents {

  private ProcessedEvents() {}

  /** Records the event; false when it was recorded before (a redelivery). */
  public static boolean firstTime(Connection connection, String source, String id)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO processed_events (source, id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, source);
      insert.setString(2, id);
      return insert.executeUpdate() == 1;
    }
  }
}
