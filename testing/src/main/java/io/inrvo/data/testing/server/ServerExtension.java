package io.inrvo.data.testing.server;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * A throwaway server for one test class, as a JUnit 5 extension: started before the class's first
 * test (or as soon as {@link #get()} is first called, for example by another extension), stopped
 * and removed after the class, after every other extension's {@code afterAll}.
 *
 * <pre>{@code
 * class SlowQueryTest {
 *   @RegisterExtension
 *   static final ServerExtension<ThrowawayServer> PG =
 *       ServerExtension.postgres(Map.of("shared_preload_libraries", "pg_stat_statements"));
 *
 *   @RegisterExtension
 *   static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PG.get().server());
 *   ...
 * }
 *
 * class ReplicaTest {
 *   @RegisterExtension
 *   static final ServerExtension<PostgresCluster> PRIMARY = ServerExtension.cluster(PostgresCluster.builder());
 *   @RegisterExtension
 *   static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);
 *   @RegisterExtension
 *   static final ServerExtension<PgBouncer> BOUNCER =
 *       ServerExtension.pgBouncer(PgBouncer.builder().poolSize(2), PRIMARY);
 *   ...
 * }
 * }</pre>
 *
 * <p><b>When this machine lacks what the server needs</b> (server programs, PgBouncer, Docker),
 * the class is skipped, and the reason (what is missing, where it was looked for, how to get it)
 * is reported as the skip reason and printed on the build's console. When the environment
 * variable {@code CI} is {@code true}, nothing is skipped: the class fails with the same message.
 *
 * <p>Register it in a {@code static} field. {@link #get()} is thread-safe.
 *
 * @param <T> what the extension starts
 */
public final class ServerExtension<T extends AutoCloseable>
    implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerExtension.class);

  private final Supplier<Optional<String>> missingPrerequisite;
  private final Supplier<? extends T> starter;
  private T started;
  private boolean closeScheduled;

  private ServerExtension(Supplier<Optional<String>> missingPrerequisite, Supplier<? extends T> starter) {
    this.missingPrerequisite = missingPrerequisite;
    this.starter = starter;
  }

  /**
   * Anything a test class needs started: {@code missingPrerequisite} tells (cheaply, without
   * starting anything) what this machine lacks for it; {@code starter} starts it.
   *
   * @param <T> what {@code starter} starts; it is closed when the test class is done
   * @param missingPrerequisite asked before the class and each of its tests run (never when {@code
   *     CI} is {@code true}): empty when this machine can start the server, otherwise the skip
   *     reason; it must start nothing
   * @param starter starts the server; called by the first {@link #get()} (before the class's first
   *     test at the latest) and not again until what it returned has been closed; a {@link
   *     MissingPrerequisiteException} it throws skips the class, or fails it when {@code CI} is
   *     {@code true}
   * @return an extension to register in a {@code static} field
   * @throws NullPointerException when either argument is null
   */
  public static <T extends AutoCloseable> ServerExtension<T> of(
      Supplier<Optional<String>> missingPrerequisite, Supplier<? extends T> starter) {
    return new ServerExtension<>(Objects.requireNonNull(missingPrerequisite, "missingPrerequisite"),
        Objects.requireNonNull(starter, "starter"));
  }

  /**
   * A {@link PostgresCluster} built by {@code builder}.
   *
   * @param builder describes the cluster; read when the cluster starts, so changes made to it until
   *     then apply
   * @return an extension that starts the cluster before the class and removes it after; the class
   *     is skipped (or fails, under {@code CI=true}) when {@link PostgresCluster#missingPrerequisite()}
   *     reports something
   * @throws NullPointerException when {@code builder} is null
   */
  public static ServerExtension<PostgresCluster> cluster(PostgresCluster.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    return of(PostgresCluster::missingPrerequisite, builder::start);
  }

  /**
   * A PostgreSQL server with {@code settings}, local or in Docker; see {@link ThrowawayPostgres}.
   *
   * @param settings server settings, copied now; names and values are checked when the server
   *     starts, where a bad one fails the class with {@link IllegalArgumentException}
   * @return an extension that starts the server before the class and removes it after; the class
   *     is skipped (or fails, under {@code CI=true}) when {@link ThrowawayPostgres#missingPrerequisite()}
   *     reports something
   * @throws NullPointerException when {@code settings} is null or holds a null name or value
   */
  public static ServerExtension<ThrowawayServer> postgres(Map<String, String> settings) {
    Map<String, String> copy = Map.copyOf(Objects.requireNonNull(settings, "settings"));
    return of(ThrowawayPostgres::missingPrerequisite, () -> ThrowawayPostgres.start(copy));
  }

  /**
   * A streaming replica of the cluster {@code primary} starts ({@link PostgresCluster#startReplica()}).
   *
   * @param primary the extension of the cluster to replicate, registered in the same class; its
   *     cluster is started first when it is not running yet. Either may be closed first: the
   *     replica drops its slot only while the primary still runs
   * @return an extension that starts the replica before the class and removes it after; the class
   *     is skipped (or fails, under {@code CI=true}) when {@link PostgresCluster#missingPrerequisite()}
   *     reports something
   * @throws NullPointerException when {@code primary} is null
   */
  public static ServerExtension<PostgresReplica> replicaOf(ServerExtension<PostgresCluster> primary) {
    Objects.requireNonNull(primary, "primary");
    return of(PostgresCluster::missingPrerequisite, () -> primary.get().startReplica());
  }

  /**
   * A PgBouncer built by {@code builder} in front of the server {@code backend} starts.
   *
   * @param builder describes the PgBouncer; read when it starts, so changes made to it until then
   *     apply
   * @param backend the extension of the server PgBouncer forwards to, registered in the same
   *     class; its server is started first when it is not running yet
   * @return an extension that starts PgBouncer before the class and stops it after; the class is
   *     skipped (or fails, under {@code CI=true}) when {@link PgBouncer#missingPrerequisite()} reports
   *     something
   * @throws NullPointerException when either argument is null
   */
  public static ServerExtension<PgBouncer> pgBouncer(
      PgBouncer.Builder builder, ServerExtension<? extends ThrowawayServer> backend) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(backend, "backend");
    return of(PgBouncer::missingPrerequisite, () -> builder.start(backend.get().server()));
  }

  /**
   * The started server, starting it on first call.
   *
   * @return the running server; the same object on every call until it is closed after the class
   * @throws TestAbortedException when this machine lacks what it needs and {@code CI} is not
   *     {@code true}
   * @throws MissingPrerequisiteException when it lacks it and {@code CI} is {@code true}
   */
  public synchronized T get() {
    if (started == null) {
      try {
        started = starter.get();
      } catch (MissingPrerequisiteException e) {
        if (Environment.isCi()) {
          throw new MissingPrerequisiteException(e.getMessage() + " (CI=true: nothing is skipped)");
        }
        throw new TestAbortedException(e.getMessage(), e);
      }
    }
    return started;
  }

  /**
   * The same skip-or-fail rule for a prerequisite a test checks by itself rather than through a
   * registered extension (a client program, a packaged jar): nothing happens when {@code missing}
   * is empty; otherwise the test is skipped with {@code missing} as its reason, which is also printed
   * on the build's console as for a skipped class, or, when {@code CI} is {@code true}, it fails.
   *
   * @param test the skipped test as the console line names it, for example {@code
   *     "ExportTest.exportedFilesApply"}
   * @param missing empty when this machine has what the test needs; otherwise what is missing,
   *     where it was looked for and how to get it
   * @throws TestAbortedException when something is missing and {@code CI} is not {@code true}
   * @throws MissingPrerequisiteException when something is missing and {@code CI} is {@code true}
   * @throws NullPointerException when either argument is null
   */
  public static void assumePrerequisite(String test, Optional<String> missing) {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(missing, "missing");
    if (missing.isEmpty()) {
      return;
    }
    if (Environment.isCi()) {
      throw new MissingPrerequisiteException(missing.get() + " (CI=true: nothing is skipped)");
    }
    Console.skipped(test, missing.get());
    throw new TestAbortedException(missing.get());
  }

  /** Skips the class (and says why) when this machine lacks what the server needs, unless {@code CI=true}. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (Environment.isCi()) {
      return ConditionEvaluationResult.enabled("CI=true: nothing is skipped");
    }
    Optional<String> missing = missingPrerequisite.get();
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("prerequisites present");
    }
    if (context.getTestMethod().isEmpty()) {
      Console.skipped(context.getRequiredTestClass().getName(), missing.get());
    }
    return ConditionEvaluationResult.disabled(missing.get());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    get();
    scheduleClose(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    scheduleClose(context);
  }

  /**
   * Closes the server when the class's extension context closes, which is after every extension's
   * {@code afterAll}: a database on it is dropped before the server goes, whatever the order in
   * which the extensions were registered.
   */
  private synchronized void scheduleClose(ExtensionContext context) {
    if (started != null && !closeScheduled) {
      closeScheduled = true;
      context.getStore(NAMESPACE).put(this, (AutoCloseable) this::closeStarted);
    }
  }

  private synchronized void closeStarted() throws Exception {
    T current = started;
    started = null;
    closeScheduled = false;
    if (current != null) {
      current.close();
    }
  }

  /** Reads the environment the way the kit's skip-or-fail rule needs. */
  static final class Environment {

    /** Set by the kit's own tests to see both sides of the rule; null reads {@code CI}. */
    static volatile Boolean ciForTests;

    private Environment() {}

    static boolean isCi() {
      Boolean forced = ciForTests;
      return forced != null ? forced : "true".equalsIgnoreCase(System.getenv("CI"));
    }
  }

  /**
   * Writes to the process's own standard error: build tools capture {@code System.err} of tests
   * into report files, and a skip reason belongs on the console.
   */
  static final class Console {

    /** Replaced by the kit's own tests, which check what is printed. */
    static volatile PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private Console() {}

    static void skipped(String className, String reason) {
      out.println("[inrvo-data-testing] SKIPPED " + className + ": " + reason);
    }
  }

  /** For messages: which server a class holds. */
  @Override
  public synchronized String toString() {
    return "ServerExtension[" + (started == null ? "not started" : started.toString()) + "]";
  }
}
