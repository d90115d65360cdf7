package dev.skyless.examples.thumbnail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyless.sdk.ProblemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the objects an event is about: the S3 event notification JSON that S3 and MinIO publish
 * ({@code Records[].s3.bucket.name} and {@code .object.key}, URL-encoded; only {@code
 * ObjectCreated} records count), or a plain {@code {"bucket": ..., "key": ...}} (a CloudEvent's
 * data).
 */
public final class ObjectEvents {

  private ObjectEvents() {}

  /**
   * @throws ProblemException 400 when the event is neither shape
   */
  public static List<ObjectRef> created(JsonNode event) {
    if (event == null || event.isNull()) {
      throw ProblemException.badRequest("the event has no data");
    }
    if (event.has("Records")) {
      List<ObjectRef> refs = new ArrayList<>();
      for (JsonNode record : event.get("Records")) {
        String name = record.path("eventName").asText("");
        if (!name.contains("ObjectCreated")) {
          continue;
        }
        String bucket = record.path("s3").path("bucket").path("name").asText("");
        String key = record.path("s3").path("object").path("key").asText("");
        if (bucket.isEmpty() || key.isEmpty()) {
          throw ProblemException.badRequest("an S3 record without bucket name or object key");
        }
        refs.add(new ObjectRef(bucket, URLDecoder.decode(key, StandardCharsets.UTF_8)));
      }
      return refs;
    }
    if (event.hasNonNull("bucket") && event.hasNonNull("key")) {
      return List.of(new ObjectRef(event.get("bucket").asText(), event.get("key").asText()));
    }
    throw ProblemException.badRequest(
        "expected an S3 event notification (Records[].s3) or {\"bucket\", \"key\"}");
  }
}
