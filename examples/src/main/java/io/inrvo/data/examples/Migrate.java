package io.inrvo.data.examples;

import io.inrvo.data.schema.AdoptionResult;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.schema.MigrationResult;
import io.inrvo.data.schema.SchemaComparison;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code migrate [--adopt | --compare | --export-supabase DIR]}: applies pending migrations and says
 * which; or adopts a database the application built itself; or only compares it with the
 * baseline; or writes the migrations for the Supabase CLI.
 */
final class Migrate {

  private Migrate() {}

  static int run(List<String> args, PrintStream out) {
    if (args.isEmpty()) {
      return migrate(out);
    }
    return switch (args.get(0)) {
      case "--adopt" -> only(args, 1) ? adopt(out) : usage(args, out);
      case "--compare" -> only(args, 1) ? compare(out) : usage(args, out);
      case "--export-supabase" -> only(args, 2) ? export(Path.of(args.get(1)), out) : usage(args, out);
      default -> usage(args, out);
    };
  }

  private static int migrate(PrintStream out) {
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

  /** Exit 1 when the schema is not compatible (nothing was changed). */
  private static int adopt(PrintStream out) {
    Target target = Target.resolve("inrvo");
    out.println("database: " + target);
    AdoptionResult result = InrvoSchema.adopt(target.dataSource());
    out.print(result.toText());
    return result.managed() ? 0 : 1;
  }

  /** Exit 1 when the schema is not compatible; changes nothing either way. */
  private static int compare(PrintStream out) {
    Target target = Target.resolve("inrvo");
    out.println("database: " + target);
    SchemaComparison comparison = InrvoSchema.compareWithBaseline(target.dataSource());
    out.print(comparison.toText());
    return comparison.compatible() ? 0 : 1;
  }

  private static int export(Path directory, PrintStream out) {
    for (Path file : InrvoSchema.exportForSupabase(directory)) {
      out.println("wrote " + file);
    }
    return 0;
  }

  private static boolean only(List<String> args, int size) {
    return args.size() == size;
  }

  private static int usage(List<String> args, PrintStream out) {
    out.println("migrate takes no option, --adopt, --compare or --export-supabase DIR; got " + args);
    return 2;
  }
}
