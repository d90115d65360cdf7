package dev.skyless.examples.hello;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import dev.skyless.sdk.ProblemException;

/** Greets the caller by name: {@code {"name":"Ada"}} becomes {@code {"message":"Hello, Ada!"}}. */
public final class Greet implements Function<Greet.Request, Greet.Greeting> {

  /** What the caller sends. */
  public record Request(String name) {}

  /** What the caller gets back. */
  public record Greeting(String message) {}

  @Override
  public Greeting apply(Request request, Context ctx) {
    if (request.name() == null || request.name().isBlank()) {
      throw ProblemException.badRequest("'name' is required");
    }
    ctx.logger().info("greeting {}", request.name());
    return new Greeting("Hello, " + request.name() + "!");
  }
}
