package dev.skyless.runtime.function;

import dev.skyless.sdk.AsyncFunction;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A loaded user function, blocking or async, with the input type it declares. {@link #call} blocks
 * the calling (virtual) thread until the function's output is ready.
 */
public final class FunctionHandle {

  private final Object target;
  private final Type inputType;
  private final String name;

  private FunctionHandle(Object target, Type inputType) {
    this.target = Objects.requireNonNull(target);
    this.inputType = inputType;
    this.name = target.getClass().getName();
  }

  /** Wraps a {@link Function} or {@link AsyncFunction} instance. */
  public static FunctionHandle of(Object function) {
    if (!(function instanceof Function<?, ?>) && !(function instanceof AsyncFunction<?, ?>)) {
      throw new IllegalArgumentException(
          function.getClass().getName()
              + " implements neither dev.skyless.sdk.Function nor dev.skyless.sdk.AsyncFunction");
    }
    return new FunctionHandle(function, inputTypeOf(function.getClass()));
  }

  /** The declared input type {@code I}; {@code Object} when it cannot be read from the class. */
  public Type inputType() {
    return inputType;
  }

  /** The function's class name, for logs and messages. */
  public String name() {
    return name;
  }

  /** Runs the function and waits for its output. Exceptions are the function's own. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Object call(Object input, Context ctx) throws Exception {
    if (target instanceof Function f) {
      return f.apply(input, ctx);
    }
    var stage = ((AsyncFunction) target).apply(input, ctx);
    if (stage == null) {
      throw new IllegalStateException(name + " returned a null CompletionStage");
    }
    try {
      return stage.toCompletableFuture().get();
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  private static Type inputTypeOf(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p
            && (p.getRawType() == Function.class || p.getRawType() == AsyncFunction.class)) {
          Type arg = p.getActualTypeArguments()[0];
          return arg instanceof Class<?> || arg instanceof ParameterizedType ? arg : Object.class;
        }
      }
    }
    return Object.class;
  }
}
