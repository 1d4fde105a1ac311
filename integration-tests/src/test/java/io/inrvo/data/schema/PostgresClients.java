package io.inrvo.data.schema;

import io.inrvo.data.testing.server.ServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's own command-line clients, {@code psql} and {@code pg_dump}, run against a {@link
 * DatabaseServer}: found on the {@code PATH} or in {@code /usr/lib/postgresql/<version>/bin}
 * (newest first, since {@code pg_dump} must not be older than the server).
 */
final class PostgresClients {

  private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/.*");

  private final Path bin;

  private PostgresClients(Path bin) {
    this.bin = bin;
  }

  /** The clients, when both are installed. */
  static Optional<PostgresClients> find() {
    List<Path> candidates = new ArrayList<>();
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      versions.map(v -> v.resolve("bin"))
          .sorted(Comparator.comparing((Path p) -> p.getParent().getFileName().toString(),
              Comparator.comparingInt(PostgresClients::major)).reversed())
          .forEach(candidates::add);
    } catch (IOException e) {
      // no Debian-style installation; try the PATH
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir));
      }
    }
    return candidates.stream()
        .filter(d -> Files.isExecutable(d.resolve("psql")) && Files.isExecutable(d.resolve("pg_dump")))
        .findFirst().map(PostgresClients::new);
  }

  /**
   * The clients, or else {@code test} is skipped saying that {@code what} was not done (printed on
   * the build's console); under {@code CI=true} nothing is skipped, and their absence fails the test.
   */
  static PostgresClients orAbort(String test, String what) {
    Optional<PostgresClients> found = find();
    ServerExtension.assumePrerequisite(test, found.isPresent() ? Optional.empty()
        : Optional.of("psql and pg_dump are not installed (apt-get install postgresql-client): " + what));
    return found.orElseThrow();
  }

  /**
   * Runs {@code file} and then each of {@code more} with {@code psql} as {@code user}, all in one
   * transaction, stopping at the first error.
   */
  void psql(DatabaseServer server, String database, String user, Path file, Path... more)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
        "--single-transaction", "-U", user, "-d", database, "-f", file.toString()));
    for (Path next : more) {
      command.addAll(List.of("-f", next.toString()));
    }
    run(server, command);
  }

  /** {@code pg_dump --schema-only} of {@code database}, without the tables named (their schemas stay). */
  String schemaDump(DatabaseServer server, String database, List<String> excludedTables)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pg_dump").toString(), "--schema-only",
        "-U", server.user(), "-d", database));
    excludedTables.forEach(t -> command.add("--exclude-table=" + t));
    return run(server, command);
  }

  private static String run(DatabaseServer server, List<String> command) throws IOException, InterruptedException {
    Matcher m = HOST_PORT.matcher(server.jdbcUrl());
    if (!m.matches()) {
      throw new IllegalStateException("cannot read host and port from " + server.jdbcUrl());
    }
    List<String> full = new ArrayList<>(command);
    full.addAll(1, List.of("-h", m.group(1), "-p", m.group(2) == null ? "5432" : m.group(2)));
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    if (!server.password().isEmpty()) {
      environment.put("PGPASSWORD", server.password());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", full));
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + output);
    }
    return output;
  }

  private static int major(String version) {
    try {
      return Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "PostgresClients[" + bin + "]";
  }
}
