package dev.skyless.runtime.http;

import dev.skyless.runtime.function.EmitFailedException;
import dev.skyless.runtime.function.Failures;
import dev.skyless.sdk.ProblemException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failed call into the problem the client sees. What the function chose ({@link
 * ProblemException}) passes through; a timeout is 504; anything else is a 500 that names no more
 * than the exception type: the stack trace goes to the log, never to the client.
 */
public final class ProblemMapper {

  private final Duration timeout;

  public ProblemMapper(Duration timeout) {
    this.timeout = timeout;
  }

  public ProblemException map(Throwable failure) {
    Throwable e = Failures.unwrap(failure);
    if (e instanceof ProblemException problem) {
      return problem;
    }
    if (e instanceof TimeoutException) {
      return new HttpProblem(
          504,
          "Function Timed Out",
          "The function did not finish within " + timeout.toMillis() + " ms");
    }
    if (e instanceof EmitFailedException) {
      return new HttpProblem(
          502, "Event Not Delivered", "The function ran but an event it emitted was not delivered");
    }
    return new HttpProblem(
        500, "Function Failed", "The function failed with " + e.getClass().getSimpleName());
  }

  /** Whether the failure is the function's fault (logged as an error with its stack trace). */
  public static boolean isServerFault(Throwable failure) {
    Throwable e = Failures.unwrap(failure);
    return !(e instanceof ProblemException p) || p.status() >= 500;
  }
}
