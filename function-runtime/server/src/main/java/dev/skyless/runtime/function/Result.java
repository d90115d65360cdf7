package dev.skyless.runtime.function;

/** What a finished call produced: the output as returned, and encoded. */
public record Result(Object output, Payload payload) {}
