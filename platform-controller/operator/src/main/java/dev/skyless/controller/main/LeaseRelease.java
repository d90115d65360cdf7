package dev.skyless.controller.main;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up the leader Lease on shutdown, as client-go's {@code ReleaseOnCancel} does: the holder is
 * cleared and the duration cut to one second, so a standby takes over at its next try instead of
 * waiting for the Lease to expire. JOSDK's leader election does not release (fabric8's {@code
 * releaseOnCancel} is off there), so the controller does it after the operator has stopped.
 */
final class LeaseRelease {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private LeaseRelease() {}

  static void release(KubernetesClient client, String namespace, String name, String identity) {
    try {
      var lease = client.leases().inNamespace(namespace).withName(name);
      Lease current = lease.get();
      if (current == null
          || current.getSpec() == null
          || !identity.equals(current.getSpec().getHolderIdentity())) {
        return;
      }
      lease.edit(
          l -> {
            l.getSpec().setHolderIdentity(null);
            l.getSpec().setLeaseDurationSeconds(1);
            l.getSpec().setRenewTime(ZonedDateTime.now());
            return l;
          });
      LOG.info("released the leader lease {}/{}", namespace, name);
    } catch (RuntimeException e) {
      LOG.warn("could not release the leader lease {}/{}: {}", namespace, name, e.getMessage());
    }
  }
}
