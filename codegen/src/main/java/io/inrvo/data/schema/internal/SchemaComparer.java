package io.inrvo.data.schema.internal;

import io.inrvo.data.schema.SchemaDifference;
import io.inrvo.data.schema.SchemaDifference.Verdict;
import io.inrvo.data.schema.internal.SchemaObject.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a live schema with the baseline, object by object, and decides for each difference
 * whether it blocks adoption, is replaced by the migrations after the baseline, or is kept.
 *
 * <p>The rules follow what the library relies on. It reads and writes every column of its tables,
 * so a missing column, another type, a NOT NULL it may violate or a missing default it relies on
 * blocks; so do a missing table, key, foreign key (its cascades are behaviour), index (its plans),
 * policy, function, role, row-level security switched off, or an object the migrations must alter
 * but the login does not own. An application's own tables, nullable columns, indexes, constraints
 * and policies are kept. Privileges are restated by a later migration, and objects that a later
 * migration creates under a name the live schema already uses are dropped first when they hold no
 * data (indexes, functions, policies, triggers) and block when they do (tables, columns).
 *
 * <p>Long because it holds every rule of adoption, one method per kind of object, in one place: a
 * reader deciding whether a database can be adopted reads them together.
 */
public final class SchemaComparer {

  /** An object to drop before the later migrations create the library's own under its name. */
  public record Replacement(String object, String drop) {}

  /** The differences, and the drops that adoption runs before the later migrations. */
  public record Result(List<SchemaDifference> differences, List<Replacement> replacements) {}

  private final Map<String, SchemaObject> baseline;
  private final Map<String, SchemaObject> latest;
  private final Map<String, SchemaObject> live;
  private final Set<String> libraryTables;
  private final Set<String> libraryFunctions;
  private final List<SchemaDifference> differences = new ArrayList<>();
  private final List<Replacement> replacements = new ArrayList<>();

  private SchemaComparer(List<SchemaObject> baseline, List<SchemaObject> latest, List<SchemaObject> live) {
    this.baseline = byKey(baseline);
    this.latest = byKey(latest);
    this.live = byKey(live);
    this.libraryTables = names(baseline, Kind.TABLE);
    this.libraryFunctions = names(baseline, Kind.FUNCTION);
  }

  /** Compares {@code live} with {@code baseline}; {@code latest} says what later versions create or change. */
  public static Result compare(List<SchemaObject> baseline, List<SchemaObject> latest, List<SchemaObject> live) {
    SchemaComparer comparer = new SchemaComparer(baseline, latest, live);
    comparer.baselineObjects();
    comparer.liveOnlyObjects();
    List<SchemaDifference> sorted = new ArrayList<>(comparer.differences);
    sorted.sort(Comparator.comparing(SchemaDifference::verdict).thenComparing(SchemaDifference::object));
    return new Result(sorted, comparer.replacements.stream()
        .sorted(Comparator.comparing(SchemaComparer::dropOrder)).toList());
  }

  // ---------------------------------------------------------------------------------------------
  // What the baseline defines
  // ---------------------------------------------------------------------------------------------

  private void baselineObjects() {
    for (SchemaObject expected : baseline.values()) {
      SchemaObject found = live.get(expected.key());
      String table = tableOf(expected);
      if (expected.kind() != Kind.TABLE && expected.kind() != Kind.ROLE && table != null
          && !live.containsKey(Kind.TABLE + " " + table)) {
        continue; // the missing table is reported once
      }
      switch (expected.kind()) {
        case ROLE -> {
          if (found == null) {
            blocks(expected, "missing; the policies and grants name it (Supabase creates it; on plain PostgreSQL "
                + "the library's Supabase compatibility migration does: CREATE ROLE " + expected.name().substring("role ".length()) + " NOLOGIN)");
          }
        }
        case TABLE -> table(expected, found);
        case COLUMN -> column(expected, found);
        case PRIMARY_KEY, UNIQUE, FOREIGN_KEY -> {
          if (found == null) {
            blocks(expected, "missing" + describe(expected) + "; the library relies on it (keys, cascades on delete)");
          } else if (!found.compared().equals(expected.compared())) {
            blocks(expected, "is" + describe(found) + "; the library expects" + describe(expected));
          }
        }
        case CHECK -> {
          if (found == null) {
            keeps(expected, "missing; the library checks its own input before any SQL, other writers are not checked");
          }
        }
        case INDEX -> index(expected, found);
        case POLICY -> policy(expected, found);
        case FUNCTION -> function(expected, found);
        case TRIGGER -> {
          if (found == null) {
            blocks(expected, "missing");
          }
        }
        case GRANT -> grant(expected, found);
      }
    }
  }

