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
    health.check(Optional.of(Duration.ofMillis(5)));
    assertThat(told).as("told once per change").hasSize(2);
    assertThat(told.get(1)).isEqualTo("CONSUMING Optional.empty");
  }

  @Test
  void failingCommitsStallOnlyWhenTheyGoOnPastTheLimitEvenWhileRecordsArrive() throws Exception {
    health.assigned();
    health.commitFailed(new TimeoutException("commit timed out"));
    health.check(Optional.of(Duration.ofMillis(5)));
    assertThat(health.state()).isEqualTo(State.CONSUMING);

    Thread.sleep(80);
    health.polled();
    health.check(Optional.of(Duration.ofMillis(5)));
    assertThat(health.state()).isEqualTo(State.STALLED);
    assertThat(health.reason())
        .hasValueSatisfying(r -> assertThat(r).contains("committing offsets keeps failing"));

    health.committed();
    assertThat(health.state()).as("only check() changes the state").isEqualTo(State.STALLED);
    health.check(Optional.of(Duration.ofMillis(5)));
    assertThat(health.state()).isEqualTo(State.CONSUMING);
  }

  @Test
  void aConsumerThatKeepsFailingIsStalledThoughEachNewOneIsAssignedPartitions() throws Exception {
    health.assigned();
    for (int i = 0; i < 3; i++) {
      health.consumerFailed(new IllegalStateException("broken " + i));
      health.consumerMade();
      health.assigned();
      Thread.sleep(30);
      health.check(Optional.empty());
    }
    assertThat(health.state()).isEqualTo(State.STALLED);
    assertThat(health.reason())
        .hasValueSatisfying(r -> assertThat(r).contains("the consumer keeps failing"));
  }

  @Test
  void aRebalanceWithoutHeartbeatsIsNotAnOutage() throws Exception {
    health.assigned();
    health.rebalancing();
    Thread.sleep(80);
    health.check(Optional.empty());
    assertThat(health.state()).isEqualTo(State.CONSUMING);
  }

  @Test
  void aSilentGroupIsStalled() throws Exception {
    health.assigned();
    Thread.sleep(80);
    health.check(Optional.of(Duration.ofSeconds(3)));
    assertThat(health.state()).isEqualTo(State.STALLED);
    assertThat(health.reason())
        .hasValueSatisfying(r -> assertThat(r).contains("no contact with the Kafka group"));
  }
}
