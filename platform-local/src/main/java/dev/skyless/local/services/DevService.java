package dev.skyless.local.services;

import dev.skyless.local.app.ServiceSpec;

/** A backing service {@code skyless dev} runs for an app: started, bound, shown, stopped. */
public interface DevService extends AutoCloseable {

  ServiceSpec spec();

  /** Where clients reach it ({@code 127.0.0.1:5432/app}, {@code http://127.0.0.1:9000}). */
  String address();

  /** A few words for the live table: what functions reference, what it publishes. */
  String detail();

  /** Adds the Secrets and ConfigMaps it stands in for. */
  void bind(ServiceBindings bindings);

  /** Stops it; its data stays. */
  @Override
  void close();
}
