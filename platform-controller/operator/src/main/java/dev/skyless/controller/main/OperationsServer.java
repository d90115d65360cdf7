package dev.skyless.controller.main;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics} on the controller's port. */
public final class OperationsServer implements AutoCloseable {

  private final HttpServer server;

  public OperationsServer(int port, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health/live", e -> answer(e, 200, "text/plain", "live"));
    server.createContext(
        "/health/ready",
        e -> {
          boolean ok = ready.getAsBoolean();
          answer(e, ok ? 200 : 503, "text/plain", ok ? "ready" : "not ready");
        });
    server.createContext(
        "/metrics",
        e -> answer(e, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
