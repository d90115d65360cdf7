package dev.skyless.examples.thumbnail.impl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.skyless.examples.thumbnail.Thumbnailer;
import dev.skyless.examples.thumbnail.UnreadableImageException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * libvips (Debian's {@code libvips42}) through Java's foreign function API: {@code
 * vips_thumbnail_buffer} (shrink-on-load, so memory stays small on huge JPEGs; EXIF orientation
 * applied), centre crop, flattened over white, saved as JPEG quality {@value #QUALITY}. No JNI
 * library of our own: the JVM calls libvips directly.
 */
public final class VipsThumbnailer implements Thumbnailer {

  private static final Linker LINKER = Linker.nativeLinker();
  private static final int INTERESTING_CENTRE = 1; // VipsInteresting
  private static final String LIBRARY = "libvips.so.42";

  private final MethodHandle thumbnailBuffer;
  private final MethodHandle hasAlpha;
  private final MethodHandle flatten;
  private final MethodHandle writeToBuffer;
  private final MethodHandle objectUnref;
  private final MethodHandle gFree;
  private final MethodHandle errorBuffer;
  private final MethodHandle errorClear;
  private final MemorySegment height;
  private final MemorySegment crop;
  private final MemorySegment backgroundName;
  private final MemorySegment white;
  private final MemorySegment suffix;
  private final String version;

  private VipsThumbnailer(SymbolLookup vips) throws Throwable {
    Arena global = Arena.global();
    MethodHandle init = handle(vips, "vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    if ((int) init.invokeExact(global.allocateFrom("skyless-thumbnail")) != 0) {
      throw new IllegalStateException("vips_init failed");
    }
    // libvips caches operations by their arguments, a buffer's address among them: a new image
    // in a reused buffer must never be answered from the cache.
    MethodHandle cacheSetMax =
        handle(vips, "vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT));
    cacheSetMax.invokeExact(0);
    thumbnailBuffer =
        variadic(
            vips,
            "vips_thumbnail_buffer",
            FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, // buf, len, &out, width
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), // "height", h, "crop", c, NULL
            4);
    hasAlpha = handle(vips, "vips_image_hasalpha", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    flatten =
        variadic(
            vips,
            "vips_flatten",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS),
            2);
    writeToBuffer =
        variadic(
            vips,
            "vips_image_write_to_buffer",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS),
            4);
    objectUnref = handle(vips, "g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
    gFree = handle(vips, "g_free", FunctionDescriptor.ofVoid(ADDRESS));
    errorBuffer = handle(vips, "vips_error_buffer", FunctionDescriptor.of(ADDRESS));
    errorClear = handle(vips, "vips_error_clear", FunctionDescriptor.ofVoid());
    MethodHandle arrayDoubleNew =
        handle(vips, "vips_array_double_new", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    white =
        (MemorySegment)
            arrayDoubleNew.invokeExact(global.allocateFrom(JAVA_DOUBLE, 255, 255, 255), 3);
    MethodHandle versionString =
        handle(vips, "vips_version_string", FunctionDescriptor.of(ADDRESS));
    version =
        "libvips " + ((MemorySegment) versionString.invokeExact()).reinterpret(64).getString(0);
    height = global.allocateFrom("height");
    crop = global.allocateFrom("crop");
    backgroundName = global.allocateFrom("background");
    suffix = global.allocateFrom(".jpg[Q=" + QUALITY + ",strip]");
  }

  /** libvips, if its library ({@value #LIBRARY}, Debian's {@code libvips42}) loads here. */
  public static Optional<VipsThumbnailer> load() {
    try {
      return Optional.of(new VipsThumbnailer(SymbolLookup.libraryLookup(LIBRARY, Arena.global())));
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  /**
   * libvips from a given shared library (another build, e.g. a newer one bundled elsewhere).
   *
   * @throws IllegalStateException when it does not load or lacks a function
   */
  public static VipsThumbnailer load(java.nio.file.Path library) {
    try {
      return new VipsThumbnailer(SymbolLookup.libraryLookup(library, Arena.global()));
    } catch (Throwable e) {
      throw new IllegalStateException("libvips at " + library + " does not load: " + e, e);
    }
  }

  @Override
  public String engine() {
    return version;
  }

  @Override
  public byte[] thumbnail(byte[] image) throws UnreadableImageException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment input = arena.allocateFrom(JAVA_BYTE, image);
      MemorySegment out = arena.allocate(ADDRESS);
      int rc =
          (int)
              thumbnailBuffer.invokeExact(
                  input,
                  (long) image.length,
                  out,
                  SIZE,
                  height,
                  SIZE,
                  crop,
                  INTERESTING_CENTRE,
                  MemorySegment.NULL);
      if (rc != 0) {
        throw new UnreadableImageException("not a readable image: " + lastError());
      }
      MemorySegment thumb = out.get(ADDRESS, 0);
      try {
        if ((int) hasAlpha.invokeExact(thumb) != 0) {
          MemorySegment flat = arena.allocate(ADDRESS);
          if ((int) flatten.invokeExact(thumb, flat, backgroundName, white, MemorySegment.NULL)
              != 0) {
            throw new UnreadableImageException("flattening failed: " + lastError());
          }
          objectUnref.invokeExact(thumb);
          thumb = flat.get(ADDRESS, 0);
        }
        MemorySegment buffer = arena.allocate(ADDRESS);
        MemorySegment length = arena.allocate(JAVA_LONG);
        if ((int) writeToBuffer.invokeExact(thumb, suffix, buffer, length, MemorySegment.NULL)
            != 0) {
          throw new UnreadableImageException("encoding failed: " + lastError());
        }
        MemorySegment jpeg = buffer.get(ADDRESS, 0).reinterpret(length.get(JAVA_LONG, 0));
        try {
          return jpeg.toArray(JAVA_BYTE);
        } finally {
          gFree.invokeExact(jpeg);
        }
      } finally {
        objectUnref.invokeExact(thumb);
      }
    } catch (UnreadableImageException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("calling libvips failed", e);
    }
  }

  private String lastError() throws Throwable {
    String message =
        ((MemorySegment) errorBuffer.invokeExact()).reinterpret(4096).getString(0).strip();
    errorClear.invokeExact();
    return message.isEmpty() ? "libvips gave no reason" : message.replace('\n', ' ');
  }

  private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(
        lib.find(name).orElseThrow(() -> new IllegalStateException(name + " not in " + LIBRARY)),
        fd);
  }

  private static MethodHandle variadic(
      SymbolLookup lib, String name, FunctionDescriptor fd, int firstVariadic) {
    return LINKER.downcallHandle(
        lib.find(name).orElseThrow(() -> new IllegalStateException(name + " not in " + LIBRARY)),
        fd,
        Linker.Option.firstVariadicArg(firstVariadic));
  }
}
