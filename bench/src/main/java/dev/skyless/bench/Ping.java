package dev.skyless.bench;

/** The request body both servers bind in the HTTP benchmarks. */
public record Ping(String name, int n) {}
