package dev.skyless.controller.function.dependent;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.FunctionChildren;
import dev.skyless.controller.function.model.ServiceAccountModel;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The Function's own ServiceAccount, while it names none ({@link OwnServiceAccount}); deleted when
 * it names one.
 */
public class ServiceAccountDependent extends ManagedChild<ServiceAccount> {

  public ServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(Function function, Context<Function> context) {
    return ChildHash.stamp(ServiceAccountModel.desired(function));
  }

  /**
   * Deletes the made ServiceAccount by name once the Function names another. JOSDK's default looks
   * the child up in its informer's cache by the owner's primary-to-secondary index, which misses it
   * here; the name is known and the owner reference is checked, so nothing else goes.
   */
  @Override
  public void delete(Function function, Context<Function> context) {
    var made =
        context
            .getClient()
            .serviceAccounts()
            .inNamespace(function.getMetadata().getNamespace())
            .withName(FunctionChildren.madeServiceAccountName(function));
    ServiceAccount account = made.get();
    if (account != null
        && account.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> o.getUid().equals(function.getMetadata().getUid()))) {
      made.delete();
    }
  }

  /** Reconcile precondition: the Function names no ServiceAccount of its own. */
  public static final class OwnServiceAccount implements Condition<ServiceAccount, Function> {
    @Override
    public boolean isMet(
        DependentResource<ServiceAccount, Function> dependent,
        Function function,
        Context<Function> context) {
      return FunctionChildren.ownsServiceAccount(function);
    }
  }
}
