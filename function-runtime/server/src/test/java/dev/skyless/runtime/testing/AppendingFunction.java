package dev.skyless.runtime.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each input (a JSON string) as a line to the file {@code APPEND_FILE}, after sleeping
 * {@code APPEND_SLEEP_MS}: a record of what was processed that needs no broker and survives a
 * SIGKILL (a line is written before the call returns, so before its offset can be committed).
 */
public final class AppendingFunction implements Function<String, Void>, AutoCloseable {

  private final FileChannel file;
  private final long sleepMillis;

  public AppendingFunction() throws IOException {
    file =
        FileChannel.open(
            Path.of(System.getenv("APPEND_FILE")),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    String sleep = System.getenv("APPEND_SLEEP_MS");
    sleepMillis = sleep == null ? 0 : Long.parseLong(sleep);
  }

  @Override
  public Void apply(String input, Context ctx) throws Exception {
    if (sleepMillis > 0) {
      Thread.sleep(sleepMillis);
    }
    ByteBuffer line = ByteBuffer.wrap((input + "\n").getBytes(StandardCharsets.UTF_8));
    synchronized (file) {
      while (line.hasRemaining()) {
        file.write(line);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
