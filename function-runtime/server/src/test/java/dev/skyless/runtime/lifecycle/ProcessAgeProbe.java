package dev.skyless.runtime.lifecycle;

/** A child process for {@link ProcessAgeTest}: waits a moment, then prints its age in ms. */
public final class ProcessAgeProbe {

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args[0]));
    System.out.println("age " + ProcessAge.now().toMillis());
  }
}
