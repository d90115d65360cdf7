package dev.skyless.bench;

import dev.skyless.examples.thumbnail.Thumbnailer;
import dev.skyless.examples.thumbnail.impl.ImageIoThumbnailer;
import dev.skyless.examples.thumbnail.impl.VipsThumbnailer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Thumbnails per second on one calling thread for 1920x1080 JPEGs: {@code generate <dir> <n>}
 * writes the images (the same files sharp reads in bench/run.sh); {@code run <dir> <rounds>} times
 * each engine over all of them, round after round, and prints the median rate; a fourth argument
 * names another libvips shared library to time as well.
 */
public final class ThumbnailBench {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("generate")) {
      generate(dir, Integer.parseInt(args[2]));
      return;
    }
    int rounds = Integer.parseInt(args[2]);
    List<byte[]> images = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
        images.add(Files.readAllBytes(f));
      }
    }
    List<Thumbnailer> engines = new ArrayList<>();
    VipsThumbnailer.load().ifPresent(engines::add);
    if (args.length > 3) { // another libvips build, e.g. the one sharp bundles
      engines.add(VipsThumbnailer.load(Path.of(args[3])));
    }
    engines.add(new ImageIoThumbnailer());
    for (Thumbnailer engine : engines) {
      for (byte[] image : images) { // warm-up pass
        engine.thumbnail(image);
      }
      double[] rates = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long start = System.nanoTime();
        for (byte[] image : images) {
          engine.thumbnail(image);
        }
        rates[r] = images.size() / ((System.nanoTime() - start) / 1e9);
      }
      Arrays.sort(rates);
      System.out.printf(
          "thumbnails engine=\"%s\" images=%d rounds=%d median_per_s=%.1f min=%.1f max=%.1f%n",
          engine.engine(), images.size(), rounds, rates[rounds / 2], rates[0], rates[rounds - 1]);
    }
  }

  private static void generate(Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    Random random = new Random(7);
    for (int i = 0; i < n; i++) {
      BufferedImage image = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setPaint(
          new GradientPaint(
              0,
              0,
              new Color(random.nextInt(0x1000000)),
              1920,
              1080,
              new Color(random.nextInt(0x1000000))));
      g.fillRect(0, 0, 1920, 1080);
      for (int s = 0; s < 400; s++) {
        g.setColor(new Color(random.nextInt(0x1000000)));
        g.fillOval(
            random.nextInt(1920),
            random.nextInt(1080),
            20 + random.nextInt(200),
            20 + random.nextInt(200));
      }
      for (int p = 0; p < 200_000; p++) { // photo-like noise
        image.setRGB(random.nextInt(1920), random.nextInt(1080), random.nextInt(0x1000000));
      }
      g.dispose();
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (var out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        writer.write(null, new IIOImage(image, null, null), param);
      }
      writer.dispose();
      Files.write(dir.resolve(String.format("photo-%02d.jpg", i)), bytes.toByteArray());
    }
  }
}
