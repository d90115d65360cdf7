package dev.skyless.local.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;

/** Answers with its input and the process it runs in; sleeps first when asked to. */
public final class Echo implements Function<Echo.Request, Echo.Reply> {

  public record Request(String text, long sleepMs) {}

  public record Reply(String text, long pid) {}

  @Override
  public Reply apply(Request request, Context ctx) throws InterruptedException {
    if (request.sleepMs() > 0) {
      Thread.sleep(request.sleepMs());
    }
    return new Reply(request.text(), ProcessHandle.current().pid());
  }
}
