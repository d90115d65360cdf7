package dev.skyless.runtime.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import dev.skyless.sdk.ProblemException;
import java.util.Map;

/**
 * A function that does what its input says: echo, fail, sleep, emit, or answer a chosen problem.
 * Lets one runtime exercise every path in table-driven tests.
 */
public final class CommandFunction
    implements Function<CommandFunction.Command, CommandFunction.Reply> {

  /** What to do. */
  public record Command(String action, String text, long millis, int count) {}

  /** What was done. */
  public record Reply(String action, String text, String eventType, String eventId) {}

  @Override
  public Reply apply(Command command, Context ctx) throws Exception {
    if (command.action() == null) {
      throw ProblemException.badRequest("'action' is required");
    }
    switch (command.action()) {
      case "echo" -> {}
      case "throw" -> throw new IllegalStateException("secret internal detail");
      case "sleep" -> Thread.sleep(command.millis());
      case "emit" -> {
        for (int i = 0; i < Math.max(1, command.count()); i++) {
          ctx.emit("com.example.echoed", Map.of("text", command.text(), "n", i));
        }
      }
      case "problem" ->
          throw new ProblemException(
              422,
              "Unprocessable",
              "cannot do that",
              Map.of("errors", java.util.List.of("a", "b")));
      case "none" -> {
        return null;
      }
      default -> throw ProblemException.badRequest("unknown action " + command.action());
    }
    return new Reply(command.action(), command.text(), ctx.type(), ctx.id());
  }
}
