package dev.skyless.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.local.Ports;
import dev.skyless.local.app.ServiceSpec;
import dev.skyless.local.services.postgres.PostgresService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev PostgreSQL as functions meet it: through the keys of CloudNativePG's app Secret,
 * connected as the database's owner; and its data still there after a restart.
 */
class PostgresServiceIT {

  @TempDir Path dir;

  @Test
  void theAppSecretConnectsAsTheOwnerAndTheDataOutlivesARestart() throws Exception {
    var spec = new ServiceSpec.Postgres("shop-db", "app", "app", 0);
    Map<String, String> secret;
    try (PostgresService db =
        PostgresService.start(
            spec, dir.resolve("postgres/shop-db"), dir.resolve("logs"), new Ports(), false)) {
      ServiceBindings bindings = ServiceBindings.none();
      db.bind(bindings);
      secret = bindings.secret("shop-db-app").orElseThrow();
      assertThat(secret)
          .containsKeys(
              "username", "password", "host", "port", "dbname", "uri", "jdbc-uri", "pgpass")
          .containsEntry("username", "app")
          .containsEntry("dbname", "app")
          .containsEntry("host", "127.0.0.1")
          .containsEntry("port", Integer.toString(db.port()));
      // jdbc-uri alone (user and password in it), as CloudNativePG's is used
      try (Connection c = DriverManager.getConnection(secret.get("jdbc-uri"));
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA inventory");
        s.execute("CREATE TABLE inventory.stock (sku text PRIMARY KEY, available int)");
        s.execute("INSERT INTO inventory.stock VALUES ('book', 7)");
        try (ResultSet who = s.executeQuery("SELECT current_user, current_database()")) {
          who.next();
          assertThat(who.getString(1)).isEqualTo("app");
          assertThat(who.getString(2)).isEqualTo("app");
        }
      }
    }
    try (PostgresService again =
        PostgresService.start(
            spec, dir.resolve("postgres/shop-db"), dir.resolve("logs"), new Ports(), false)) {
      ServiceBindings bindings = ServiceBindings.none();
      again.bind(bindings);
      Map<String, String> after = bindings.secret("shop-db-app").orElseThrow();
      assertThat(after.get("password")).isEqualTo(secret.get("password"));
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + after.get("port") + "/" + after.get("dbname"),
                  after.get("username"),
                  after.get("password"));
          Statement s = c.createStatement();
          ResultSet rows =
              s.executeQuery("SELECT available FROM inventory.stock WHERE sku = 'book'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(7);
      }
    }
  }

  @Test
  void aPortAnotherPostgresqlAnswersOnIsNamedNotSilentlyShared() throws Exception {
    var first = new ServiceSpec.Postgres("one", "app", "app", 0);
    try (PostgresService one =
        PostgresService.start(
            first, dir.resolve("postgres/one"), dir.resolve("logs"), new Ports(), false)) {
      var second = new ServiceSpec.Postgres("two", "app", "app", one.port());
      assertThatThrownBy(
              () ->
                  PostgresService.start(
                      second, dir.resolve("postgres/two"), dir.resolve("logs"), new Ports(), false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("PostgreSQL 'two'")
          .hasMessageContaining("port " + one.port() + " is another PostgreSQL's")
          .hasMessageContaining("postgres-two.log");
      // the first is untouched
      try (Connection c = DriverManager.getConnection(one.secret().get("jdbc-uri"))) {
        assertThat(c.isValid(2)).isTrue();
      }
    }
  }
}
