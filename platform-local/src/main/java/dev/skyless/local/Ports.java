package dev.skyless.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * The ports an app's services listen on, handed out once each: services start side by side and bind
 * their ports later, so a port free now must not be handed out twice meanwhile.
 */
public final class Ports {

  private final Set<Integer> taken = new HashSet<>();

  /**
   * The port the app file names; else the well-known one when asked for, free and not handed out
   * yet; else a free one.
   *
   * @throws IllegalStateException when the named or well-known port is already another service's
   */
  public synchronized int choose(int named, int wellKnown, boolean tryWellKnown, String who) {
    if (named != 0) {
      if (!taken.add(named)) {
        throw new IllegalStateException(who + ": port " + named + " is another service's too");
      }
      return named;
    }
    if (tryWellKnown && !taken.contains(wellKnown) && isFree(wellKnown)) {
      taken.add(wellKnown);
      return wellKnown;
    }
    return free();
  }

  /** A port free on 127.0.0.1 now and not handed out before. */
  public synchronized int free() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = anyFree();
      if (taken.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on 127.0.0.1 after 100 tries");
  }

  /** A port free on 127.0.0.1 now (for one process at a time; no bookkeeping). */
  public static int anyFree() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
