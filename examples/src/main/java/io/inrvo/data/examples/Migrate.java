package io.inrvo.data.examples;

import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.schema.MigrationResult;
import java.io.PrintStream;

/** {@code migrate}: applies pending migrations and says which. */
final class Migrate {

  private Migrate() {}

  static int run(PrintStream out) {
    Target target = Target.resolve("inrvo");
    out.println("database: " + target);
    MigrationResult result = InrvoSchema.migrate(target.dataSource());
    if (result.changedAnything()) {
      out.println("applied: " + String.join(", ", result.appliedVersions()));
    } else {
      out.println("applied: nothing, already up to date");
    }
    out.println("schema version: " + result.schemaVersion().orElse("none"));
    return 0;
  }
}
