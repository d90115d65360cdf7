package dev.skyless.cli.build.impl;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Finds out at once whether a registry speaks TLS. Jib, asked to push to a plain-HTTP registry
 * without {@code --insecure-registry}, waits out its read timeouts (a minute) before it says so,
 * because such a server reads a TLS handshake as an unfinished request; one handshake with a short
 * timeout tells the same in a moment. Certificates are not checked here (Jib checks them).
 */
final class RegistryTransport {

  private static final int TIMEOUT_MILLIS = 3000;

  private RegistryTransport() {}

  /**
   * @throws CliException (exit 5) when {@code host:port} answers but not with TLS
   */
  static void requireTls(String registry, String image) {
    int colon = registry.lastIndexOf(':');
    boolean hasPort = colon > 0 && registry.substring(colon + 1).matches("[0-9]{1,5}");
    String host = hasPort ? registry.substring(0, colon) : registry;
    int port = hasPort ? Integer.parseInt(registry.substring(colon + 1)) : 443;
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      plain.setSoTimeout(TIMEOUT_MILLIS);
      try (SSLSocket tls =
          (SSLSocket) trustingContext().getSocketFactory().createSocket(plain, host, port, false)) {
        tls.startHandshake();
      }
    } catch (SocketTimeoutException | SSLException e) {
      throw new CliException(
          ExitCodes.REGISTRY,
          "the registry for "
              + image
              + " does not answer TLS on "
              + host
              + ":"
              + port
              + " (a plain-HTTP registry?): pass --insecure-registry to allow plain HTTP",
          e);
    } catch (IOException e) {
      // unreachable or refused: Jib reports it with its own retries and message
    }
  }

  private static SSLContext trustingContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
