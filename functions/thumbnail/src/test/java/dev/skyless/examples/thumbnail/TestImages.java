package dev.skyless.examples.thumbnail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Real encoded images for the tests and the benchmark: thirds of red, green, blue, plus noise. */
public final class TestImages {

  private TestImages() {}

  /** Left third red, middle green, right third blue (top/bottom thirds when portrait). */
  public static BufferedImage thirds(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    boolean landscape = width >= height;
    Color[] colors = {new Color(220, 20, 20), new Color(20, 200, 20), new Color(20, 20, 220)};
    for (int i = 0; i < 3; i++) {
      g.setColor(colors[i]);
      if (landscape) {
        g.fillRect(i * width / 3, 0, width / 3 + 1, height);
      } else {
        g.fillRect(0, i * height / 3, width, height / 3 + 1);
      }
    }
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) { // some detail, so the encoders have work
      g.setColor(new Color(random.nextInt(0x1000000)));
      g.fillOval(random.nextInt(width), random.nextInt(height), width / 40 + 1, height / 40 + 1);
    }
    g.dispose();
    return image;
  }

  public static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  public static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }

  public static BufferedImage decode(byte[] bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  /**
   * The sum of the first quantization table (luminance) of a JPEG: for the IJG tables at quality 85
   * it is the standard table scaled by 0.30, whatever encoder wrote it.
   */
  public static int lumaTableSum(byte[] jpeg) {
    for (int i = 2; i + 4 < jpeg.length; ) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        throw new IllegalArgumentException("not a JPEG marker at " + i);
      }
      int marker = jpeg[i + 1] & 0xFF;
      int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
      if (marker == 0xDB) {
        int precisionAndId = jpeg[i + 4] & 0xFF;
        if ((precisionAndId & 0x0F) == 0 && (precisionAndId >> 4) == 0) {
          int sum = 0;
          for (int k = 0; k < 64; k++) {
            sum += jpeg[i + 5 + k] & 0xFF;
          }
          return sum;
        }
      }
      if (marker == 0xDA) {
        break;
      }
      i += 2 + length;
    }
    throw new IllegalArgumentException("no luminance quantization table");
  }

  /** The same sum for the IJG standard luminance table at {@code quality}. */
  public static int ijgLumaTableSum(int quality) {
    int[] standard = {
      16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69,
      56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104,
      113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99
    };
    int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
    int sum = 0;
    for (int q : standard) {
      sum += Math.max(1, Math.min(255, (q * scale + 50) / 100));
    }
    return sum;
  }
}
