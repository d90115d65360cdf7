package dev.skyless.local.services.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an S3 API request does to objects, as far as bucket notifications care: a path-style request
 * ({@code /<bucket>/<key>}) that writes, copies, completes or deletes an object. Anything else
 * (reads, listings, bucket settings, upload parts) is no operation.
 *
 * @param kind what it does
 * @param bucket the bucket
 * @param key the object's key, decoded (empty for a multi-object delete)
 */
public record S3Operation(Kind kind, String bucket, String key) {

  /** The operations that change objects, with the event name S3 and MinIO give each. */
  public enum Kind {
    PUT("s3:ObjectCreated:Put"),
    COPY("s3:ObjectCreated:Copy"),
    COMPLETE_MULTIPART_UPLOAD("s3:ObjectCreated:CompleteMultipartUpload"),
    DELETE("s3:ObjectRemoved:Delete"),
    DELETE_OBJECTS("s3:ObjectRemoved:Delete");

    private final String eventName;

    Kind(String eventName) {
      this.eventName = eventName;
    }

    public String eventName() {
      return eventName;
    }

    public boolean removes() {
      return this == DELETE || this == DELETE_OBJECTS;
    }

    /** Whether the response body must be read: these answer 200 with an error or the keys. */
    public boolean readsResponse() {
      return this == COPY || this == COMPLETE_MULTIPART_UPLOAD || this == DELETE_OBJECTS;
    }
  }

  /**
   * Classifies a request.
   *
   * @param rawPath the request's path as sent (percent-encoded)
   * @param query the query's parameters (names as sent)
   * @param copySource the {@code x-amz-copy-source} header, if any
   */
  public static Optional<S3Operation> of(
      String method, String rawPath, Map<String, List<String>> query, String copySource) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    int slash = path.indexOf('/');
    String bucket = decode(slash < 0 ? path : path.substring(0, slash));
    String key = slash < 0 ? "" : decode(path.substring(slash + 1));
    if (bucket.isEmpty()) {
      return Optional.empty();
    }
    List<String> subresources = query.keySet().stream().filter(name -> !signing(name)).toList();
    Kind kind = null;
    switch (method.toUpperCase(Locale.ROOT)) {
      case "PUT" -> {
        if (!key.isEmpty() && subresources.isEmpty()) {
          kind = copySource == null ? Kind.PUT : Kind.COPY;
        }
      }
      case "POST" -> {
        if (!key.isEmpty() && subresources.equals(List.of("uploadId"))) {
          kind = Kind.COMPLETE_MULTIPART_UPLOAD;
        } else if (key.isEmpty() && subresources.equals(List.of("delete"))) {
          kind = Kind.DELETE_OBJECTS;
        }
      }
      case "DELETE" -> {
        if (!key.isEmpty()
            && (subresources.isEmpty() || subresources.equals(List.of("versionId")))) {
          kind = Kind.DELETE;
        }
      }
      default -> {}
    }
    return Optional.ofNullable(kind).map(k -> new S3Operation(k, bucket, key));
  }

  /** Query parameters that sign a request or name the SDK's operation, not a subresource. */
  private static boolean signing(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith("x-amz-")
        || lower.equals("x-id")
        || lower.equals("awsaccesskeyid")
        || lower.equals("signature")
        || lower.equals("expires");
  }

  /** Percent-decoding of a URI path ('+' stays a plus, unlike form decoding). */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write((hi << 4) | lo);
          i += 3;
          continue;
        }
      }
      int codePoint = raw.codePointAt(i);
      byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
      bytes.write(encoded, 0, encoded.length);
      i += Character.charCount(codePoint);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
