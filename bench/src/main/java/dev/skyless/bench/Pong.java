package dev.skyless.bench;

/** The reply both servers write in the HTTP benchmarks. */
public record Pong(String greeting, int n) {}
