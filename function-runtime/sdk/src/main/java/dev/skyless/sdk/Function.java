package dev.skyless.sdk;

/**
 * A function that Skyless hosts. Plain blocking code is fine: the runtime calls {@link #apply} on a
 * virtual thread, one per invocation, so JDBC, HTTP clients and {@code Thread.sleep} are all safe
 * to use.
 *
 * <p>The input is bound from the request or event body with Jackson (a record or POJO, {@code
 * String}, {@code byte[]}, or {@code io.cloudevents.CloudEvent} for the whole event). The output is
 * written back as JSON; {@code null} means "no content".
 *
 * <pre>{@code
 * public final class PlaceOrder implements Function<Order, OrderPlaced> {
 *   public OrderPlaced apply(Order order, Context ctx) {
 *     OrderPlaced placed = ...;
 *     ctx.emit("com.example.order.placed", placed);
 *     return placed;
 *   }
 * }
 * }</pre>
 *
 * <p>A function that holds resources (a connection pool, a background publisher) can implement
 * {@link AutoCloseable}: the runtime closes it at shutdown, after the last call has finished.
 *
 * <p>Register the class in {@code META-INF/services/dev.skyless.sdk.Function}, or name it in the
 * {@code SKYLESS_FUNCTION} environment variable.
 *
 * @param <I> input type
 * @param <O> output type
 */
@FunctionalInterface
public interface Function<I, O> {

  /**
   * Handles one request or event.
   *
   * @throws ProblemException to answer with a specific HTTP status and problem details
   * @throws Exception any other failure: a 500 over HTTP, a retry and then the dead-letter topic
   *     for an event
   */
  O apply(I input, Context ctx) throws Exception;
}
