package dev.skyless.controller.main;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;

/**
 * JOSDK's reconcile callbacks as Prometheus meters: {@code skyless_controller_reconciles_total},
 * {@code skyless_controller_reconcile_errors_total}, {@code skyless_controller_reconcile_seconds}.
 */
public final class ReconcileMetrics implements Metrics {

  private final Counter reconciles;
  private final Counter errors;
  private final Timer duration;

  public ReconcileMetrics(MeterRegistry registry) {
    reconciles =
        Counter.builder("skyless.controller.reconciles")
            .description("Reconciles started")
            .register(registry);
    errors =
        Counter.builder("skyless.controller.reconcile.errors")
            .description("Reconciles that failed (and will be retried)")
            .register(registry);
    duration =
        Timer.builder("skyless.controller.reconcile")
            .description("Time one reconcile takes")
            .publishPercentileHistogram()
            .register(registry);
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retry, Map<String, Object> metadata) {
    reconciles.increment();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    errors.increment();
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    try {
      return execution.execute();
    } finally {
      duration.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