  private void table(SchemaObject expected, SchemaObject found) {
    if (found == null) {
      blocks(expected, "missing; the library reads and writes it");
    } else if (!found.get("kind").equals(expected.get("kind"))) {
      blocks(expected, "is a " + found.get("kind") + "; the library expects a " + expected.get("kind"));
    } else if (expected.get("row level security").equals("on") && !found.get("row level security").equals("on")) {
      blocks(expected, "row-level security is off; the library's isolation relies on it: ALTER TABLE "
          + expected.name() + " ENABLE ROW LEVEL SECURITY");
    } else if (library(expected.name()) && found.get(SchemaObject.ALTERABLE).equals("no")) {
      blocks(expected, "owned by a role the migrating login is not a member of; the later migrations alter it: "
          + "ALTER TABLE " + expected.name() + " OWNER TO <the migrating login>");
    }
  }

  private void column(SchemaObject expected, SchemaObject found) {
    String type = expected.get("type");
    if (found == null) {
      blocks(expected, "missing; the library reads and writes it (" + type + ")");
      return;
    }
    if (!found.get("type").equals(type)) {
      blocks(expected, "is " + found.get("type") + "; the library expects " + type);
    } else if (expected.get("not null").equals("yes") && found.get("not null").equals("no")) {
      blocks(expected, "allows NULL; the library reads it as never null (fill the NULLs, then ALTER TABLE ... "
          + "ALTER COLUMN ... SET NOT NULL)");
    } else if (expected.get("not null").equals("no") && found.get("not null").equals("yes")) {
      blocks(expected, "is NOT NULL; the library may write NULL to it (ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL)");
    } else if (expected.get("default").equals("yes") && found.get("default").equals("no")) {
      blocks(expected, "has no default; the library leaves it out of its inserts and relies on one");
    }
  }

  private void index(SchemaObject expected, SchemaObject found) {
    String create = createIndex(expected);
    if (found == null) {
      live.values().stream()
          .filter(o -> o.kind() == Kind.INDEX && o.compared().equals(expected.compared()))
          .findFirst()
          .ifPresentOrElse(
              same -> keeps(expected, "present under another name, " + same.name() + " (same definition)"),
              () -> blocks(expected, "missing; the library's query plans rely on it: " + create));
    } else if (!found.compared().equals(expected.compared())) {
      blocks(expected, "is " + found.get("definition") + " on " + found.get("table") + "; the library's plans need "
          + expected.get("definition") + ": DROP INDEX CONCURRENTLY " + expected.name() + "; " + create);
    }
  }

  private void policy(SchemaObject expected, SchemaObject found) {
    if (found == null) {
      blocks(expected, "missing; the library's row-level security relies on it");
      return;
    }
    for (String property : List.of("command", "roles", "permissive")) {
      if (!found.get(property).equals(expected.get(property))) {
        blocks(expected, property + " is " + blankAsNone(found.get(property)) + "; the library expects "
            + expected.get(property));
        return;
      }
    }
    if (!found.compared().equals(expected.compared())) {
      SchemaObject later = latest.get(expected.key());
      if (later != null && !later.compared().equals(expected.compared())) {
        replaces(expected, "its expressions differ; " + version(later) + " restates them");
      } else {
        keeps(expected, "its expressions differ from the library's: review them (the library's: USING "
            + blankAsNone(expected.get("using")) + ", WITH CHECK " + blankAsNone(expected.get("with check"))
            + "; yours: USING " + blankAsNone(found.get("using")) + ", WITH CHECK " + blankAsNone(found.get("with check"))
            + ")");
      }
    }
  }

