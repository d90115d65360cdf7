package dev.skyless.contract;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token that lets a Function's own trigger deliveries past its JWT check. Knative's dispatchers
 * (KafkaSource, Broker) send no user token, so the controller puts this token in the delivery URL
 * of each of the Function's sources and triggers and in the runtime's {@link
 * RuntimeVariables#TRIGGER_TOKEN}; the runtime lets a request to a trigger path through only with
 * it. The token is an HMAC of the Function's identity (namespace, name, UID) under the controller's
 * key, so it cannot be guessed from outside and changes when the Function is recreated.
 */
public final class TriggerToken {

  private TriggerToken() {}

  /** The token of the Function {@code namespace/name} with {@code uid}, under {@code key}. */
  public static String derive(byte[] key, String namespace, String name, String uid) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[] {0} : key, "HmacSHA256"));
      byte[] digest =
          mac.doFinal((namespace + "/" + name + "/" + uid).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Compares in constant time. */
  public static boolean matches(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
