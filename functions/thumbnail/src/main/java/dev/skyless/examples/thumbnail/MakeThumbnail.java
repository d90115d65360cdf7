package dev.skyless.examples.thumbnail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import dev.skyless.sdk.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * On an object-created event (S3/MinIO notification JSON, or a CloudEvent with {@code bucket} and
 * {@code key}): reads the image, writes {@code thumbnails/<key without extension>.jpg} to the same
 * bucket. Objects under {@code thumbnails/} are its own output and are skipped. An object that is
 * not a readable image fails with a 422 problem naming the reason: not retried, the event goes to
 * the dead-letter topic with that reason.
 *
 * <p>Settings: {@code THUMBNAIL_ENGINE} ({@code auto}: libvips if installed, else ImageIO; or
 * {@code vips}, {@code imageio}), {@code THUMBNAIL_VIPS_LIBRARY} (a libvips shared library other
 * than the system's {@code libvips.so.42}), {@code THUMBNAIL_PREFIX} ({@code thumbnails/}), and the
 * S3 settings of {@link ObjectStore}.
 */
public final class MakeThumbnail
    implements Function<JsonNode, MakeThumbnail.Result>, AutoCloseable {

  /** What was written and what was skipped. */
  public record Result(List<String> written, List<String> skipped) {}

  private final ObjectStore store;
  private final Thumbnailer thumbnailer;
  private final String prefix;

  public MakeThumbnail() {
    this(System.getenv());
  }

  public MakeThumbnail(Map<String, String> env) {
    this.thumbnailer =
        Thumbnailers.select(
            env.getOrDefault("THUMBNAIL_ENGINE", "auto"), env.get("THUMBNAIL_VIPS_LIBRARY"));
    this.prefix = env.getOrDefault("THUMBNAIL_PREFIX", "thumbnails/");
    this.store = new ObjectStore(env);
  }

  @Override
  public Result apply(JsonNode event, Context ctx) {
    List<String> written = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (ObjectRef ref : ObjectEvents.created(event)) {
      if (ref.key().startsWith(prefix)) {
        skipped.add(ref.key()); // our own output
        continue;
      }
      byte[] image = store.read(ref);
      byte[] thumb;
      try {
        thumb = thumbnailer.thumbnail(image);
      } catch (UnreadableImageException e) {
        throw new ProblemException(
            422, "Not an image", ref.bucket() + "/" + ref.key() + ": " + e.getMessage());
      }
      ObjectRef target = new ObjectRef(ref.bucket(), thumbnailKey(ref.key()));
      store.write(target, thumb, "image/jpeg");
      written.add(target.key());
      ctx.metrics().counter("thumbnails.made", "engine", thumbnailer.engine()).increment();
      ctx.metrics().counter("thumbnails.bytes.in").increment(image.length);
      ctx.metrics().counter("thumbnails.bytes.out").increment(thumb.length);
      ctx.logger()
          .info(
              "{}/{} -> {} ({} bytes, {})",
              ref.bucket(),
              ref.key(),
              target.key(),
              thumb.length,
              thumbnailer.engine());
    }
    return new Result(written, skipped);
  }

  /** {@code photos/cat.png} becomes {@code thumbnails/photos/cat.jpg}. */
  String thumbnailKey(String key) {
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    String base = dot > slash + 1 ? key.substring(0, dot) : key;
    return prefix + base + ".jpg";
  }

  @Override
  public void close() {
    store.close();
  }
}
