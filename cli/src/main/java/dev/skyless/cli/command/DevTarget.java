package dev.skyless.cli.command;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.options.TargetOption;
import dev.skyless.local.status.DevState;
import java.util.Optional;

/** Finds the running {@code skyless dev} for commands that work against it or a cluster. */
final class DevTarget {

  private DevTarget() {}

  /** The running dev platform if the target is (or, for auto, can be) dev; empty for cluster. */
  static Optional<DevState> resolve(SkylessCommand parent, TargetOption.Target target, String fn) {
    if (target == TargetOption.Target.cluster) {
      return Optional.empty();
    }
    Optional<DevState> state = DevState.read(parent.context().devStateDir());
    if (state.isEmpty()) {
      if (target == TargetOption.Target.dev) {
        throw new CliException(
            ExitCodes.ENVIRONMENT, "no `skyless dev` is running (start one in another terminal)");
      }
      return Optional.empty();
    }
    if (!state.get().functions().contains(fn)) {
      throw new CliException(
          ExitCodes.NOT_FOUND,
          "skyless dev has no function "
              + fn
              + " (it runs: "
              + String.join(", ", state.get().functions())
              + "); use --target cluster for a deployed one");
    }
    return state;
  }
}
