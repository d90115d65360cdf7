package dev.skyless.local.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppFilesTest {

  @TempDir Path dir;

  @Test
  void theShopsAppFileReadsAsWritten() {
    AppFile app = AppFiles.read(Path.of("..", "functions", AppFile.FILE_NAME));
    assertThat(app.name()).isEqualTo("shop");
    assertThat(app.functionPaths()).allSatisfy(p -> assertThat(p).exists());
    ServiceSpec.Postgres db = app.services(ServiceSpec.Postgres.class).getFirst();
    assertThat(db.secretName()).isEqualTo("shop-db-app");
    ServiceSpec.S3 media = app.services(ServiceSpec.S3.class).getFirst();
    assertThat(media.buckets()).containsExactly("images");
    assertThat(media.notifications())
        .singleElement()
        .satisfies(n -> assertThat(n.topic()).isEqualTo("images.events"));
  }

  @Test
  void defaultsAreCloudNativePgsAndMiniosAndTheFunctionsAreTheFilesFolder() throws Exception {
    Path file =
        write(
            """
            name: app
            services:
              db: {postgres: {}}
              store:
                s3:
                  buckets: [inbox]
                  notifications: [{bucket: inbox, topic: in.events}]
              events: {kafka: {topics: [a, {name: b, partitions: 3}]}}
            """);
    AppFile app = AppFiles.read(file);
    assertThat(app.functionPaths()).containsExactly(dir.toAbsolutePath());
    assertThat(app.services(ServiceSpec.Postgres.class))
        .containsExactly(new ServiceSpec.Postgres("db", "app", "app", 0));
    ServiceSpec.S3 store = app.services(ServiceSpec.S3.class).getFirst();
    assertThat(store.secret()).isEqualTo("store");
    assertThat(store.configMap()).isEqualTo("store");
    assertThat(store.notifications().getFirst().events())
        .isEqualTo(Set.of(ServiceSpec.ObjectEvent.CREATED, ServiceSpec.ObjectEvent.REMOVED));
    assertThat(app.services(ServiceSpec.Kafka.class).getFirst().topics())
        .containsExactly(new ServiceSpec.Topic("a", 1), new ServiceSpec.Topic("b", 3));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no name               | services: {}                                         | name: required
          a typo in a field     | 'name: a\nservice: {}'                                | service: unknown field
          an unknown kind       | 'name: a\nservices: {db: {mysql: {}}}'                | services.db: unknown kind 'mysql'
          two kinds in one      | 'name: a\nservices: {db: {postgres: {}, s3: {}}}'     | services.db: expected exactly one
          a bad service name    | 'name: a\nservices: {Shop_DB: {postgres: {}}}'        | services.Shop_DB: 'Shop_DB' is not a DNS label
          a bad bucket          | 'name: a\nservices: {m: {s3: {buckets: [A]}}}'        | services.m.s3.buckets[0]: 'A' is not an S3 bucket name
          a notification's bucket not declared | 'name: a\nservices: {m: {s3: {buckets: [xyz], notifications: [{bucket: yyy, topic: t}]}}}' | services.m.s3.notifications[0].bucket: 'yyy' is not one of buckets [xyz]
          an unknown event      | 'name: a\nservices: {m: {s3: {buckets: [xyz], notifications: [{bucket: xyz, topic: t, events: [put]}]}}}' | events[0]: 'put' is not one of created, removed
          a bad port            | 'name: a\nservices: {db: {postgres: {port: 70000}}}'   | services.db.postgres.port: expected a port number
          zero partitions       | 'name: a\nservices: {k: {kafka: {topics: [{name: t, partitions: 0}]}}}' | partitions: expected a whole number of at least 1
          a missing folder      | 'name: a\nfunctions: [nowhere]'                       | functions[0]: no such file or folder
          a reserved owner      | 'name: a\nservices: {db: {postgres: {owner: postgres}}}' | services.db.postgres.owner: 'postgres' is PostgreSQL
          one Secret twice      | 'name: a\nservices: {m: {s3: {}}, n: {s3: {secret: m}}}' | services.n: a second service provides the Secret m
          """)
  void mistakesAreNamedWithTheirField(String what, String yaml, String message) throws Exception {
    Path file = write(yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> AppFiles.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void locateFindsTheFileInAFolderOrAsItself() throws Exception {
    Path file = write("name: a\n");
    assertThat(AppFile.locate(dir)).contains(file);
    assertThat(AppFile.locate(file)).contains(file);
    assertThat(AppFile.locate(dir.resolve("elsewhere"))).isEmpty();
  }

  private Path write(String yaml) throws Exception {
    return Files.writeString(dir.resolve(AppFile.FILE_NAME), yaml);
  }
}
