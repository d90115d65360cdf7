package dev.skyless.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyless build --push} against real registries on 127.0.0.1: plain HTTP only with {@code
 * --insecure-registry} (and refused at once without it), the pushed digest is what it prints, and a
 * registry that refuses the credentials of {@code $DOCKER_CONFIG/config.json} is exit 5.
 */
class RegistryPushIT {

  @TempDir Path dir;

  @Test
  void plainHttpIsRefusedAtOnceWithoutTheFlagAndPushedByDigestWithIt() throws Exception {
    Images images = Images.get();
    String base = images.base();
    String target = images.registry.host() + "/hello-push:1";

    Commands.Result refused =
        images.skyless.run(
            Duration.ofMinutes(2),
            "build",
            Skyless.project("hello").toString(),
            "--base",
            base,
            "--no-aot",
            "--push",
            "-i",
            target);
    assertThat(refused.exit()).isEqualTo(5);
    assertThat(refused.err()).contains("--insecure-registry");
    assertThat(refused.took()).isLessThan(Duration.ofSeconds(30));

    Path tarball = dir.resolve("hello.tar");
    Commands.Result pushed =
        images.skyless.run(
            Duration.ofMinutes(2),
            "build",
            Skyless.project("hello").toString(),
            "--base",
            base,
            "--no-aot",
            "--output",
            tarball.toString(),
            "--push",
            "--insecure-registry",
            "-i",
            target);
    pushed.orFail("build --push");
    String pinned = pushed.out().strip();
    assertThat(pinned).matches(images.registry.host() + "/hello-push@sha256:[0-9a-f]{64}");
    String digest = pinned.substring(pinned.indexOf('@') + 1);
    assertThat(images.registry.has("hello-push", digest)).isTrue();
    assertThat(tarball).isRegularFile();
  }

  @Test
  void aRegistryRefusingTheCredentialsIsExit5AndTheRightOnesPush() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/htpasswd")),
        "htpasswd missing (Debian package apache2-utils)");
    Images images = Images.get();
    String base = images.base();
    try (Registry secured =
        Registry.startWithLogin(Files.createDirectories(dir.resolve("secured")), "ci", "right")) {
      String target = secured.host() + "/hello-login:1";
      Path wrong = dockerConfig(dir.resolve("wrong"), secured.host(), "ci", "wrong");
      Commands.Result refused = build(images, wrong, base, target);
      assertThat(refused.exit()).as(refused.err()).isEqualTo(5);
      assertThat(refused.err()).contains("refused the credentials").contains("docker login");

      Path right = dockerConfig(dir.resolve("right"), secured.host(), "ci", "right");
      Commands.Result pushed = build(images, right, base, target);
      assertThat(pushed.exit()).as(pushed.err()).isZero();
      assertThat(pushed.out().strip()).startsWith(secured.host() + "/hello-login@sha256:");
    }
  }

  private Commands.Result build(Images images, Path dockerConfig, String base, String target)
      throws Exception {
    return Commands.run(
        List.of(
            Skyless.CLI.toString(),
            "build",
            Skyless.project("hello").toString(),
            "--base",
            base,
            "--no-aot",
            "--insecure-registry",
            "-i",
            target),
        Map.of(
            "JAVA_HOME", System.getProperty("java.home"),
            "SKYLESS_HOME", images.dir.resolve("home").toString(),
            "DOCKER_CONFIG", dockerConfig.toString()),
        null,
        Duration.ofMinutes(2));
  }

  private static Path dockerConfig(Path folder, String registry, String user, String password)
      throws Exception {
    Files.createDirectories(folder);
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    Files.writeString(
        folder.resolve("config.json"),
        "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
    return folder;
  }
}
