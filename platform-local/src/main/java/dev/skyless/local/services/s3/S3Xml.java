package dev.skyless.local.services.s3;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The little of S3's XML answers that notifications need: errors, entity tags, deleted keys. */
final class S3Xml {

  private S3Xml() {}

  /** Whether a 200 answer is in fact an error ({@code <Error>}), as S3 sends for copies. */
  static boolean isError(String body) {
    return parse(body).map(d -> d.getDocumentElement().getTagName().equals("Error")).orElse(false);
  }

  /** The {@code ETag} of a copy or completion answer, without quotes. */
  static Optional<String> eTag(String body) {
    return parse(body)
        .flatMap(
            d -> {
              NodeList tags = d.getElementsByTagName("ETag");
              return tags.getLength() == 0
                  ? Optional.empty()
                  : Optional.ofNullable(unquote(tags.item(0).getTextContent()));
            });
  }

  /** The keys a multi-object delete answer lists as deleted. */
  static List<String> deletedKeys(String body) {
    return keysUnder(body, "Deleted");
  }

  /** The keys a multi-object delete request names ({@code <Delete><Object><Key>}). */
  static List<String> requestedKeys(String body) {
    return keysUnder(body, "Object");
  }

  /** The keys a multi-object delete answer lists as failed ({@code <Error><Key>}). */
  static List<String> failedKeys(String body) {
    return keysUnder(body, "Error");
  }

  private static List<String> keysUnder(String body, String element) {
    List<String> keys = new ArrayList<>();
    parse(body)
        .ifPresent(
            d -> {
              NodeList nodes = d.getElementsByTagName(element);
              for (int i = 0; i < nodes.getLength(); i++) {
                NodeList key = ((Element) nodes.item(i)).getElementsByTagName("Key");
                if (key.getLength() > 0) {
                  keys.add(key.item(0).getTextContent());
                }
              }
            });
    return keys;
  }

  static String unquote(String eTag) {
    if (eTag == null) {
      return null;
    }
    String trimmed = eTag.strip();
    return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
        ? trimmed.substring(1, trimmed.length() - 1)
        : trimmed;
  }

  private static Optional<Document> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      return Optional.of(
          factory.newDocumentBuilder().parse(new InputSource(new StringReader(body))));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
