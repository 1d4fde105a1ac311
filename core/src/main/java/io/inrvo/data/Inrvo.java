package io.inrvo.data;

import io.inrvo.data.internal.DefaultInrvo;
import io.inrvo.data.internal.ReadinessProbe;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The entry point: typed access to the INrVO schema through sessions that the database enforces.
 *
 * <pre>{@code
 * Inrvo inrvo = Inrvo.create(dataSource);
 * Session alice = inrvo.asUser(aliceId);
 * Page<MeditationSummary> page = alice.history().page(PageRequest.first(20));
 * }</pre>
 *
 * <p>Every repository call runs in its own transaction, which starts by setting the role ({@code
 * authenticated} or {@code service_role}) and {@code request.jwt.claims} with {@code
 * set_config(..., true)} in one statement, as PostgREST does. The settings end with the
 * transaction, so the library is safe behind PgBouncer/Supavisor in transaction mode and leaves
 * nothing on pooled connections; it runs its own statements unnamed (never as server-side prepared
 * statements), so it needs no {@code prepareThreshold=0} in the URL.
 *
 * <p>Instances are immutable and thread-safe; create one per data source and share it.
 */
public interface Inrvo {

  /**
   * An instance with default {@link InrvoOptions}, after checking the database's schema: one
   * catalog query on one connection (see {@link InrvoOptions.Builder#startupSchemaCheck}).
   *
   * @param dataSource the (pooled) data source every session borrows connections from
   * @return an instance with the default options
   * @throws SchemaMismatchException when the database is not migrated, is at an older or newer
   *     schema version than this library, or lacks an object the library uses: the message names
   *     both versions (or every such object) and the command that migrates
   * @throws InrvoException (a subclass, as for any call) when the database cannot be reached
   * @throws InvalidInputException on field {@code dataSource} when it is null
   */
  static Inrvo create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * A builder for an instance with custom options.
   *
   * @param dataSource the (pooled) data source every session borrows connections from
   * @return a builder starting from the defaults described on {@link InrvoOptions}
   * @throws InvalidInputException on field {@code dataSource} when it is null
   */
  static InrvoOptions.Builder builder(DataSource dataSource) {
    return InrvoOptions.builder(dataSource);
  }

  /**
   * Creates an instance from complete options; used by {@link InrvoOptions.Builder#build()}.
   *
   * @param options the options, data source included
   * @return an instance with those options
   * @throws SchemaMismatchException when {@link InrvoOptions#startupSchemaCheck()} is on and the
   *     database does not have the schema this library expects
   */
  static Inrvo create(InrvoOptions options) {
    return DefaultInrvo.create(io.inrvo.data.internal.Checks.present(options, "options"));
  }

  /**
   * The startup check on its own, for a readiness probe or a deployment step: the database behind
   * {@code dataSource} is at the schema version this library expects and has every table, column
   * and function the library uses with a type it can read. One catalog query on one connection,
   * as the data source's login; changes nothing.
   *
   * @param dataSource the data source to check
   * @throws SchemaMismatchException when the database is not migrated, is at an older or newer
   *     schema version than this library, or lacks an object the library uses: the message names
   *     both versions (or every such object) and the command that migrates
   * @throws MisconfigurationException when the login may not read the schema history
   * @throws InrvoException (a subclass, as for any call) when the database cannot be reached
   */
  static void checkSchema(DataSource dataSource) {
    io.inrvo.data.internal.SchemaGuard.verify(io.inrvo.data.internal.Checks.present(dataSource, "dataSource"));
  }

  /**
   * Rotates the keys that sign keyset cursors ({@code inrvo_meta.cursor_signing_keys}): adds a new
   * key, which every instance signs with once it has loaded it (when created, at a cursor of the new
   * key, or at most a minute later), and keeps accepting cursors of the older keys until {@code
   * grace} has passed; after that they are refused with {@link InvalidInputException} on field
   * {@code cursor} (the client starts again from the first page). Give a grace of at least a few
   * minutes, longer than a client keeps a cursor; {@link java.time.Duration#ZERO} ends the older
   * keys at once, for a key that leaked. Runs as {@code service_role}.
   *
   * @param dataSource the database whose keys to rotate
   * @param grace how long cursors signed with the current keys stay accepted; not negative
   * @throws InvalidInputException on field {@code grace} when it is negative
   */
  static void rotateCursorSigningKey(DataSource dataSource, java.time.Duration grace) {
    io.inrvo.data.internal.Checks.present(dataSource, "dataSource");
    if (grace == null || grace.isNegative()) {
      throw new InvalidInputException("grace", "must be present and not negative");
    }
    io.inrvo.data.internal.CursorKeyRotation.rotate(dataSource, grace);
  }

  /**
   * A session for one end user; RLS limits it to that user's rows.
   *
   * @param userId the end user's id ({@code auth.uid()} in SQL)
   * @return a session acting for that user
   */
  default Session asUser(UUID userId) {
    return session(Caller.user(userId));
  }

  /**
   * A session for a user who claims to be an admin. The claim is not trusted: every admin call
   * asks the database's {@code is_admin()} first and fails with {@link AccessDeniedException} when
   * it says no. Non-admin calls behave as for {@link #asUser(UUID)}.
    *
    * @param adminUserId the id of the user who claims to be an admin
    * @return a session acting for that user, whose admin calls the database confirms
    */
  default Session asAdmin(UUID adminUserId) {
    return session(Caller.admin(adminUserId));
  }

  /**
   * A session with the {@code service_role}, which bypasses RLS, for back-office jobs.
   *
   * @return a session with the {@code service_role}
   */
  default Session asService() {
    return session(Caller.service());
  }

  /**
   * A session for any caller.
   *
   * @param caller who the session acts for
   * @return a session acting for {@code caller}
   */
  Session session(Caller caller);

  /**
   * Whether this instance can serve calls now, for a readiness probe: the database answers
   * ({@value Readiness#DATABASE}) and its schema is at the version this library expects, or later
   * ({@value Readiness#SCHEMA}); with read replicas, reads can be served ({@value
   * Readiness#READ_REPLICAS}: always ok, since reads fail over to the primary; its detail says how
   * many replicas are in rotation, each one's state and lag). One cheap query (2 s timeout; borrowing the connection waits at
   * most the pool's connection timeout), no side effects, never throws: a failure is a check that
   * is not ok, with what to do in its detail.
   *
   * @return the checks, ready when all are ok
   */
  default Readiness ready() {
    return ReadinessProbe.withReplicas(ReadinessProbe.check(options().dataSource()), replicas());
  }

  /**
   * The read replicas' state: which serve reads, how far behind each is, how many reads each
   * served and how many calls failed over from it to the primary.
   *
   * @return one status per replica of {@link InrvoOptions#readReplicas()}, in that order; empty
   *     without replicas
   */
  List<ReplicaStatus> replicas();

  /**
   * The options this instance was built with.
   *
   * @return the options, as given to the builder
   */
  InrvoOptions options();
}
