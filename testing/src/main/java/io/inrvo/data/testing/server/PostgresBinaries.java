package io.inrvo.data.testing.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the PostgreSQL server programs ({@code initdb}, {@code pg_ctl}, {@code pg_basebackup}):
 * {@value #BIN_VARIABLE} (or system property {@value #BIN_PROPERTY}), else Debian's {@code
 * /usr/lib/postgresql/15/bin}, else the directory of {@code pg_ctl} on the {@code PATH}.
 */
final class PostgresBinaries {

  static final String BIN_VARIABLE = "INRVO_PG_BIN";
  static final String BIN_PROPERTY = "inrvo.pg.bin";
  static final Path DEBIAN_BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final List<String> PROGRAMS = List.of("initdb", "pg_ctl", "pg_basebackup", "postgres");

  private PostgresBinaries() {}

  /** The directory holding the programs, if one is found. */
  static Optional<Path> find() {
    return explicitDirectory().map(dir -> complete(dir) ? Optional.of(dir) : Optional.<Path>empty())
        .orElseGet(() -> candidates().stream().filter(PostgresBinaries::complete).findFirst());
  }

  /** Why no directory is found, naming every place looked at and how to provide the programs. */
  static Optional<String> missing() {
    if (find().isPresent()) {
      return Optional.empty();
    }
    List<String> looked = new ArrayList<>();
    Optional<Path> explicit = explicitDirectory();
    if (explicit.isPresent()) {
      looked.add(BIN_VARIABLE + "=" + explicit.get() + ": " + what(explicit.get()));
    } else {
      looked.add(BIN_VARIABLE + ": not set");
      looked.add(DEBIAN_BIN + ": " + what(DEBIAN_BIN));
      looked.add("pg_ctl on the PATH: " + onPath("pg_ctl").map(Path::toString).orElse("none"));
    }
    return Optional.of("PostgreSQL server programs (" + String.join(", ", PROGRAMS) + ") not found ("
        + String.join("; ", looked) + "). Install them (Debian/Ubuntu: apt-get install postgresql-15; "
        + "macOS: brew install postgresql@15) or set " + BIN_VARIABLE + " to their directory");
  }

  private static Optional<Path> explicitDirectory() {
    String property = System.getProperty(BIN_PROPERTY);
    String value = property != null && !property.isBlank() ? property : System.getenv(BIN_VARIABLE);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
  }

  private static List<Path> candidates() {
    List<Path> dirs = new ArrayList<>();
    dirs.add(DEBIAN_BIN);
    onPath("pg_ctl").map(Path::getParent).ifPresent(dirs::add);
    return dirs;
  }

  private static boolean complete(Path dir) {
    return PROGRAMS.stream().allMatch(program -> Files.isExecutable(dir.resolve(program)));
  }

  private static String what(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "does not exist";
    }
    List<String> absent = PROGRAMS.stream().filter(p -> !Files.isExecutable(dir.resolve(p))).toList();
    return "lacks " + String.join(", ", absent);
  }

  /** The first executable of that name on the PATH. */
  static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        Path candidate = Path.of(dir, program);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
