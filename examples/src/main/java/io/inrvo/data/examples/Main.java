package io.inrvo.data.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Command-line entry point of the example app. */
public final class Main {

  private Main() {}

  /** Runs one command; exits non-zero when it fails. */
  public static void main(String[] args) {
    // The app's own output is the tour; libraries speak up only when something is wrong.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    int status;
    try {
      status = run(args, System.out);
    } catch (RuntimeException e) {
      System.err.println("inrvo-examples: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  static int run(String[] args, PrintStream out) {
    String command = args.length == 0 ? "demo" : args[0];
    List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    return switch (command) {
      case "migrate" -> Migrate.run(rest, out);
      case "demo" -> Demo.run(out);
      case "seed" -> Seed.run(rest, out);
      case "health" -> Health.run(rest, out);
      case "help", "--help", "-h" -> usage(out);
      default -> {
        out.println("unknown command: " + command + " " + rest);
        usage(out);
        yield 2;
      }
    };
  }

  private static int usage(PrintStream out) {
    out.println("""
        usage: java -jar inrvo-examples.jar [command]
          demo      (default) fresh demo database, migrate, seed, tour every capability
          seed      --users N --meditations M [--conversations C]: a realistic data set (idempotent)
          health    [--json] index, table, slow-query and security checks; exit 1 when a check fails
          migrate   apply the INrVO migrations to INRVO_DB_URL (default: database 'inrvo' on the local server)
            --adopt     take over a database the app built itself: compare it with the baseline, then record
                        the baseline and run the later migrations; exit 1, changing nothing, when not compatible
            --compare   only compare with the baseline (changes nothing; exit 1 when not compatible)
            --export-supabase DIR   write DIR/supabase/migrations/<timestamp>_<name>.sql for the Supabase CLI
        Database: INRVO_DB_URL (+ INRVO_DB_USER, INRVO_DB_PASSWORD), else 127.0.0.1:5432, else Testcontainers.""");
    return 0;
  }
}
