package dev.skyless.examples.order;

/** One invalid field of a request, as listed in the 400 problem's {@code errors}. */
public record FieldError(String field, String message) {}
