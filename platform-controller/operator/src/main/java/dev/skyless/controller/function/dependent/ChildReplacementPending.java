package dev.skyless.controller.function.dependent;

/**
 * A child being replaced still exists (Knative's finalizers are cleaning it up); the next retry
 * creates the new one.
 */
public final class ChildReplacementPending extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ChildReplacementPending(String child) {
    super(child + " is being replaced: waiting for the old one to be deleted");
  }
}
