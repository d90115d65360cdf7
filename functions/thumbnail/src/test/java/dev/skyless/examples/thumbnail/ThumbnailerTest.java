package dev.skyless.examples.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.examples.thumbnail.impl.ImageIoThumbnailer;
import dev.skyless.examples.thumbnail.impl.VipsThumbnailer;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both engines on the same real inputs, to the same contract: 150x150, centre crop, JPEG quality
 * 85, unreadable input refused with a reason. The libvips cases are skipped, with a message, where
 * libvips42 is not installed.
 */
class ThumbnailerTest {

  static Stream<String> engines() {
    return Stream.of("imageio", "vips");
  }

  static Thumbnailer engine(String name) {
    if (name.equals("imageio")) {
      return new ImageIoThumbnailer();
    }
    var vips = VipsThumbnailer.load();
    Assumptions.assumeTrue(vips.isPresent(), "libvips.so.42 not installed: vips cases skipped");
    return vips.get();
  }

  static Stream<Arguments> inputs() throws Exception {
    List<Arguments> cases = new ArrayList<>();
    for (String engine : List.of("imageio", "vips")) {
      cases.add(
          Arguments.of(
              engine,
              "landscape JPEG 1920x1080",
              TestImages.jpeg(TestImages.thirds(1920, 1080, BufferedImage.TYPE_INT_RGB), 0.9f),
              true));
      cases.add(
          Arguments.of(
              engine,
              "portrait JPEG 1080x1920",
              TestImages.jpeg(TestImages.thirds(1080, 1920, BufferedImage.TYPE_INT_RGB), 0.9f),
              false));
      cases.add(
          Arguments.of(
              engine,
              "PNG with alpha 640x480",
              TestImages.png(TestImages.thirds(640, 480, BufferedImage.TYPE_INT_ARGB)),
              true));
      cases.add(
          Arguments.of(
              engine,
              "small JPEG 90x60 (scaled up)",
              TestImages.jpeg(TestImages.thirds(90, 60, BufferedImage.TYPE_INT_RGB), 0.9f),
              true));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("inputs")
  void makesA150SquareCentreCropAtQuality85(
      String engineName, String input, byte[] image, boolean landscape) throws Exception {
    Thumbnailer engine = engine(engineName);
    byte[] thumb = engine.thumbnail(image);
    BufferedImage out = TestImages.decode(thumb);
    assertThat(out.getWidth()).isEqualTo(150);
    assertThat(out.getHeight()).isEqualTo(150);
    // libjpeg writes the IJG table for 85 exactly; ImageIO rounds the same scale in float, one
    // step off here and there. Neighbouring qualities (84, 86) differ by about 70.
    assertThat(TestImages.lumaTableSum(thumb))
        .as("JPEG quality 85 (IJG luminance table)")
        .isCloseTo(TestImages.ijgLumaTableSum(85), org.assertj.core.data.Offset.offset(8));
    assertThat(Math.abs(TestImages.ijgLumaTableSum(84) - TestImages.ijgLumaTableSum(85)))
        .isGreaterThan(30);
    // Centre crop of thirds: red at one edge, green in the middle, blue at the other edge.
    int[] first = landscape ? rgb(out, 3, 75) : rgb(out, 75, 3);
    int[] middle = rgb(out, 75, 75);
    int[] last = landscape ? rgb(out, 146, 75) : rgb(out, 75, 146);
    assertThat(first[0]).as("red edge: %s", Arrays.toString(first)).isGreaterThan(150);
    assertThat(middle[1]).as("green middle: %s", Arrays.toString(middle)).isGreaterThan(140);
    assertThat(last[2]).as("blue edge: %s", Arrays.toString(last)).isGreaterThan(150);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void unreadableInputIsRefusedWithAReason(String engineName) throws Exception {
    Thumbnailer engine = engine(engineName);
    byte[] jpeg = TestImages.jpeg(TestImages.thirds(400, 300, BufferedImage.TYPE_INT_RGB), 0.9f);
    byte[] headerThenGarbage = Arrays.copyOf(jpeg, 1000);
    Arrays.fill(headerThenGarbage, 20, 1000, (byte) 0x55);
    for (byte[] bad :
        List.of(
            "just some text, not an image".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, 2, 3},
            headerThenGarbage)) {
      assertThatThrownBy(() -> engine.thumbnail(bad))
          .isInstanceOf(UnreadableImageException.class)
          .hasMessageContaining("not");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aVeryLargeImageIsThumbnailedWithoutDecodingItWhole(String engineName) throws Exception {
    Thumbnailer engine = engine(engineName);
    byte[] huge =
        TestImages.jpeg(TestImages.thirds(8000, 8000, BufferedImage.TYPE_BYTE_GRAY), 0.8f);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    byte[] thumb = engine.thumbnail(huge);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(TestImages.decode(thumb).getWidth()).isEqualTo(150);
    // Decoded whole, 8000x8000 would be 64 MB as grey and 256 MB as RGB on the heap.
    assertThat(allocated).as("heap bytes allocated (%s)", engine.engine()).isLessThan(32L << 20);
  }

  private static int[] rgb(BufferedImage image, int x, int y) {
    int p = image.getRGB(x, y);
    return new int[] {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
  }
}
