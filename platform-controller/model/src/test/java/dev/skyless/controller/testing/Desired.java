package dev.skyless.controller.testing;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.model.EventWiringModel;
import dev.skyless.controller.function.model.FunctionSettings;
import dev.skyless.controller.function.model.KnativeServiceModel;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The builders' output for a Function, as the controller computes it (settings first). */
public final class Desired {

  /** The trigger key tests use. */
  public static final byte[] KEY = "test-trigger-key".getBytes(StandardCharsets.UTF_8);

  private Desired() {}

  public static FunctionSettings settings(Function function, PlatformDefaults defaults) {
    return FunctionSettings.of(function, defaults, KEY);
  }

  public static Service service(Function function, PlatformDefaults defaults) {
    return KnativeServiceModel.desired(function, settings(function, defaults), defaults);
  }

  public static Map<String, KafkaSource> kafkaSources(
      Function function, PlatformDefaults defaults) {
    return EventWiringModel.kafkaSources(function, settings(function, defaults), defaults);
  }

  public static Map<String, KafkaSink> deadLetterSinks(
      Function function, PlatformDefaults defaults) {
    return EventWiringModel.deadLetterSinks(function, settings(function, defaults), defaults);
  }

  public static Map<String, KafkaSink> kafkaSinks(Function function, PlatformDefaults defaults) {
    return EventWiringModel.kafkaSinks(function, settings(function, defaults), defaults);
  }

  public static Map<String, io.fabric8.knative.sources.v1.PingSource> pingSources(
      Function function, PlatformDefaults defaults) {
    return EventWiringModel.pingSources(function, settings(function, defaults));
  }

  public static Map<String, io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute> httpRoutes(
      Function function, PlatformDefaults defaults) {
    return dev.skyless.controller.function.model.HttpRouteModel.httpRoutes(
        function, settings(function, defaults), defaults);
  }

  public static Map<String, Trigger> brokerTriggers(Function function, PlatformDefaults defaults) {
    return EventWiringModel.brokerTriggers(function, settings(function, defaults));
  }
}
