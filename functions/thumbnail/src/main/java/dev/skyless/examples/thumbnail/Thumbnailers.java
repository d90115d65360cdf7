package dev.skyless.examples.thumbnail;

import dev.skyless.examples.thumbnail.impl.ImageIoThumbnailer;
import dev.skyless.examples.thumbnail.impl.VipsThumbnailer;

/** Picks the engine: libvips when its library loads (fast), else Java ImageIO. */
public final class Thumbnailers {

  private Thumbnailers() {}

  /**
   * @param engine {@code auto}, {@code vips} or {@code imageio}
   * @param vipsLibrary a libvips shared library to use instead of the system's, or null
   * @throws IllegalStateException when {@code vips} is asked for and libvips is not there
   */
  public static Thumbnailer select(String engine, String vipsLibrary) {
    if (vipsLibrary != null && !engine.equals("imageio")) {
      return VipsThumbnailer.load(java.nio.file.Path.of(vipsLibrary));
    }
    return switch (engine) {
      case "imageio" -> new ImageIoThumbnailer();
      case "vips" ->
          VipsThumbnailer.load()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "THUMBNAIL_ENGINE=vips but libvips.so.42 does not load (install"
                              + " libvips42)"));
      case "auto" ->
          VipsThumbnailer.load().map(Thumbnailer.class::cast).orElseGet(ImageIoThumbnailer::new);
      default ->
          throw new IllegalStateException(
              "THUMBNAIL_ENGINE: '" + engine + "' is not auto, vips or imageio");
    };
  }
}
