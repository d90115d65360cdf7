package dev.skyless.runtime.function;

import dev.skyless.sdk.AsyncFunction;
import dev.skyless.sdk.Function;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the function to host: the class named by {@code SKYLESS_FUNCTION}, or the single {@link
 * Function} / {@link AsyncFunction} registered with {@link ServiceLoader}.
 */
public final class FunctionLoader {

  private final ClassLoader classLoader;

  public FunctionLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /**
   * Loads the function.
   *
   * @throws FunctionLoadException with a message that says what to fix
   */
  public FunctionHandle load(Optional<String> className) {
    if (className.isPresent()) {
      return FunctionHandle.of(instantiate(className.get()));
    }
    List<Object> found = new ArrayList<>();
    ServiceLoader.load(Function.class, classLoader).forEach(found::add);
    ServiceLoader.load(AsyncFunction.class, classLoader).forEach(found::add);
    if (found.isEmpty()) {
      throw new FunctionLoadException(
          "no function found: set SKYLESS_FUNCTION to the class name, or list the class in"
              + " META-INF/services/dev.skyless.sdk.Function");
    }
    if (found.size() > 1) {
      List<String> names = found.stream().map(f -> f.getClass().getName()).toList();
      throw new FunctionLoadException(
          "several functions found " + names + ": set SKYLESS_FUNCTION to the one to run");
    }
    return FunctionHandle.of(found.getFirst());
  }

  private Object instantiate(String className) {
    try {
      Class<?> type = Class.forName(className, true, classLoader);
      if (!Function.class.isAssignableFrom(type) && !AsyncFunction.class.isAssignableFrom(type)) {
        throw new FunctionLoadException(
            "SKYLESS_FUNCTION: "
                + className
                + " implements neither dev.skyless.sdk.Function nor dev.skyless.sdk.AsyncFunction");
      }
      return type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new FunctionLoadException(
          "SKYLESS_FUNCTION: class " + className + " is not on the class path");
    } catch (NoSuchMethodException e) {
      throw new FunctionLoadException(
          "SKYLESS_FUNCTION: " + className + " needs a public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw new FunctionLoadException(
          "SKYLESS_FUNCTION: the constructor of " + className + " failed: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new FunctionLoadException("SKYLESS_FUNCTION: cannot create " + className + ": " + e, e);
    }
  }

  /** The function could not be found or created. */
  public static final class FunctionLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FunctionLoadException(String message) {
      super(message);
    }

    public FunctionLoadException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
