package dev.skyless.runtime.function;

import dev.skyless.sdk.AsyncFunction;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The function's own resources (a connection pool, a background publisher), released at shutdown
   * after the last call: the function itself when it implements {@link AutoCloseable}.
   */
  public java.util.Optional<AutoCloseable> resources() {
    return target instanceof AutoCloseable closeable
        ? java.util.Optional.of(closeable)
        : java.util.Optional.empty();
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

  /**
   * Finds {@code I} of {@code Function<I, O>} / {@code AsyncFunction<I, O>}, following generic
   * superclasses and interfaces and resolving type variables on the way ({@code class Handler
   * extends Base<Order>}, {@code interface OrderFunction extends Function<Order, Receipt>}).
   */
  private static Type inputTypeOf(Class<?> type) {
    Type found = search(type, new HashMap<>());
    return found instanceof Class<?> || found instanceof ParameterizedType ? found : Object.class;
  }

  private static Type search(Type type, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    if (type instanceof ParameterizedType p) {
      raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] arguments = p.getActualTypeArguments();
      Map<TypeVariable<?>, Type> inner = new HashMap<>(bindings);
      for (int i = 0; i < variables.length; i++) {
        inner.put(variables[i], resolve(arguments[i], bindings));
      }
      bindings = inner;
      if (raw == Function.class || raw == AsyncFunction.class) {
        return bindings.get(variables[0]);
      }
    } else if (type instanceof Class<?> c) {
      raw = c;
    } else {
      return null;
    }
    List<Type> parents = new ArrayList<>(List.of(raw.getGenericInterfaces()));
    if (raw.getGenericSuperclass() != null) {
      parents.add(raw.getGenericSuperclass());
    }
    for (Type parent : parents) {
      Type found = search(parent, bindings);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> variable) {
      return bindings.getOrDefault(variable, Object.class);
    }
    return type;
  }
}
