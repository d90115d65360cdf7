package dev.skyless.controller.function.model;

import static dev.skyless.contract.RuntimeVariables.ASYNC_ON_FAILURE;
import static dev.skyless.contract.RuntimeVariables.ASYNC_ON_SUCCESS;
import static dev.skyless.contract.RuntimeVariables.EVENTS_TOPIC;
import static dev.skyless.contract.RuntimeVariables.FUNCTION;
import static dev.skyless.contract.RuntimeVariables.HTTP_ROUTES;
import static dev.skyless.contract.RuntimeVariables.JWT_AUDIENCE;
import static dev.skyless.contract.RuntimeVariables.JWT_ISSUER;
import static dev.skyless.contract.RuntimeVariables.JWT_JWKS_URI;
import static dev.skyless.contract.RuntimeVariables.JWT_REQUIRED_SCOPES;
import static dev.skyless.contract.RuntimeVariables.KAFKA_BOOTSTRAP_SERVERS;
import static dev.skyless.contract.RuntimeVariables.K_SINK;
import static dev.skyless.contract.RuntimeVariables.MAX_CONCURRENCY;
import static dev.skyless.contract.RuntimeVariables.NAMESPACE;
import static dev.skyless.contract.RuntimeVariables.RATE_LIMIT_BURST;
import static dev.skyless.contract.RuntimeVariables.RATE_LIMIT_RPS;
import static dev.skyless.contract.RuntimeVariables.TIMEOUT;
import static dev.skyless.contract.RuntimeVariables.TRIGGER_FILTERS;
import static dev.skyless.contract.RuntimeVariables.TRIGGER_TOKEN;

import dev.skyless.api.v1alpha1.EventsSettings;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionSpec;
import dev.skyless.api.v1alpha1.HttpSettings;
import dev.skyless.contract.Durations;
import dev.skyless.contract.RoutePattern;
import dev.skyless.contract.TriggerFilter;
import dev.skyless.contract.TriggerFilters;
import dev.skyless.controller.config.PlatformDefaults;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime's variables for a Function, written through the contract's names and codecs (the
 * runtime's {@code RuntimeEnv} reads them back through the same).
 */
public final class RuntimeEnvironment {

  private RuntimeEnvironment() {}

  /** The variables, in a stable order; the user's own env comes after them in the container. */
  public static Map<String, String> of(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    FunctionSpec spec = function.getSpec();
    Map<String, String> env = new LinkedHashMap<>();
    env.put(NAMESPACE, settings.namespace());
    env.put(TIMEOUT, Durations.text(settings.timeout()));
    if (spec.getHandler() != null) {
      env.put(FUNCTION, spec.getHandler());
    }
    if (settings.scale().containerConcurrency() > 0) {
      env.put(MAX_CONCURRENCY, Integer.toString(settings.scale().containerConcurrency()));
    }
    EventsSettings events = spec.getEvents();
    if (events != null && events.getTopic() != null) {
      if (defaults.kafkaBootstrapServers().isEmpty()) {
        throw new InvalidSpecException(
            "spec.events.topic",
            "needs Kafka, but the platform ConfigMap sets no "
                + PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS);
      }
      env.put(EVENTS_TOPIC, events.getTopic());
      env.put(KAFKA_BOOTSTRAP_SERVERS, String.join(",", defaults.kafkaBootstrapServers()));
    }
    if (events != null && events.getSink() != null) {
      env.put(K_SINK, events.getSink());
    }
    Map<String, TriggerFilter> filters = new LinkedHashMap<>();
    for (var trigger : settings.triggers()) {
      if (trigger.kafka().isPresent() && trigger.filter().isPresent()) {
        filters.put(trigger.name(), trigger.filter().get());
      }
    }
    if (!filters.isEmpty()) {
      env.put(TRIGGER_FILTERS, new TriggerFilters(filters).encode());
    }
    if (!settings.triggers().isEmpty()) {
      env.put(TRIGGER_TOKEN, settings.triggerToken());
    }
    settings
        .async()
        .ifPresent(
            async -> {
              async.onSuccess().ifPresent(topic -> env.put(ASYNC_ON_SUCCESS, topic));
              async.onFailure().ifPresent(topic -> env.put(ASYNC_ON_FAILURE, topic));
              if (async.onSuccess().isPresent() || async.onFailure().isPresent()) {
                env.put(
                    KAFKA_BOOTSTRAP_SERVERS, String.join(",", defaults.kafkaBootstrapServers()));
              }
            });
    if (!settings.routes().isEmpty()) {
      env.put(HTTP_ROUTES, RoutePattern.format(settings.routes()));
    }
    HttpSettings http = spec.getHttp();
    if (http != null && http.getAuth() != null && http.getAuth().getJwt() != null) {
      var jwt = http.getAuth().getJwt();
      env.put(JWT_JWKS_URI, jwt.getJwksUri());
      putIfSet(env, JWT_ISSUER, jwt.getIssuer());
      putIfSet(env, JWT_AUDIENCE, jwt.getAudience());
      if (jwt.getRequiredScopes() != null && !jwt.getRequiredScopes().isEmpty()) {
        env.put(JWT_REQUIRED_SCOPES, String.join(" ", jwt.getRequiredScopes()));
      }
    }
    if (http != null && http.getRateLimit() != null) {
      env.put(RATE_LIMIT_RPS, Integer.toString(http.getRateLimit().getRps()));
      if (http.getRateLimit().getBurst() != null) {
        env.put(RATE_LIMIT_BURST, Integer.toString(http.getRateLimit().getBurst()));
      }
    }
    var telemetry = defaults.telemetry();
    telemetry
        .otlpEndpoint()
        .ifPresent(
            endpoint -> {
              env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
              env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
              telemetry.sampler().ifPresent(s -> env.put("OTEL_TRACES_SAMPLER", s));
              telemetry.samplerArg().ifPresent(a -> env.put("OTEL_TRACES_SAMPLER_ARG", a));
            });
    return env;
  }

  private static void putIfSet(Map<String, String> env, String name, String value) {
    if (value != null) {
      env.put(name, value);
    }
  }
}
