package dev.skyless.sdk;

import java.util.concurrent.CompletionStage;

/**
 * The asynchronous variant of {@link Function}: returns a stage that completes with the output. Use
 * it when the work is already asynchronous (an async client); otherwise prefer {@link Function},
 * which runs on a virtual thread and may block freely.
 *
 * <p>Register the class in {@code META-INF/services/dev.skyless.sdk.AsyncFunction}, or name it in
 * {@code SKYLESS_FUNCTION}.
 *
 * @param <I> input type
 * @param <O> output type
 */
@FunctionalInterface
public interface AsyncFunction<I, O> {

  /** Starts handling one request or event; a failed stage is treated like a thrown exception. */
  CompletionStage<O> apply(I input, Context ctx);
}
