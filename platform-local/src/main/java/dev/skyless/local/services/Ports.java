package dev.skyless.local.services;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Which port a dev service listens on. */
public final class Ports {

  private Ports() {}

  /**
   * The port the app file names; else the well-known one when asked for and free; else a free one.
   */
  public static int choose(int named, int wellKnown, boolean tryWellKnown) {
    if (named != 0) {
      return named;
    }
    if (tryWellKnown && free(wellKnown)) {
      return wellKnown;
    }
    return free();
  }

  /** A port free on 127.0.0.1 now. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  public static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
