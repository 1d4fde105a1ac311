package io.inrvo.data.testing.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Scratch directories and ports for throwaway servers, and their cleanup: each server is closed
 * when the JVM exits (best effort), and servers left behind by a JVM that was killed are stopped
 * and removed the next time one is created.
 */
final class Scratch {

  /** Every scratch directory starts with this, so leftovers can be found. */
  static final String PREFIX = "inrvo-server-";
  private static final String OWNER_FILE = "owner.pid";

  private static final Map<AutoCloseable, String> OPEN = new ConcurrentHashMap<>();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();
  private static final AtomicBoolean REAPED = new AtomicBoolean();

  private Scratch() {}

  /**
   * A new directory under the system temp directory, owned by the server user, recording this JVM
   * as its owner.
   */
  static Path directory(String label) {
    reapLeftoversOnce();
    try {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      Path dir = Files.createTempDirectory(tmp, PREFIX + label + "-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      Processes.giveToServerUser(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a scratch directory for " + label, e);
    }
  }

  /** Deletes a directory tree; what cannot be deleted is left (best effort). */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // best effort: the system's temp cleaner gets the rest
        }
      });
    } catch (IOException | UncheckedIOException ignored) {
      // best effort, as above
    }
  }

  /** A TCP port on 127.0.0.1 that nothing listens on right now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /** Closes {@code resource} when the JVM exits, unless {@link #forget} is called first. */
  static void closeOnExit(AutoCloseable resource, String description) {
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(Scratch::closeAll, "inrvo-throwaway-servers-cleanup"));
    }
    OPEN.put(resource, description);
  }

  static void forget(AutoCloseable resource) {
    OPEN.remove(resource);
  }

  private static void closeAll() {
    for (AutoCloseable resource : OPEN.keySet()) {
      try {
        resource.close();
      } catch (Exception ignored) {
        // the JVM is exiting: close the others regardless
      }
    }
  }

  /**
   * Stops and removes what JVMs that no longer run left behind (a build killed mid-test), so their
   * servers do not hold ports and memory forever. Directories of running JVMs are left alone.
   */
  private static void reapLeftoversOnce() {
    if (!REAPED.compareAndSet(false, true)) {
      return;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        ownerPid(dir).filter(pid -> ProcessHandle.of(pid).isEmpty()).ifPresent(pid -> reap(dir));
      }
    } catch (IOException | RuntimeException ignored) {
      // reaping is a courtesy; never fail a test over it
    }
  }

  private static Optional<Long> ownerPid(Path dir) {
    try {
      return Optional.of(Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void reap(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      children.forEach(child -> {
        if (Files.exists(child.resolve("postmaster.pid"))) {
          PostgresBinaries.find().ifPresent(bin -> {
            try {
              Processes.run(dir, Duration.ofSeconds(30), bin.resolve("pg_ctl").toString(), "stop", "-D",
                  child.toString(), "-m", "immediate", "-w");
            } catch (RuntimeException ignored) {
              // already gone
            }
          });
        }
      });
    } catch (IOException ignored) {
      // nothing to stop
    }
    PgBouncer.stopLeftover(dir);
    delete(dir);
  }
}
