package dev.skyless.runtime.main;

import dev.skyless.contract.RuntimeExitCodes;
import dev.skyless.runtime.config.ConfigException;
import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.config.RuntimeEnv;
import dev.skyless.runtime.function.FunctionHandle;
import dev.skyless.runtime.function.FunctionLoader;
import dev.skyless.runtime.function.FunctionLoader.FunctionLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of a function's container: reads the environment, loads the function, starts the
 * runtime, and stops it gracefully on SIGTERM.
 *
 * <p>Exit codes: 2 invalid configuration, 3 function not found, 4 start-up failed.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    Logger log = LoggerFactory.getLogger(Main.class);
    RuntimeConfig config;
    try {
      config = RuntimeEnv.fromSystem();
    } catch (ConfigException e) {
      log.error("invalid configuration: {}", e.getMessage());
      System.exit(RuntimeExitCodes.INVALID_CONFIGURATION);
      return;
    }
    FunctionHandle function;
    try {
      function =
          new FunctionLoader(Main.class.getClassLoader()).load(config.service().functionClass());
    } catch (FunctionLoadException e) {
      log.error("cannot load the function: {}", e.getMessage(), e.getCause());
      System.exit(RuntimeExitCodes.FUNCTION_NOT_FOUND);
      return;
    }
    try {
      SkylessRuntime runtime = SkylessRuntime.start(config, function);
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "skyless-shutdown"));
    } catch (ConfigException e) {
      // A value only checked while starting (SKYLESS_TRIGGER_FILTERS, the JWT key file).
      log.error("invalid configuration: {}", e.getMessage());
      System.exit(RuntimeExitCodes.INVALID_CONFIGURATION);
    } catch (Exception e) {
      log.error("start-up failed: {}", e.getMessage(), e);
      System.exit(RuntimeExitCodes.START_FAILED);
    }
  }
}
