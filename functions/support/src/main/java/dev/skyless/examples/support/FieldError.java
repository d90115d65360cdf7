package dev.skyless.examples.support;

/** One invalid field of a request or event, as listed in the 400 problem's {@code errors}. */
public record FieldError(String field, String message) {}
