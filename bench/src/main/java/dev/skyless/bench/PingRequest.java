package dev.skyless.bench;

import java.net.URI;
import java.net.http.HttpRequest;

/** The CloudEvent POST the process benchmarks send (the same body as {@code ping.lua}). */
final class PingRequest {

  private PingRequest() {}

  static HttpRequest to(int port, String id) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "/bench")
        .header("ce-type", "dev.skyless.bench.ping")
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + id + "\",\"n\":1}"))
        .build();
  }
}
