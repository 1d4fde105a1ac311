package io.inrvo.data.examples;

import io.inrvo.data.health.DatabaseHealth;
import io.inrvo.data.health.HealthReport;
import java.io.PrintStream;
import java.util.List;

/** {@code health [--json]}: every index, table, statement and security check; exit 1 when one fails. */
final class Health {

  private Health() {}

  static int run(List<String> args, PrintStream out) {
    boolean json = args.contains("--json");
    if (!args.stream().allMatch("--json"::equals)) {
      throw new IllegalArgumentException("health takes only --json, got " + args);
    }
    Target target = Target.resolve("inrvo");
    if (!json) {
      out.println("database: " + target);
    }
    HealthReport report = DatabaseHealth.create(target.dataSource()).check();
    out.println(json ? report.toJson() : report.toText());
    return report.passed() ? 0 : 1;
  }
}
