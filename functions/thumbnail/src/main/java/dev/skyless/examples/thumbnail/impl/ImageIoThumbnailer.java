package dev.skyless.examples.thumbnail.impl;

import dev.skyless.examples.thumbnail.Thumbnailer;
import dev.skyless.examples.thumbnail.UnreadableImageException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Java ImageIO, no native code. Memory stays bounded on huge images: the decoder subsamples while
 * reading, so an 8000x8000 JPEG is decoded at about 300x300, never whole.
 */
public final class ImageIoThumbnailer implements Thumbnailer {

  /** The short side decoded: twice the thumbnail, for a clean downscale. */
  private static final int DECODE_SHORT_SIDE = SIZE * 2;

  static {
    ImageIO.setUseCache(false);
  }

  @Override
  public String engine() {
    return "ImageIO";
  }

  @Override
  public byte[] thumbnail(byte[] image) throws UnreadableImageException {
    BufferedImage decoded = decode(image);
    BufferedImage square = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = square.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, SIZE, SIZE);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      double scale = (double) SIZE / Math.min(decoded.getWidth(), decoded.getHeight());
      int width = Math.max(SIZE, (int) Math.round(decoded.getWidth() * scale));
      int height = Math.max(SIZE, (int) Math.round(decoded.getHeight() * scale));
      g.drawImage(decoded, (SIZE - width) / 2, (SIZE - height) / 2, width, height, null);
    } finally {
      g.dispose();
    }
    return jpeg(square);
  }

  private static BufferedImage decode(byte[] image) throws UnreadableImageException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UnreadableImageException("not an image: no decoder knows its format");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        int step = Math.max(1, Math.min(width, height) / DECODE_SHORT_SIDE);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new UnreadableImageException("not a readable image: " + e.getMessage(), e);
    }
  }

  private static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY / 100f);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new IllegalStateException("encoding a JPEG in memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
