package dev.skyless.local.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skyless.local.app.ServiceSpec.Notification;
import dev.skyless.local.app.ServiceSpec.ObjectEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an app file strictly: an unknown field, a wrong type or a bad name is an error naming the
 * file and the field's path ({@code skyless.yaml: services.media.s3.buckets[0]: ...}), so a typo
 * never silently drops a service.
 */
public final class AppFiles {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern SQL_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Set<String> RESERVED_SQL =
      Set.of("postgres", "public", "none", "template0", "template1");

  private AppFiles() {}

  /**
   * @throws IllegalArgumentException naming the file and the field when the file is wrong
   */
  public static AppFile read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    Reader reader = new Reader(file);
    if (root == null || !root.isObject()) {
      throw reader.error("", "expected a mapping with name, functions and services");
    }
    reader.only(root, "", Set.of("name", "functions", "services"));
    String name = reader.text(root, "name", null);
    if (name == null) {
      throw reader.error("name", "required: the app's name");
    }
    reader.dnsLabel(name, "name");
    Path base = file.toAbsolutePath().getParent();
    List<Path> functionPaths = new ArrayList<>();
    JsonNode functions = root.path("functions");
    if (functions.isMissingNode() || functions.isNull()) {
      functionPaths.add(base);
    } else {
      reader.array(functions, "functions");
      for (int i = 0; i < functions.size(); i++) {
        String entry = reader.string(functions.get(i), "functions[" + i + "]");
        Path path = base.resolve(entry).normalize();
        if (!Files.exists(path)) {
          throw reader.error("functions[" + i + "]", "no such file or folder: " + path);
        }
        functionPaths.add(path);
      }
    }
    List<ServiceSpec> services = new ArrayList<>();
    JsonNode servicesNode = root.path("services");
    if (!servicesNode.isMissingNode() && !servicesNode.isNull()) {
      if (!servicesNode.isObject()) {
        throw reader.error("services", "expected a mapping of service name to its kind");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = servicesNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        services.add(service(reader, entry.getKey(), entry.getValue()));
      }
    }
    checkUnique(reader, services);
    return new AppFile(file, name, functionPaths, services);
  }

  private static ServiceSpec service(Reader reader, String name, JsonNode node) {
    String at = "services." + name;
    reader.dnsLabel(name, at);
    if (!node.isObject() || node.size() != 1) {
      throw reader.error(at, "expected exactly one of postgres, s3, kafka");
    }
    String kind = node.fieldNames().next();
    JsonNode spec = node.get(kind).isNull() ? YAML.createObjectNode() : node.get(kind);
    String path = at + "." + kind;
    if (!spec.isObject()) {
      throw reader.error(path, "expected a mapping");
    }
    return switch (kind) {
      case "postgres" -> postgres(reader, name, spec, path);
      case "s3" -> s3(reader, name, spec, path);
      case "kafka" -> kafka(reader, name, spec, path);
      default -> throw reader.error(at, "unknown kind '" + kind + "': postgres, s3 or kafka");
    };
  }

  private static ServiceSpec.Postgres postgres(
      Reader reader, String name, JsonNode spec, String at) {
    reader.only(spec, at, Set.of("database", "owner", "port"));
    String database = reader.text(spec, "database", "app");
    String owner = reader.text(spec, "owner", "app");
    reader.matches(database, SQL_NAME, at + ".database", "a lower-case SQL name");
    reader.matches(owner, SQL_NAME, at + ".owner", "a lower-case SQL name");
    for (String[] sqlName : new String[][] {{database, "database"}, {owner, "owner"}}) {
      if (RESERVED_SQL.contains(sqlName[0]) || sqlName[0].startsWith("pg_")) {
        throw reader.error(
            at + "." + sqlName[1],
            "'"
                + sqlName[0]
                + "' is PostgreSQL's own; name the app's (CloudNativePG's default: app)");
      }
    }
    return new ServiceSpec.Postgres(name, database, owner, reader.port(spec, at));
  }

  private static ServiceSpec.S3 s3(Reader reader, String name, JsonNode spec, String at) {
    reader.only(
        spec,
        at,
        Set.of(
            "buckets",
            "notifications",
            "region",
            "accessKey",
            "secretKey",
            "secret",
            "configMap",
            "port"));
    List<String> buckets = new ArrayList<>();
    JsonNode bucketsNode = spec.path("buckets");
    if (!bucketsNode.isMissingNode()) {
      reader.array(bucketsNode, at + ".buckets");
      for (int i = 0; i < bucketsNode.size(); i++) {
        String bucket = reader.string(bucketsNode.get(i), at + ".buckets[" + i + "]");
        reader.matches(
            bucket, BUCKET, at + ".buckets[" + i + "]", "an S3 bucket name (3-63 a-z 0-9 . -)");
        buckets.add(bucket);
      }
    }
    List<Notification> notifications = new ArrayList<>();
    JsonNode notificationsNode = spec.path("notifications");
    if (!notificationsNode.isMissingNode()) {
      reader.array(notificationsNode, at + ".notifications");
      for (int i = 0; i < notificationsNode.size(); i++) {
        notifications.add(
            notification(
                reader, notificationsNode.get(i), at + ".notifications[" + i + "]", buckets));
      }
    }
    String secret = reader.text(spec, "secret", name);
    String configMap = reader.text(spec, "configMap", name);
    reader.dnsLabel(secret, at + ".secret");
    reader.dnsLabel(configMap, at + ".configMap");
    return new ServiceSpec.S3(
        name,
        buckets,
        notifications,
        reader.text(spec, "region", "us-east-1"),
        reader.text(spec, "accessKey", "skyless"),
        reader.text(spec, "secretKey", "skyless-dev-secret"),
        secret,
        configMap,
        reader.port(spec, at));
  }

  private static Notification notification(
      Reader reader, JsonNode node, String at, List<String> buckets) {
    if (!node.isObject()) {
      throw reader.error(at, "expected a mapping with bucket and topic");
    }
    reader.only(node, at, Set.of("bucket", "topic", "events", "prefix", "suffix"));
    String bucket = reader.text(node, "bucket", null);
    String topic = reader.text(node, "topic", null);
    if (bucket == null || topic == null) {
      throw reader.error(at, "bucket and topic are required");
    }
    if (!buckets.contains(bucket)) {
      throw reader.error(at + ".bucket", "'" + bucket + "' is not one of buckets " + buckets);
    }
    reader.matches(topic, TOPIC, at + ".topic", "a Kafka topic name");
    Set<ObjectEvent> events = EnumSet.allOf(ObjectEvent.class);
    JsonNode eventsNode = node.path("events");
    if (!eventsNode.isMissingNode()) {
      reader.array(eventsNode, at + ".events");
      events = EnumSet.noneOf(ObjectEvent.class);
      for (int i = 0; i < eventsNode.size(); i++) {
        String event = reader.string(eventsNode.get(i), at + ".events[" + i + "]");
        try {
          events.add(ObjectEvent.valueOf(event.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw reader.error(
              at + ".events[" + i + "]", "'" + event + "' is not one of created, removed");
        }
      }
      if (events.isEmpty()) {
        throw reader.error(at + ".events", "name at least one of created, removed");
      }
    }
    return new Notification(
        bucket, topic, events, reader.text(node, "prefix", ""), reader.text(node, "suffix", ""));
  }

  private static ServiceSpec.Kafka kafka(Reader reader, String name, JsonNode spec, String at) {
    reader.only(spec, at, Set.of("topics"));
    List<ServiceSpec.Topic> topics = new ArrayList<>();
    JsonNode topicsNode = spec.path("topics");
    if (!topicsNode.isMissingNode()) {
      reader.array(topicsNode, at + ".topics");
      for (int i = 0; i < topicsNode.size(); i++) {
        JsonNode topic = topicsNode.get(i);
        String path = at + ".topics[" + i + "]";
        String topicName;
        int partitions = 1;
        if (topic.isTextual()) {
          topicName = topic.asText();
        } else if (topic.isObject()) {
          reader.only(topic, path, Set.of("name", "partitions"));
          topicName = reader.text(topic, "name", null);
          if (topicName == null) {
            throw reader.error(path + ".name", "required");
          }
          JsonNode count = topic.path("partitions");
          if (!count.isMissingNode()) {
            if (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 1) {
              throw reader.error(path + ".partitions", "expected a whole number of at least 1");
            }
            partitions = count.asInt();
          }
        } else {
          throw reader.error(path, "expected a topic name or {name, partitions}");
        }
        reader.matches(topicName, TOPIC, path, "a Kafka topic name");
        topics.add(new ServiceSpec.Topic(topicName, partitions));
      }
    }
    return new ServiceSpec.Kafka(name, topics);
  }

  /** Two services must not provide the same Secret or ConfigMap. */
  private static void checkUnique(Reader reader, List<ServiceSpec> services) {
    Set<String> secrets = new LinkedHashSet<>();
    Set<String> configMaps = new LinkedHashSet<>();
    for (ServiceSpec service : services) {
      String secret =
          switch (service) {
            case ServiceSpec.Postgres p -> p.secretName();
            case ServiceSpec.S3 s -> s.secret();
            case ServiceSpec.Kafka k -> null;
          };
      if (secret != null && !secrets.add(secret)) {
        throw reader.error(
            "services." + service.name(), "a second service provides the Secret " + secret);
      }
      if (service instanceof ServiceSpec.S3 s && !configMaps.add(s.configMap())) {
        throw reader.error(
            "services." + service.name(),
            "a second service provides the ConfigMap " + s.configMap());
      }
    }
  }

  /** Field access that names the file and the field in every error. */
  private record Reader(Path file) {

    IllegalArgumentException error(String at, String message) {
      return new IllegalArgumentException(file + ": " + (at.isEmpty() ? "" : at + ": ") + message);
    }

    void only(JsonNode node, String at, Set<String> allowed) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (!allowed.contains(field)) {
          throw error(
              at.isEmpty() ? field : at + "." + field,
              "unknown field (expected one of "
                  + String.join(", ", new java.util.TreeSet<>(allowed))
                  + ")");
        }
      }
    }

    String text(JsonNode node, String field, String fallback) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return fallback;
      }
      return string(value, field);
    }

    String string(JsonNode value, String at) {
      if (!value.isTextual() || value.asText().isBlank()) {
        throw error(at, "expected a non-empty string");
      }
      return value.asText();
    }

    void array(JsonNode node, String at) {
      if (!node.isArray()) {
        throw error(at, "expected a list");
      }
    }

    int port(JsonNode node, String at) {
      JsonNode port = node.path("port");
      if (port.isMissingNode()) {
        return 0;
      }
      if (!port.isIntegralNumber() || port.asInt() < 1 || port.asInt() > 65535) {
        throw error(at + ".port", "expected a port number (1-65535)");
      }
      return port.asInt();
    }

    void dnsLabel(String value, String at) {
      matches(value, DNS_LABEL, at, "a DNS label (a-z, 0-9 and -, at most 63)");
    }

    void matches(String value, Pattern pattern, String at, String what) {
      if (!pattern.matcher(value).matches()) {
        throw error(at, "'" + value + "' is not " + what);
      }
    }
  }
}
