package dev.skyless.examples.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A function's database: a small connection pool, its schema migrated by Flyway from {@code
 * db/migration/<schema>} on start, and transactions that commit or roll back as a whole. Settings:
 * {@code DB_URL} (JDBC), {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_POOL_SIZE} (default 10).
 */
public final class Database implements AutoCloseable {

  /** Work inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final HikariDataSource pool;

  private Database(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Connects and migrates {@code schema} (its own schema, its own migrations). */
  public static Database open(Settings settings, String schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.required("DB_URL"));
    config.setUsername(settings.optional("DB_USER", null));
    config.setPassword(settings.optional("DB_PASSWORD", null));
    config.setMaximumPoolSize(Integer.parseInt(settings.optional("DB_POOL_SIZE", "10")));
    config.setSchema(schema);
    config.setPoolName(schema);
    config.setAutoCommit(false);
    config.setConnectionTimeout(10_000);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(pool)
          .schemas(schema)
          .createSchemas(true)
          .locations("classpath:db/migration/" + schema)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool);
  }

  public DataSource dataSource() {
    return pool;
  }

  /** Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
