package dev.skyless.local.scale;

/** A request's hold on one instance: its port, until {@link #release}. */
public interface Lease {

  /** The instance's port at 127.0.0.1. */
  int port();

  /** The request is done with the instance; call once. */
  void release();
}