  private void function(SchemaObject expected, SchemaObject found) {
    if (found == null) {
      blocks(expected, "missing; the library and its policies call it");
      return;
    }
    SchemaObject later = latest.get(expected.key());
    boolean redefinedLater = later != null && !later.compared().equals(expected.compared());
    if (!found.get("returns").equals(expected.get("returns"))) {
      blocks(expected, "returns " + found.get("returns") + "; the library expects " + expected.get("returns"));
    } else if (!library(expected.name())) {
      return; // Supabase's own auth.* functions: present with the right type is all that counts
    } else if (redefinedLater && found.get(SchemaObject.ALTERABLE).equals("no")) {
      blocks(expected, "owned by a role the migrating login is not a member of; " + version(later)
          + " redefines it: ALTER FUNCTION " + expected.name() + " OWNER TO <the migrating login>");
    } else if (!found.get("security").equals(expected.get("security"))) {
      if (redefinedLater) {
        replaces(expected, "SECURITY " + found.get("security").toUpperCase(java.util.Locale.ROOT) + "; "
            + version(later) + " redefines it");
      } else {
        blocks(expected, "SECURITY " + found.get("security").toUpperCase(java.util.Locale.ROOT)
            + "; the library needs SECURITY " + expected.get("security").toUpperCase(java.util.Locale.ROOT));
      }
    }
  }

  private void grant(SchemaObject expected, SchemaObject found) {
    SchemaObject target = latest.get(expected.key());
    if (!privileges(found).equals(privileges(expected)) && !privileges(found).equals(privileges(target))) {
      replaces(expected, grantChange(found, target));
    }
  }

  private static String grantChange(SchemaObject found, SchemaObject target) {
    return "has " + privileges(found) + "; after the later migrations: " + privileges(target);
  }

  // ---------------------------------------------------------------------------------------------
  // What only the live schema has
  // ---------------------------------------------------------------------------------------------

  private void liveOnlyObjects() {
    for (SchemaObject found : live.values()) {
      if (baseline.containsKey(found.key())) {
        continue;
      }
      SchemaObject later = latest.get(found.key());
      String table = tableOf(found);
      boolean onLibraryTable = table != null && library(table) && libraryTables.contains(table);
      switch (found.kind()) {
        case TABLE -> {
          if (later != null) {
            blocks(found, "already exists; " + version(later) + " creates it: rename or drop yours first");
          } else if (library(found.name())) {
            keeps(found, "the application's own " + found.get("kind"));
          }
        }
        case COLUMN -> {
          if (later != null && onLibraryTable) {
            blocks(found, "already exists; " + version(later) + " adds it: rename or drop yours first");
          } else if (onLibraryTable && found.get("not null").equals("yes") && found.get("default").equals("no")) {
            blocks(found, "the application's own column is NOT NULL without a default: the library's inserts do "
                + "not set it (add a default or DROP NOT NULL)");
          } else if (onLibraryTable) {
            keeps(found, "the application's own column (" + found.get("type") + ")");
          }
        }
        case PRIMARY_KEY, UNIQUE, FOREIGN_KEY, CHECK -> {
          if (onLibraryTable) {
            keeps(found, "the application's own constraint; the library's writes must satisfy it");
          }
        }
        case INDEX -> {
          if (later != null) {
            replace(found, later, "DROP INDEX " + found.name(), "the library's " + later.get("definition"));
          } else if (onLibraryTable) {
            keeps(found, "the application's own index (" + found.get("definition") + ")");
          }
        }
        case POLICY -> {
          if (later != null) {
            replace(found, later, "DROP POLICY " + found.get(SchemaObject.IDENTIFIER) + " ON " + table,
                "the library's");
          } else if (onLibraryTable) {
            keeps(found, "the application's own policy" + (found.get("permissive").equals("yes")
                ? "; permissive, so it widens who may " + found.get("command") + " rows: review it" : ""));
          }
        }
        case FUNCTION -> {
          if (later != null && found.get(SchemaObject.ALTERABLE).equals("no")) {
            blocks(found, "already exists, owned by a role the migrating login is not a member of; "
                + version(later) + " creates the library's own");
          } else if (later != null) {
            replace(found, later, "DROP FUNCTION " + found.name(), "the library's own");
          }
        }
        case TRIGGER -> {
          if (later != null) {
            replace(found, later, "DROP TRIGGER " + found.get(SchemaObject.IDENTIFIER) + " ON " + table,
                "the library's");
          } else if (onLibraryTable) {
            keeps(found, "the application's own trigger; it runs on the library's writes too");
          }
        }
        case GRANT -> {
          String object = found.name().replaceFirst("^grant on (function )?", "").replaceFirst(" to [^ ]+$", "");
          if ((libraryTables.contains(object) || libraryFunctions.contains(object))
              && !privileges(found).equals(privileges(later))) {
            replaces(found, grantChange(found, later));
          }
        }
        default -> { }
      }
    }
  }

