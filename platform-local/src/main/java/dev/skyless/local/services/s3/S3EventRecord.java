package dev.skyless.local.services.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * A bucket notification as MinIO's Kafka target publishes it: the record's key is {@code
 * <bucket>/<key>}, its value {@code {"EventName", "Key", "Records": [one S3 event record]}} with
 * the object key URL-encoded, as in S3's own event notifications (version 2.0).
 *
 * @param eventName {@code s3:ObjectCreated:Put}, {@code s3:ObjectRemoved:Delete}...
 * @param size the object's size (created events)
 * @param eTag its entity tag without quotes (created events)
 * @param contentType its media type (created events)
 * @param userMetadata its {@code x-amz-meta-*} headers (created events)
 * @param sequencer orders events on one key: a hex number that grows
 */
public record S3EventRecord(
    String eventName,
    String region,
    String bucket,
    String key,
    Optional<Long> size,
    Optional<String> eTag,
    Optional<String> contentType,
    Map<String, String> userMetadata,
    Instant time,
    String sequencer,
    String requestId,
    String sourceHost,
    String userAgent) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Kafka record's key. */
  public String recordKey() {
    return bucket + "/" + key;
  }

  /** The Kafka record's value. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("EventName", eventName);
    root.put("Key", bucket + "/" + key);
    ObjectNode record = root.putArray("Records").addObject();
    record.put("eventVersion", "2.0");
    record.put("eventSource", "minio:s3");
    record.put("awsRegion", region);
    record.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(time));
    record.put("eventName", eventName);
    record.putObject("userIdentity").put("principalId", "skyless");
    ObjectNode request = record.putObject("requestParameters");
    request.put("principalId", "skyless");
    request.put("region", region);
    request.put("sourceIPAddress", sourceHost);
    ObjectNode response = record.putObject("responseElements");
    response.put("x-amz-request-id", requestId);
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "Config");
    ObjectNode bucketNode = s3.putObject("bucket");
    bucketNode.put("name", bucket);
    bucketNode.putObject("ownerIdentity").put("principalId", "skyless");
    bucketNode.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode object = s3.putObject("object");
    object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
    size.ifPresent(s -> object.put("size", s));
    eTag.ifPresent(e -> object.put("eTag", e));
    contentType.ifPresent(c -> object.put("contentType", c));
    if (!userMetadata.isEmpty()) {
      ObjectNode metadata = object.putObject("userMetadata");
      userMetadata.forEach(metadata::put);
    }
    object.put("sequencer", sequencer);
    ObjectNode source = record.putObject("source");
    source.put("host", sourceHost);
    source.put("port", "");
    source.put("userAgent", userAgent);
    return root.toString();
  }
}
