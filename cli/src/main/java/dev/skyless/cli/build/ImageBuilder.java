package dev.skyless.cli.build;

import java.util.function.Consumer;

/** Builds a function's image without a container daemon. */
public interface ImageBuilder {

  /**
   * Builds (and pushes, or writes the tarball).
   *
   * @param progress hears what is happening ("training the AOT cache", "pushing 40%")
   * @throws dev.skyless.cli.CliException with {@link dev.skyless.cli.ExitCodes#REGISTRY} when the
   *     registry refuses
   */
  BuildResult build(BuildRequest request, Consumer<String> progress) throws Exception;
}