  private void replace(SchemaObject found, SchemaObject later, String drop, String what) {
    replacements.add(new Replacement(found.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + " " + found.name(), drop));
    replaces(found, "exists already; dropped, then " + version(later) + " creates " + what);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  private void blocks(SchemaObject object, String detail) {
    differences.add(new SchemaDifference(Verdict.INCOMPATIBLE, label(object), detail));
  }

  private void replaces(SchemaObject object, String detail) {
    differences.add(new SchemaDifference(Verdict.REPLACED, label(object), detail));
  }

  private void keeps(SchemaObject object, String detail) {
    differences.add(new SchemaDifference(Verdict.KEPT, label(object), detail));
  }

  private static String label(SchemaObject object) {
    return switch (object.kind()) {
      case ROLE, POLICY, TRIGGER, GRANT -> object.name();
      case PRIMARY_KEY -> "primary key of " + object.name();
      case FOREIGN_KEY -> "foreign key " + object.name();
      case UNIQUE -> "unique " + object.name();
      case CHECK -> "check on " + object.name();
      default -> object.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + object.name();
    };
  }

  private static String describe(SchemaObject object) {
    return object.compared().isEmpty() ? "" : " " + object.compared().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  private static String privileges(SchemaObject grant) {
    if (grant == null) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (!grant.get("privileges").isEmpty()) {
      parts.add(grant.get("privileges"));
    }
    if (!grant.get("column privileges").isEmpty()) {
      parts.add(grant.get("column privileges"));
    }
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  private static String version(SchemaObject later) {
    return "V" + later.get(SchemaObject.SINCE);
  }

  private static String blankAsNone(String value) {
    return value.isEmpty() ? "none" : value;
  }

  private static String createIndex(SchemaObject index) {
    String definition = index.get("definition");
    boolean unique = definition.startsWith("unique ");
    String name = index.name().substring(index.name().lastIndexOf('.') + 1);
    return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + name + " ON " + index.get("table")
        + " USING " + (unique ? definition.substring("unique ".length()) : definition);
  }

  /** Whether a name lives in one of the library's schemas (not Supabase's {@code auth}). */
  private static boolean library(String name) {
    return SchemaCatalog.SCHEMAS.stream().anyMatch(s -> name.startsWith(s + "."));
  }

  /** The table an object belongs to, or null for roles and functions. */
  static String tableOf(SchemaObject object) {
    String name = object.name();
    return switch (object.kind()) {
      case TABLE, PRIMARY_KEY -> name;
      case COLUMN -> name.substring(0, name.lastIndexOf('.'));
      case UNIQUE, FOREIGN_KEY -> name.substring(0, name.indexOf(" ("));
      case CHECK -> name.substring(0, name.indexOf(" CHECK"));
      case INDEX -> object.get("table");
      case POLICY, TRIGGER -> object.get(SchemaObject.ON);
      case GRANT -> name.startsWith("grant on function ") ? null
          : name.replaceFirst("^grant on ", "").replaceFirst(" to [^ ]+$", "");
      default -> null;
    };
  }

  /** Triggers and policies before the functions they call, functions before indexes. */
  private static int dropOrder(Replacement r) {
    String drop = r.drop();
    return drop.startsWith("DROP TRIGGER") ? 0 : drop.startsWith("DROP POLICY") ? 1 : drop.startsWith("DROP FUNCTION")
        ? 2 : 3;
  }

  private static Map<String, SchemaObject> byKey(List<SchemaObject> objects) {
    return objects.stream().collect(Collectors.toMap(SchemaObject::key, Function.identity(), (a, b) -> a,
        LinkedHashMap::new));
  }

  private static Set<String> names(List<SchemaObject> objects, Kind kind) {
    return objects.stream().filter(o -> o.kind() == kind).map(SchemaObject::name).filter(Objects::nonNull)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
