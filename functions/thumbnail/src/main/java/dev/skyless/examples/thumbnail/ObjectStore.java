package dev.skyless.examples.thumbnail;

import dev.skyless.sdk.ProblemException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Objects through the S3 API (AWS S3, MinIO, s3proxy...). Settings: {@code S3_ENDPOINT} (none:
 * AWS), {@code S3_REGION} (us-east-1), {@code S3_ACCESS_KEY} + {@code S3_SECRET_KEY} (none: the AWS
 * default chain), {@code S3_MAX_OBJECT_BYTES} (100 MiB). Path-style addressing, checksums only
 * where the API requires them (what S3-compatible servers support).
 */
public final class ObjectStore implements AutoCloseable {

  private final S3Client s3;
  private final long maxBytes;

  public ObjectStore(Map<String, String> env) {
    var builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(env.getOrDefault("S3_REGION", "us-east-1")))
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (env.get("S3_ENDPOINT") != null) {
      builder.endpointOverride(URI.create(env.get("S3_ENDPOINT")));
    }
    if (env.get("S3_ACCESS_KEY") != null) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(env.get("S3_ACCESS_KEY"), env.get("S3_SECRET_KEY"))));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    this.s3 = builder.build();
    this.maxBytes = Long.parseLong(env.getOrDefault("S3_MAX_OBJECT_BYTES", "104857600"));
  }

  /**
   * @throws ProblemException 422 when the object is gone or larger than the limit
   */
  public byte[] read(ObjectRef ref) {
    long size;
    try {
      size = s3.headObject(b -> b.bucket(ref.bucket()).key(ref.key())).contentLength();
    } catch (NoSuchKeyException e) {
      throw gone(ref);
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        throw gone(ref);
      }
      throw e;
    }
    if (size > maxBytes) {
      throw new ProblemException(
          422,
          "Object too large",
          ref.bucket() + "/" + ref.key() + " has " + size + " bytes, more than " + maxBytes);
    }
    ResponseBytes<GetObjectResponse> bytes =
        s3.getObjectAsBytes(b -> b.bucket(ref.bucket()).key(ref.key()));
    return bytes.asByteArrayUnsafe();
  }

  public void write(ObjectRef ref, byte[] bytes, String contentType) {
    s3.putObject(
        b -> b.bucket(ref.bucket()).key(ref.key()).contentType(contentType),
        RequestBody.fromBytes(bytes));
  }

  private static ProblemException gone(ObjectRef ref) {
    return new ProblemException(
        422, "Object not found", ref.bucket() + "/" + ref.key() + " does not exist (any more)");
  }

  @Override
  public void close() {
    s3.close();
  }
}
