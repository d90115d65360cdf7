package dev.skyless.cli.command;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.cluster.Cluster;
import dev.skyless.cli.options.ClusterOptions;
import dev.skyless.cli.options.TargetOption;
import dev.skyless.contract.Durations;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.model.FunctionSettings;
import dev.skyless.controller.function.model.InvalidSpecException;
import dev.skyless.local.dlq.DeadLetter;
import dev.skyless.local.dlq.DeadLetterReader;
import dev.skyless.local.dlq.DeadLetterSelection;
import dev.skyless.local.dlq.DeadLetterTopic;
import dev.skyless.local.dlq.Redriver;
import dev.skyless.local.status.DevState;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code skyless dlq list|show|redrive}: a function's dead-lettered records, in {@code skyless
 * dev}'s Kafka or the platform's, and sending them back to their trigger's topic exactly once each.
 */
@Command(
    name = "dlq",
    description = "List, show and redrive a function's dead-lettered records.",
    subcommands = {DlqCommand.List.class, DlqCommand.Show.class, DlqCommand.Redrive.class})
public final class DlqCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** What every subcommand takes: the function, the trigger, since when, where. */
  abstract static class Base implements Callable<Integer> {
    @ParentCommand DlqCommand dlq;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Mixin TargetOption target;

    @Parameters(index = "0", description = "The function's name.")
    String name;

    @Option(
        names = "--trigger",
        description = "Only this trigger's dead letters (default: every trigger's).")
    String trigger;

    @Option(
        names = "--since",
        description =
            "Only records dead-lettered since then: a duration back (30m, 1h, 2d as 48h) or an ISO-8601 instant.")
    String since;

    @Option(
        names = "--bootstrap-servers",
        description =
            "The Kafka to read (default: skyless dev's, or the platform ConfigMap's kafka.bootstrapServers on a cluster; port-forward it when that is not reachable from here).")
    String bootstrapServers;

    /** The function's dead-letter topics and the Kafka that holds them. */
    record Where(
        String bootstrapServers, java.util.List<DeadLetterTopic> topics, short replication) {}

    Where where() {
      Optional<DevState> dev = DevTarget.resolve(dlq.parent, target.target, name);
      if (dev.isPresent()) {
        return new Where(
            Optional.ofNullable(bootstrapServers).orElse(dev.get().kafkaBootstrapServers()),
            dev.get().deadLetterTopics().stream().filter(t -> t.function().equals(name)).toList(),
            (short) 1);
      }
      try (Cluster k8s = dlq.parent.context().clusters().connect(cluster.context)) {
        String namespace = cluster.namespaceIn(k8s);
        var function = k8s.require(namespace, name);
        Map<String, String> platform = new HashMap<>();
        for (String key :
            java.util.List.of(
                PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS,
                PlatformDefaults.DEAD_LETTER_SUFFIX,
                PlatformDefaults.DEAD_LETTER_REPLICATION,
                PlatformDefaults.GATEWAY_NAME)) {
          k8s.platformSetting(key).ifPresent(v -> platform.put(key, v));
        }
        if (bootstrapServers != null) {
          platform.put(PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        }
        String servers = platform.get(PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS);
        if (servers == null) {
          throw new CliException(
              ExitCodes.USAGE,
              "the platform ConfigMap names no Kafka (kafka.bootstrapServers) or cannot be read;"
                  + " pass --bootstrap-servers");
        }
        PlatformDefaults defaults = PlatformDefaults.fromConfigMap(platform);
        try {
          FunctionSettings settings = FunctionSettings.of(function, defaults, new byte[0]);
          return new Where(
              servers, DeadLetterTopic.of(name, settings), defaults.deadLetterReplicationFactor());
        } catch (InvalidSpecException e) {
          throw new CliException(ExitCodes.FAILED, name + " is not valid: " + e.getMessage());
        }
      }
    }

    DeadLetterSelection selection(Optional<String> record) {
      return new DeadLetterSelection(Optional.ofNullable(trigger), since(), record);
    }

    private Optional<Instant> since() {
      if (since == null || since.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(Instant.parse(since.trim()));
      } catch (DateTimeParseException notAnInstant) {
        try {
          return Optional.of(Instant.now().minus(Durations.parse(since.trim())));
        } catch (IllegalArgumentException e) {
          throw new CliException(
              ExitCodes.USAGE,
              "--since "
                  + since
                  + " is neither a duration (30m, 1h) nor an instant (2026-12-01T10:00:00Z)");
        }
      }
    }

    java.util.List<DeadLetterTopic> topics(Where where, DeadLetterSelection selection) {
      if (where.topics().isEmpty()) {
        throw new CliException(ExitCodes.NOT_FOUND, name + " has no triggers, so no dead letters");
      }
      try {
        return selection.topics(name, where.topics());
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.NOT_FOUND, e.getMessage());
      }
    }

    java.util.List<DeadLetter> read(Where where, DeadLetterTopic topic) {
      try {
        return new DeadLetterReader(where.bootstrapServers()).read(topic);
      } catch (IllegalStateException e) {
        throw new CliException(
            ExitCodes.ENVIRONMENT,
            e.getMessage() + "; is Kafka reachable from here? (--bootstrap-servers)");
      }
    }
  }

  /** {@code skyless dlq list}. */
  @Command(name = "list", description = "A table of the function's dead letters, newest last.")
  static final class List extends Base {
    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Where where = where();
      DeadLetterSelection selection = selection(Optional.empty());
      for (DeadLetterTopic topic : topics(where, selection)) {
        java.util.List<DeadLetter> letters =
            read(where, topic).stream().filter(selection.letters()).toList();
        long redriven = letters.stream().filter(l -> l.redriven().isPresent()).count();
        out.printf(
            "%s (trigger %s): %d dead letter(s), %d redriven%n",
            topic.topic(), topic.trigger(), letters.size(), redriven);
        if (!letters.isEmpty()) {
          out.printf(
              "  %-10s %-24s %-36s %-8s %-9s %s%n",
              "RECORD", "DEAD-LETTERED", "EVENT", "ATTEMPTS", "REDRIVEN", "ERROR");
        }
        for (DeadLetter letter : letters) {
          out.printf(
              "  %-10s %-24s %-36s %-8s %-9s %s%n",
              letter.position(),
              letter.deadLetteredAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              letter.eventId().orElse("-"),
              letter.attempts().map(String::valueOf).orElse("-"),
              letter.redriven().isPresent() ? "yes" : "no",
              oneLine(letter.status().map(s -> s + " ").orElse("") + letter.error().orElse("")));
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code skyless dlq show}. */
  @Command(name = "show", description = "One dead letter in full: event, error, headers, payload.")
  static final class Show extends Base {
    @Parameters(index = "1", description = "The record, as list prints it: <partition>/<offset>.")
    String record;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Where where = where();
      DeadLetterSelection selection = selection(Optional.of(record));
      for (DeadLetterTopic topic : topics(where, selection)) {
        for (DeadLetter letter : read(where, topic)) {
          if (!selection.letters().test(letter)) {
            continue;
          }
          out.println("topic:           " + topic.topic() + " (trigger " + topic.trigger() + ")");
          out.println("record:          " + letter.position());
          out.println(
              "event:           "
                  + letter.eventId().orElse("-")
                  + "  "
                  + letter.eventType().orElse("-")
                  + "  "
                  + letter.eventSource().orElse("-"));
          out.println("dead-lettered:   " + letter.deadLetteredAt());
          out.println("attempts:        " + letter.attempts().map(String::valueOf).orElse("-"));
          out.println("origin:          " + letter.originalTopic().orElse("-"));
          out.println("status:          " + letter.status().map(String::valueOf).orElse("-"));
          out.println("error:           " + letter.error().orElse("-"));
          out.println(
              "redriven:        "
                  + letter.redriven().map(r -> r.at() + " to " + r.to()).orElse("no"));
          out.println("headers:");
          letter.headers().forEach((k, v) -> out.println("  " + k + ": " + oneLine(v)));
          out.println("payload:");
          out.println(letter.payload());
          out.flush();
          return 0;
        }
      }
      throw new CliException(
          ExitCodes.NOT_FOUND,
          "no dead letter "
              + record
              + " of "
              + name
              + (trigger == null ? "" : " (trigger " + trigger + ")"));
    }
  }

  /** {@code skyless dlq redrive}. */
  @Command(
      name = "redrive",
      description =
          "Send dead letters back to their trigger's topic, each once, keeping their CloudEvent id; they are then marked redriven.")
  static final class Redrive extends Base {
    @Option(names = "--record", description = "Only this record (<partition>/<offset>).")
    String record;

    @Option(
        names = "--to",
        description =
            "The topic for records whose origin is not recorded, when the trigger reads several.")
    String to;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Where where = where();
      DeadLetterSelection selection = selection(Optional.ofNullable(record));
      Redriver redriver =
          new Redriver(where.bootstrapServers(), where.replication(), Clock.systemUTC());
      int total = 0;
      for (DeadLetterTopic topic : topics(where, selection)) {
        Redriver.Result result;
        try {
          result = redriver.redrive(topic, selection.letters(), Optional.ofNullable(to));
        } catch (IllegalArgumentException e) {
          throw new CliException(ExitCodes.USAGE, e.getMessage());
        } catch (IllegalStateException e) {
          throw new CliException(ExitCodes.ENVIRONMENT, e.getMessage());
        }
        out.printf(
            "%s: %d redriven, %d already redriven before%n",
            topic.topic(), result.redriven(), result.alreadyRedriven());
        total += result.redriven();
      }
      out.printf("%d record(s) sent back%n", total);
      out.flush();
      return 0;
    }
  }

  static String oneLine(String text) {
    String line = text.replace('\n', ' ').replace('\r', ' ');
    return line.length() > 120 ? line.substring(0, 117) + "..." : line;
  }
}
