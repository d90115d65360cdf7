package dev.skyless.examples.thumbnail;

/**
 * Makes the thumbnail: {@value #SIZE}x{@value #SIZE}, the image scaled to cover the square and
 * cropped around its centre, JPEG at quality {@value #QUALITY}; transparency over white.
 */
public interface Thumbnailer {

  int SIZE = 150;
  int QUALITY = 85;

  /**
   * @throws UnreadableImageException when the bytes are not an image it can decode
   */
  byte[] thumbnail(byte[] image) throws UnreadableImageException;

  /** What it runs on, for logs and benchmarks ("libvips 8.14.1", "ImageIO"). */
  String engine();
}
