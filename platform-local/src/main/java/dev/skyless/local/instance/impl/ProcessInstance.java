package dev.skyless.local.instance.impl;

import dev.skyless.local.instance.Instance;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An instance that is a child JVM running the function runtime. */
final class ProcessInstance implements Instance {

  private final Process process;
  private final int port;
  private final CompletableFuture<Void> exited;

  ProcessInstance(Process process, int port) {
    this.process = process;
    this.port = port;
    this.exited = process.onExit().thenApply(p -> null);
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public CompletableFuture<Void> exited() {
    return exited;
  }

  @Override
  public void stop(Duration grace) {
    process.destroy(); // SIGTERM: the runtime drains calls in flight, then exits
    try {
      exited.get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      exited.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
