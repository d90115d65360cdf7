package dev.skyless.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One HTTP route of a Function ({@code spec.http.routes[]}): a method (or any) and a path template
 * of literal segments, {@code {name}} segments that match one segment each, and an optional
 * trailing {@code /*} that matches the rest of the path (nothing included). The controller turns it
 * into an HTTPRoute match, {@code skyless dev}'s gateway routes by it, and the runtime matches the
 * request against it to give the function its path parameters. In the runtime's variable a route is
 * written {@code METHOD /path} ({@code * /path} for any method).
 *
 * @param method upper case; empty for any method
 * @param path the template as given
 */
public record RoutePattern(
    Optional<String> method, String path, List<Segment> segments, boolean rest) {

  /** The methods a route may name. */
  public static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** Paths the platform keeps for itself (health, metrics, trigger deliveries). */
  public static final String RESERVED_PREFIX = "/_skyless";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  // RFC 3986 pchar without ',', which separates routes in the runtime's SKYLESS_HTTP_ROUTES.
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9\\-._~!$&'()+;=:@%]+");

  /** One segment: a literal, or a parameter's name. */
  public record Segment(String text, boolean parameter) {}

  /** A request that matched: the route and its parameters, decoded. */
  public record Match(RoutePattern route, Map<String, String> parameters) {}

  public RoutePattern {
    segments = List.copyOf(segments);
  }

  /**
   * Parses a route.
   *
   * @param method empty or null for any method
   * @throws IllegalArgumentException saying what is wrong, in one sentence
   */
  public static RoutePattern of(String method, String path) {
    Optional<String> m = Optional.empty();
    if (method != null && !method.isBlank() && !method.equals("*")) {
      String upper = method.trim().toUpperCase(Locale.ROOT);
      if (!METHODS.contains(upper)) {
        throw new IllegalArgumentException(
            "method '" + method + "' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      }
      m = Optional.of(upper);
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path '" + path + "' must start with /");
    }
    if (path.indexOf(',') >= 0) {
      throw new IllegalArgumentException("path '" + path + "' has a comma, which a route cannot");
    }
    if (path.equals(RESERVED_PREFIX) || path.startsWith(RESERVED_PREFIX + "/")) {
      throw new IllegalArgumentException(
          "path '" + path + "' is under " + RESERVED_PREFIX + "/, which the platform keeps");
    }
    String body = path;
    boolean rest = false;
    if (body.equals("/*")) {
      return new RoutePattern(m, path, List.of(), true);
    }
    if (body.endsWith("/*")) {
      rest = true;
      body = body.substring(0, body.length() - 2);
    }
    List<Segment> segments = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    if (!body.equals("/")) {
      String[] parts = body.substring(1).split("/", -1);
      for (String part : parts) {
        if (part.isEmpty()) {
          throw new IllegalArgumentException("path '" + path + "' has an empty segment");
        }
        if (part.startsWith("{") && part.endsWith("}")) {
          String name = part.substring(1, part.length() - 1);
          if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "path '"
                    + path
                    + "' has the parameter '"
                    + part
                    + "'; a name is letters, digits and _");
          }
          if (!names.add(name)) {
            throw new IllegalArgumentException("path '" + path + "' names {" + name + "} twice");
          }
          segments.add(new Segment(name, true));
        } else if (LITERAL.matcher(part).matches()) {
          segments.add(new Segment(part, false));
        } else {
          throw new IllegalArgumentException(
              "path '"
                  + path
                  + "' has the segment '"
                  + part
                  + "'; a segment is literal characters, or {name} as a whole segment, and only the"
                  + " last may be *");
        }
      }
    }
    return new RoutePattern(m, path, segments, rest);
  }

  /** Parses the runtime's form, {@code METHOD /path}. */
  public static RoutePattern parse(String text) {
    String t = text.trim();
    int space = t.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("route '" + text + "' is not METHOD /path");
    }
    return of(t.substring(0, space), t.substring(space + 1).trim());
  }

  /** Parses the runtime's list, routes separated by commas; empty for none. */
  public static List<RoutePattern> parseAll(String text) {
    List<RoutePattern> routes = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return routes;
    }
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        routes.add(parse(part));
      }
    }
    return routes;
  }

  /** The runtime's form of a list of routes. */
  public static String format(List<RoutePattern> routes) {
    return String.join(",", routes.stream().map(RoutePattern::toString).toList());
  }

  /** Whether there are path parameters. */
  public boolean hasParameters() {
    return segments.stream().anyMatch(Segment::parameter);
  }

  /** The literal prefix of a route without parameters ({@code /} for none). */
  public String literalPath() {
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      out.append('/').append(segment.text());
    }
    return out.isEmpty() ? "/" : out.toString();
  }

  /** An RE2 regular expression for the whole path (what an HTTPRoute's RegularExpression takes). */
  public String regex() {
    StringBuilder out = new StringBuilder("^");
    for (Segment segment : segments) {
      out.append('/');
      if (segment.parameter()) {
        out.append("[^/]+");
      } else {
        for (char c : segment.text().toCharArray()) {
          if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    if (rest) {
      out.append("(/.*)?");
    } else if (segments.isEmpty()) {
      out.append('/');
    }
    return out.append('$').toString();
  }

  /** Two routes that one request could equally reach: the same method and the same template. */
  public boolean conflictsWith(RoutePattern other) {
    boolean methods =
        method.isEmpty() || other.method.isEmpty() || method.get().equals(other.method.get());
    return methods && shape().equals(other.shape());
  }

  /** The template with parameter names dropped: {@code /orders/{}}. */
  public String shape() {
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      out.append('/').append(segment.parameter() ? "{}" : segment.text());
    }
    if (rest) {
      out.append("/*");
    }
    return out.isEmpty() ? "/" : out.toString();
  }

  /** Matches a request path (undecoded); parameters are percent-decoded. */
  public Optional<Map<String, String>> matchPath(String requestPath) {
    if (requestPath == null || !requestPath.startsWith("/")) {
      return Optional.empty();
    }
    String trimmed =
        requestPath.length() > 1 && requestPath.endsWith("/") && !rest
            ? requestPath.substring(0, requestPath.length() - 1)
            : requestPath;
    String[] parts = trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    if (parts.length < segments.size() || (!rest && parts.length != segments.size())) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      if (segment.parameter()) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        parameters.put(
            segment.text(),
            java.net.URLDecoder.decode(
                parts[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
      } else if (!segment.text().equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }

  /** Whether {@code requestMethod} is one this route takes (HEAD goes where GET does). */
  public boolean takes(String requestMethod) {
    if (method.isEmpty()) {
      return true;
    }
    return method.get().equals(requestMethod)
        || (requestMethod.equals("HEAD") && method.get().equals("GET"));
  }

  /**
   * Orders routes from the most specific: at the first segment where they differ a literal beats a
   * parameter, which beats the rest; then the longer; a route with a method before one for any.
   */
  public static int bySpecificity(RoutePattern a, RoutePattern b) {
    int n = Math.min(a.segments.size(), b.segments.size());
    for (int i = 0; i < n; i++) {
      boolean pa = a.segments.get(i).parameter();
      boolean pb = b.segments.get(i).parameter();
      if (pa != pb) {
        return pa ? 1 : -1;
      }
    }
    if (a.segments.size() != b.segments.size()) {
      return b.segments.size() - a.segments.size();
    }
    if (a.rest != b.rest) {
      return a.rest ? 1 : -1;
    }
    if (a.method.isPresent() != b.method.isPresent()) {
      return a.method.isPresent() ? -1 : 1;
    }
    return 0;
  }

  @Override
  public String toString() {
    return method.orElse("*") + " " + path;
  }
}
