package dev.skyless.examples.thumbnail;

/** An object in a bucket. */
public record ObjectRef(String bucket, String key) {}
