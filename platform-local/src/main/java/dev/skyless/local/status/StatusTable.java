package dev.skyless.local.status;

import dev.skyless.local.scale.PoolSnapshot;
import java.util.List;
import java.util.Locale;

/**
 * Renders the functions' state as a fixed-width table, one line per function, and under it the
 * backing services, one line each.
 */
public final class StatusTable {

  private StatusTable() {}

  public static String render(String url, List<PoolSnapshot> snapshots) {
    return render(url, snapshots, List.of());
  }

  public static String render(String url, List<PoolSnapshot> snapshots, List<ServiceRow> services) {
    return functions(url, snapshots) + services(services);
  }

  private static String services(List<ServiceRow> services) {
    if (services.isEmpty()) {
      return "";
    }
    int name = "SERVICE".length();
    int kind = "KIND".length();
    int address = "ADDRESS".length();
    for (ServiceRow s : services) {
      name = Math.max(name, s.name().length());
      kind = Math.max(kind, s.kind().length());
      address = Math.max(address, s.address().length());
    }
    String format = "%-" + name + "s  %-" + kind + "s  %-" + address + "s  %s%n";
    StringBuilder out = new StringBuilder("\n");
    out.append(String.format(Locale.ROOT, format, "SERVICE", "KIND", "ADDRESS", "USED AS"));
    for (ServiceRow s : services) {
      out.append(String.format(Locale.ROOT, format, s.name(), s.kind(), s.address(), s.detail()));
    }
    return out.toString();
  }

  private static String functions(String url, List<PoolSnapshot> snapshots) {
    int width = "FUNCTION".length();
    for (PoolSnapshot s : snapshots) {
      width = Math.max(width, s.name().length());
    }
    String format = "%-" + width + "s  %-8s  %9s  %9s  %8s  %s%n";
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT, format, "FUNCTION", "STATE", "INSTANCES", "IN-FLIGHT", "REQUESTS", "URL"));
    for (PoolSnapshot s : snapshots) {
      String instances =
          s.starting() > 0
              ? s.instances() + " (+" + s.starting() + ")"
              : Integer.toString(s.instances());
      out.append(
          String.format(
              Locale.ROOT,
              format,
              s.name(),
              s.state().name().toLowerCase(Locale.ROOT),
              instances,
              s.inFlight(),
              s.requests(),
              url + "/" + s.name()));
    }
    return out.toString();
  }
}
