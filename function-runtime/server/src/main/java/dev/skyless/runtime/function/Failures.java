package dev.skyless.runtime.function;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the exceptions that come out of a call. */
public final class Failures {

  private Failures() {}

  /** Strips the {@link CompletionException} / {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
