package dev.skyless.local.status;

import dev.skyless.local.scale.PoolListener;
import dev.skyless.local.scale.PoolSnapshot;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Shows the developer what {@code skyless dev} is doing. On a terminal: a table of functions,
 * state, instances and requests, redrawn in place every second, with the latest events under it.
 * Elsewhere (a pipe, a CI log): one line per event, nothing redrawn.
 */
public final class ConsoleReporter implements PoolListener {

  private static final int RECENT = 8;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter out;
  private final boolean live;
  private final Deque<String> recent = new ArrayDeque<>();
  private Supplier<List<PoolSnapshot>> snapshots = List::of;
  private String url = "";
  private List<ServiceRow> services = List.of();
  private int drawnLines;

  /**
   * @param live redraw a table (a terminal) rather than print lines
   */
  public ConsoleReporter(PrintWriter out, boolean live) {
    this.out = out;
    this.live = live;
  }

  /** What to draw: called once the gateway listens. */
  public synchronized void watch(String url, Supplier<List<PoolSnapshot>> snapshots) {
    watch(url, snapshots, List.of());
  }

  /** What to draw, with the backing services under the functions. */
  public synchronized void watch(
      String url, Supplier<List<PoolSnapshot>> snapshots, List<ServiceRow> services) {
    this.url = url;
    this.snapshots = snapshots;
    this.services = List.copyOf(services);
  }

  /** A line for the developer that is not about one function. */
  public synchronized void say(String message) {
    if (live) {
      remember(message);
    } else {
      out.println(message);
      out.flush();
    }
  }

  @Override
  public synchronized void onEvent(String function, String message, boolean problem) {
    String line = TIME.format(LocalTime.now()) + " " + function + ": " + message;
    if (live) {
      remember(line);
    } else {
      out.println(line);
      out.flush();
    }
  }

  private void remember(String line) {
    recent.addLast(line);
    while (recent.size() > RECENT) {
      recent.removeFirst();
    }
  }

  /** Redraws the table (live mode only). */
  public synchronized void redraw() {
    if (!live) {
      return;
    }
    List<String> lines = new java.util.ArrayList<>();
    lines.addAll(List.of(StatusTable.render(url, snapshots.get(), services).split("\n")));
    lines.add("");
    lines.addAll(recent);
    lines.add("Ctrl-C stops everything.");
    StringBuilder frame = new StringBuilder();
    if (drawnLines > 0) {
      frame.append("\u001b[").append(drawnLines).append('F'); // back to the first line drawn
    }
    for (String line : lines) {
      frame.append("\u001b[2K").append(line).append('\n'); // clear the line, then draw it
    }
    frame.append("\u001b[J"); // and anything left below
    drawnLines = lines.size();
    out.print(frame);
    out.flush();
  }
}
