package dev.skyless.runtime.http;

import io.vertx.core.Future;

/** Checks the credentials of an invocation request. */
public interface Authenticator {

  /**
   * Checks the {@code Authorization} header (null when absent).
   *
   * @return a future that fails with an {@link HttpProblem} of 401 (no or bad token) or 403 (valid
   *     token without the required scopes)
   */
  Future<Void> authenticate(String authorization);
}
