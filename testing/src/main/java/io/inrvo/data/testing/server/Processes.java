package io.inrvo.data.testing.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the servers' programs. PostgreSQL and PgBouncer refuse to run as root, so when this JVM is
 * root they run as the {@value #SERVER_USER} OS user, and the files they use are handed to it.
 */
final class Processes {

  /** The OS user the servers run as when this JVM runs as root. */
  static final String SERVER_USER = "postgres";

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Path RUNUSER = Path.of("/usr/sbin/runuser");

  private Processes() {}

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Why the servers cannot run as another user when they must, if that is the case. */
  static Optional<String> missingServerUser() {
    if (!runningAsRoot()) {
      return Optional.empty();
    }
    try {
      serverUser();
    } catch (UserPrincipalNotFoundException e) {
      return Optional.of("this JVM runs as root, which PostgreSQL and PgBouncer refuse, and there is no '"
          + SERVER_USER + "' OS user to run them as: create one (useradd --system " + SERVER_USER
          + ") or run the build as another user");
    } catch (IOException e) {
      return Optional.of("could not look up the '" + SERVER_USER + "' OS user: " + e.getMessage());
    }
    if (!Files.isExecutable(SETPRIV) && !Files.isExecutable(RUNUSER)) {
      return Optional.of("this JVM runs as root and needs " + SETPRIV + " or " + RUNUSER
          + " (util-linux) to start servers as '" + SERVER_USER + "'");
    }
    return Optional.empty();
  }

  /** The command line that runs {@code command} as the server user (unchanged when not root). */
  static List<String> asServerUser(List<String> command) {
    if (!runningAsRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    if (Files.isExecutable(SETPRIV)) {
      // setpriv execs the program itself, so the process we hold is the server, not a wrapper
      wrapped.addAll(List.of(SETPRIV.toString(), "--reuid=" + SERVER_USER, "--regid=" + SERVER_USER,
          "--init-groups", "--"));
    } else {
      wrapped.addAll(List.of(RUNUSER.toString(), "-u", SERVER_USER, "--"));
    }
    wrapped.addAll(command);
    return wrapped;
  }

  /** Hands {@code path} to the server user (when root), so the servers may write there. */
  static void giveToServerUser(Path path) {
    if (!runningAsRoot()) {
      return;
    }
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
      view.setOwner(serverUser());
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(SERVER_USER);
      view.setGroup(group);
    } catch (IOException e) {
      throw new IllegalStateException("could not hand " + path + " to OS user " + SERVER_USER + ": " + e.getMessage(), e);
    }
  }

  private static UserPrincipal serverUser() throws IOException {
    return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER);
  }

  /** A process builder for {@code command} as the server user, with no PG* variables inherited. */
  static ProcessBuilder builder(List<String> command, Path home) {
    ProcessBuilder builder = new ProcessBuilder(asServerUser(command));
    Map<String, String> environment = builder.environment();
    // a developer's PGPORT, PGDATA or PGPASSFILE must not steer the throwaway servers
    environment.keySet().removeIf(name -> name.startsWith("PG"));
    environment.put("HOME", home.toString());
    environment.put("LC_ALL", "C");
    builder.directory(home.toFile());
    builder.redirectErrorStream(true);
    return builder;
  }

  /**
   * Runs {@code command} as the server user to completion and returns its output.
   *
   * @throws IllegalStateException when it exits non-zero or outlives {@code timeout}; the message
   *     holds the command and its output
   */
  static String run(Path home, Duration timeout, String... command) {
    List<String> line = List.of(command);
    Path output = home.resolve("command-" + System.nanoTime() + ".out");
    try {
      Process process = builder(line, home).redirectOutput(output.toFile()).start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", line) + " did not finish within " + timeout
            + ": " + read(output));
      }
      String text = read(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", line) + " failed with exit code " + process.exitValue()
            + ": " + text.strip());
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + String.join(" ", line) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", line), e);
    } finally {
      try {
        Files.deleteIfExists(output);
      } catch (IOException ignored) {
        // a leftover output file goes with its directory
      }
    }
  }

  /** The last {@code lines} lines of a log file, for error messages; empty when there is none. */
  static String tail(Path file, int lines) {
    String text = read(file);
    String[] all = text.split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  /** Sleeps one polling interval while waiting for a server; false when interrupted. */
  static boolean pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
