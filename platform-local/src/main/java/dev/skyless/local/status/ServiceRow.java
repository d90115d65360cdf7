package dev.skyless.local.status;

/**
 * A backing service as the live table and {@code dev.json} show it.
 *
 * @param name its name in the app file ({@code kafka} for the platform's broker)
 * @param kind postgres, s3, kafka
 * @param address where clients reach it
 * @param detail what functions reference (Secrets, ConfigMaps), buckets, notifications
 */
public record ServiceRow(String name, String kind, String address, String detail) {}
