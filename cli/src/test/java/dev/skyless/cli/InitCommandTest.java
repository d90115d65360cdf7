package dev.skyless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.skyless.api.admission.CrdValidator;
import dev.skyless.cli.init.ProjectGenerator;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@code skyless init} output compiles, its tests pass, and its Function resource is admitted by
 * the CRD. Compiled with javac against this module's class path (the SDK and runtime are on it) and
 * tested with the JUnit Platform: what {@code mvn package} in the project would do, without a
 * nested Maven build.
 */
class InitCommandTest {

  @TempDir Path work;

  @ParameterizedTest
  @EnumSource(ProjectGenerator.Template.class)
  void theGeneratedProjectCompilesAndItsTestsPass(ProjectGenerator.Template template)
      throws Exception {
    Path dir = work.resolve("my-fn");
    Cli.Run run =
        Cli.run(
            Cli.context(work, Map.of()),
            "init",
            "my-fn",
            "--template",
            template.name(),
            "--dir",
            dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Created " + template + " function my-fn", "k8s/function.yaml");
    assertThat(dir.resolve("pom.xml")).content().contains("<artifactId>my-fn</artifactId>");

    Path classes = Files.createDirectories(work.resolve("classes"));
    compile(dir.resolve("src"), classes);
    Files.copy(
        dir.resolve("src/main/resources/META-INF/services/dev.skyless.sdk.Function"),
        Files.createDirectories(classes.resolve("META-INF/services"))
            .resolve("dev.skyless.sdk.Function"));

    TestExecutionSummary summary = runTests(classes, "com.example.myfn");
    assertThat(summary.getTestsFoundCount()).isPositive();
    assertThat(summary.getFailures()).as("failures of the generated tests").isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(summary.getTestsFoundCount());

    List<String> errors =
        CrdValidator.forFunction().check(Files.readString(dir.resolve("k8s/function.yaml")));
    assertThat(errors).as("CRD admission of k8s/function.yaml").isEmpty();
  }

  @Test
  void anInvalidNameIsRefused() {
    Cli.Run run = Cli.run(Cli.context(work, Map.of()), "init", "My_Function");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("'My_Function' is not a valid function name");
  }

  @Test
  void aNonEmptyFolderIsNotOverwritten() throws Exception {
    Files.writeString(work.resolve("keep.txt"), "mine");
    Cli.Run run = Cli.run(Cli.context(work, Map.of()), "init", "x", "--dir", work.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("is not empty");
    assertThat(work.resolve("keep.txt")).hasContent("mine");
  }

  private static void compile(Path sources, Path out) throws Exception {
    List<String> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args =
        new ArrayList<>(
            List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path")));
    args.addAll(files);
    int code = javac.run(null, null, null, args.toArray(String[]::new));
    assertThat(code).as("javac on the generated sources").isZero();
  }

  private static TestExecutionSummary runTests(Path classes, String pkg) throws Exception {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      LauncherDiscoveryRequest request =
          LauncherDiscoveryRequestBuilder.request().selectors(selectPackage(pkg)).build();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      LauncherFactory.create().execute(request, listener);
      return listener.getSummary();
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
