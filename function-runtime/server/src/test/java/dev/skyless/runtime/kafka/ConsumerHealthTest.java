package dev.skyless.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.runtime.kafka.ConsumerHealth.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The consumer's health states and what the listener is told, once per change. */
class ConsumerHealthTest {

  private final List<String> told = new ArrayList<>();
  private final ConsumerHealth health =
      new ConsumerHealth(
          "orders", Duration.ofMillis(50), (state, reason) -> told.add(state + " " + reason));

  @Test
  void neverJoiningIsStalledAfterTheLimitAndAHeartbeatEndsIt() throws Exception {
    health.check(Optional.empty());
    assertThat(health.state()).isEqualTo(State.STARTING);

    Thread.sleep(80);
    health.check(Optional.empty());
    health.check(Optional.empty());
    assertThat(health.state()).isEqualTo(State.STALLED);
    assertThat(health.reason()).hasValueSatisfying(r -> assertThat(r).contains("has not joined"));

    health.check(Optional.of(Duration.ofMillis(5)));
    assertThat(health.state()).isEqualTo(State.CONSUMING);
    assertThat(told).hasSize(2);
    assertThat(told.get(1)).isEqualTo("CONSUMING Optional.empty");
  }

  @Test
  void failingCommitsStallOnlyWhenTheyGoOnPastTheLimit() throws Exception {
    health.heard();
    health.failed("committing offsets", new TimeoutException("commit timed out"));
    health.check(Optional.of(Duration.ofMillis(5)));
    assertThat(health.state()).isEqualTo(State.CONSUMING);

    Thread.sleep(80);
    health.check(Optional.of(Duration.ofMillis(5)));
    assertThat(health.state()).isEqualTo(State.STALLED);
    assertThat(health.reason())
        .hasValueSatisfying(r -> assertThat(r).contains("committing offsets: TimeoutException"));

    health.heard();
    assertThat(health.state()).isEqualTo(State.CONSUMING);
  }

  @Test
  void aSilentCoordinatorIsStalled() {
    health.heard();
    health.check(Optional.of(Duration.ofSeconds(3)));
    assertThat(health.state()).isEqualTo(State.STALLED);
    assertThat(health.reason())
        .hasValueSatisfying(r -> assertThat(r).contains("no answer from the Kafka group"));
  }
}
