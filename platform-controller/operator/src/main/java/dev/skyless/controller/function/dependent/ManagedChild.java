package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.FunctionChildren;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child the controller owns outright: after a reconcile it equals the builder's output, server
 * additions aside.
 *
 * <ul>
 *   <li><b>Match</b>: the child is up to date when it carries the desired {@link ChildHash} and the
 *       fields the controller sets still hold their values (JOSDK's matcher, which catches edits
 *       made by hand). A removed field changes the hash, so removals are never mistaken for server
 *       defaults.
 *   <li><b>Update</b>: a full replace (PUT with the live resourceVersion) of the spec; the labels
 *       and annotations the controller manages are set exactly, those others added (Knative's
 *       creator annotations, a user's labels) are kept.
 *   <li><b>Replace</b>: when a field that the child's API makes immutable changes, the child is
 *       deleted and created anew instead ({@link #mustReplace}).
 * </ul>
 *
 * This works the same on a real API server and on the fabric8 mock server (no server-side apply
 * needed); docs/controller.md explains the choice.
 */
public abstract class ManagedChild<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, Function> {

  private static final Logger LOG = LoggerFactory.getLogger(ManagedChild.class);

  /** Label keys the controller sets on some child; on update, only the desired ones remain. */
  static final Set<String> MANAGED_LABELS =
      Set.of(
          FunctionChildren.MANAGED_BY,
          "app.kubernetes.io/name",
          "app.kubernetes.io/part-of",
          FunctionChildren.FUNCTION_LABEL,
          FunctionChildren.TRIGGER_LABEL,
          dev.skyless.controller.function.model.KnativeServiceModel.VISIBILITY_LABEL);

  protected ManagedChild(Class<R> type) {
    super(type);
  }

  /**
   * Whether going from {@code actual} to {@code desired} changes a field its API refuses to update.
   */
  protected boolean mustReplace(R actual, R desired) {
    return false;
  }

  @Override
  public Matcher.Result<R> match(R actual, R desired, Function primary, Context<Function> context) {
    String wanted = ChildHash.on(desired);
    if (wanted == null || !wanted.equals(ChildHash.on(actual))) {
      return Matcher.Result.computed(false, desired);
    }
    return super.match(actual, desired, primary, context);
  }

  @Override
  public R update(R actual, R desired, Function primary, Context<Function> context) {
    if (mustReplace(actual, desired)) {
      return replace(actual, desired, context);
    }
    R target = Serialization.clone(desired);
    target.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
    target
        .getMetadata()
        .setLabels(
            merged(
                actual.getMetadata().getLabels(),
                desired.getMetadata().getLabels(),
                MANAGED_LABELS));
    target
        .getMetadata()
        .setAnnotations(
            merged(
                actual.getMetadata().getAnnotations(),
                desired.getMetadata().getAnnotations(),
                Set.of(ChildHash.ANNOTATION)));
    target.getMetadata().setFinalizers(actual.getMetadata().getFinalizers());
    return context.getClient().resource(target).update();
  }

  private R replace(R actual, R desired, Context<Function> context) {
    String what = actual.getKind() + " " + actual.getMetadata().getName();
    if (actual.getMetadata().getDeletionTimestamp() == null) {
      LOG.info("{}: an immutable field changed, replacing it", what);
      context.getClient().resource(actual).delete();
    }
    try {
      return context.getClient().resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ChildReplacementPending(what);
      }
      throw e;
    }
  }

  /** {@code actual} without the managed keys that {@code desired} does not set, plus desired. */
  private static Map<String, String> merged(
      Map<String, String> actual, Map<String, String> desired, Set<String> managed) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (actual != null) {
      actual.forEach(
          (k, v) -> {
            if (!managed.contains(k)) {
              merged.put(k, v);
            }
          });
    }
    if (desired != null) {
      merged.putAll(desired);
    }
    return merged;
  }
}
