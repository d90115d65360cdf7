package dev.skyless.local.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.local.services.ServiceBindings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What `skyless dev` says about Function files it cannot run. */
class FunctionFilesTest {

  @TempDir Path dir;

  @Test
  void aMistypedFieldIsNamedWithItsFile() throws Exception {
    Path file = dir.resolve("f.yaml");
    Files.writeString(
        file,
        "apiVersion: skyless.dev/v1alpha1\nkind: Function\nmetadata: {name: f}\n"
            + "spec: {image: x, scale: {min: lots}}\n");
    assertThatThrownBy(() -> FunctionFiles.read(List.of(dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("spec.scale.min")
        .hasMessageContaining("\"lots\"");
  }

  /**
   * What the Function CRD refuses on a cluster (its schema, strict about unknown fields, and its
   * CEL rules) is refused by {@code skyless dev} too, with the field named.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "triggers: [{name: async, kafka: {topics: [t]}}]|spec.triggers[0]: the trigger names async"
            + " and async-failure are kept for spec.async",
        "triggers: [{name: a, kafka: {topics: [t]}}, {name: a, kafka: {topics: [u]}}]|trigger"
            + " names must be unique",
        "triggers: [{name: t, schedule: {cron: '@daily'}, filter: {type: x}}]|a schedule trigger"
            + " takes no filter",
        "http: {routes: [{method: FETCH, path: /x}]}|spec.http.routes[0].method",
        "scale: {min: 3, max: 2}|scale.min must not be greater than scale.max",
        "triggers: [{name: Orders, kafka: {topics: [t]}}]|spec.triggers[0].name"
      })
  void whatAClusterRefusesIsRefusedNamingTheField(String spec, String message) throws Exception {
    Path file = dir.resolve("f.yaml");
    Files.writeString(
        file,
        "apiVersion: skyless.dev/v1alpha1\nkind: Function\nmetadata: {name: f}\nspec:\n  image: x\n  "
            + spec
            + "\n");
    assertThatThrownBy(() -> FunctionFiles.read(List.of(dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + ": Function f would be refused by a cluster's API server: ")
        .hasMessageContaining(message);
  }

  @Test
  void theRepositorysOwnFunctionsAndSamplesAreAdmitted() {
    Path root = Path.of("..").toAbsolutePath().normalize();
    var found = FunctionFiles.read(List.of(root.resolve("functions"), root.resolve("k8s/samples")));
    assertThat(found).extracting(f -> f.function().getMetadata().getName()).contains("order");
  }

  @Test
  void otherKindsAreSkippedAndAMissingPathIsNamed() throws Exception {
    Files.writeString(
        dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    assertThat(FunctionFiles.read(List.of(dir))).isEmpty();
    assertThatThrownBy(() -> FunctionFiles.read(List.of(dir.resolve("nope"))))
        .hasMessageContaining("no such file or folder");
  }

  @Test
  void aFunctionWithoutCodeSaysWhereCodeIsLookedFor() throws Exception {
    Files.writeString(
        dir.resolve("g.yaml"),
        "apiVersion: skyless.dev/v1alpha1\nkind: Function\nmetadata: {name: g}\nspec: {image: x}\n");
    var found = FunctionFiles.read(List.of(dir));
    var functions =
        new LocalFunctions(PlatformDefaults.builtIn(), Map.of(), ServiceBindings.none());
    assertThatThrownBy(() -> functions.toLocal(found.getFirst()))
        .hasMessageContaining("<project>/k8s/function.yaml")
        .hasMessageContaining(LocalFunctions.CLASS_PATH_ANNOTATION);
  }

  @Test
  void aShellValueOverridesTheYamlsLiteralWithANoticeButNeverThePlatformsOwn() throws Exception {
    Files.writeString(
        dir.resolve("s.yaml"),
        """
        apiVersion: skyless.dev/v1alpha1
        kind: Function
        metadata:
          name: s
          annotations: {skyless.dev/local-class-path: "."}
        spec:
          image: x
          timeout: 10s
          env:
            - {name: S3_ENDPOINT, value: "http://minio:9000"}
            - {name: S3_BUCKET, value: images}
        """);
    var found = FunctionFiles.read(List.of(dir));
    var shell =
        Map.of(
            "S3_ENDPOINT", "http://127.0.0.1:9100",
            "S3_BUCKET", "images",
            "SKYLESS_TIMEOUT", "1s");

    LocalFunction local =
        new LocalFunctions(PlatformDefaults.builtIn(), shell, ServiceBindings.none())
            .toLocal(found.getFirst());

    assertThat(local.env())
        .containsEntry("S3_ENDPOINT", "http://127.0.0.1:9100")
        .containsEntry("S3_BUCKET", "images")
        .containsEntry("SKYLESS_TIMEOUT", "10s");
    assertThat(local.warnings())
        .contains("env S3_ENDPOINT: your shell's value is used, not the YAML's")
        .noneMatch(w -> w.contains("S3_BUCKET") || w.contains("SKYLESS_TIMEOUT"));
  }

  @Test
  void secretAndConfigMapReferencesResolveToTheDevServicesAsTheKubeletWould() throws Exception {
    Files.writeString(
        dir.resolve("r.yaml"),
        """
        apiVersion: skyless.dev/v1alpha1
        kind: Function
        metadata:
          name: r
          annotations: {skyless.dev/local-class-path: "."}
        spec:
          image: x
          envFrom:
            - configMapRef: {name: media}
              prefix: MEDIA_
            - secretRef: {name: absent}
            - secretRef: {name: also-absent, optional: true}
          env:
            - name: DB_URL
              valueFrom: {secretKeyRef: {name: shop-db-app, key: jdbc-uri}}
            - name: MEDIA_region
              value: eu-west-1
            - name: DB_SCHEMA
              valueFrom: {secretKeyRef: {name: shop-db-app, key: schema}}
            - name: DB_REPLICA
              valueFrom: {secretKeyRef: {name: shop-db-app, key: replica}}
            - name: S3_ENDPOINT
              valueFrom: {configMapKeyRef: {name: media, key: endpoint}}
            - name: CACHE
              valueFrom: {configMapKeyRef: {name: cache, key: url, optional: true}}
        """);
    ServiceBindings bindings =
        ServiceBindings.none()
            .secret("shop-db-app", Map.of("jdbc-uri", "jdbc:postgresql://127.0.0.1:5432/app"))
            .configMap("media", Map.of("endpoint", "http://127.0.0.1:9000", "region", "us-east-1"));
    var found = FunctionFiles.read(List.of(dir));

    LocalFunction local =
        new LocalFunctions(
                PlatformDefaults.builtIn(),
                Map.of("S3_ENDPOINT", "http://elsewhere", "DB_SCHEMA", "shop"),
                bindings)
            .toLocal(found.getFirst());

    assertThat(local.env())
        .containsEntry("DB_URL", "jdbc:postgresql://127.0.0.1:5432/app")
        .containsEntry("MEDIA_endpoint", "http://127.0.0.1:9000") // keys as they are, prefixed
        .containsEntry("MEDIA_region", "eu-west-1") // env wins over envFrom
        .containsEntry("S3_ENDPOINT", "http://127.0.0.1:9000") // a service wins over the shell
        .containsEntry("DB_SCHEMA", "shop") // no service has it: the shell fills it
        .doesNotContainKeys("CACHE", "DB_REPLICA");
    assertThat(local.warnings())
        .containsExactlyInAnyOrder(
            "envFrom Secret absent: no dev service provides it (declare one in skyless.yaml)",
            "env S3_ENDPOINT: the dev service's value is used, not your shell's",
            "env DB_REPLICA: the Secret shop-db-app has no key 'replica' (it has: jdbc-uri); set"
                + " it in your shell to pass it on");
  }
}
