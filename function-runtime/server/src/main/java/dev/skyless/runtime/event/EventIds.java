package dev.skyless.runtime.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for the events the runtime makes: random (version 4) UUIDs drawn from {@link
 * ThreadLocalRandom}. A CloudEvent id must be unique per source, not unguessable, and {@link
 * UUID#randomUUID()} takes a global lock around {@code /dev/urandom}: measured as contention on the
 * request path.
 */
public final class EventIds {

  private EventIds() {}

  public static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
