package io.inrvo.data;

import io.inrvo.data.internal.DefaultInrvo;
import io.inrvo.data.internal.ReadinessProbe;
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
 * transaction, so the library is safe behind PgBouncer/Supavisor in transaction mode (add {@code
 * prepareThreshold=0} to such a URL) and leaves nothing on pooled connections.
 *
 * <p>Instances are immutable and thread-safe; create one per data source and share it.
 */
public interface Inrvo {

  /**
   * An instance with default {@link InrvoOptions}.
   *
   * @param dataSource the (pooled) data source every session borrows connections from
   * @return an instance with the default options
   */
  static Inrvo create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * A builder for an instance with custom options.
   *
   * @param dataSource the (pooled) data source every session borrows connections from
   * @return a builder starting from the defaults described on {@link InrvoOptions}
   */
  static InrvoOptions.Builder builder(DataSource dataSource) {
    return InrvoOptions.builder(dataSource);
  }

  /**
   * Creates an instance from complete options; used by {@link InrvoOptions.Builder#build()}.
   *
   * @param options the options, data source included
   * @return an instance with those options
   */
  static Inrvo create(InrvoOptions options) {
    return DefaultInrvo.create(options);
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
   * ({@value Readiness#SCHEMA}). One cheap query (2 s timeout; borrowing the connection waits at
   * most the pool's connection timeout), no side effects, never throws: a failure is a check that
   * is not ok, with what to do in its detail.
   *
   * @return the checks, ready when all are ok
   */
  default Readiness ready() {
    return ReadinessProbe.check(options().dataSource());
  }

  /**
   * The options this instance was built with.
   *
   * @return the options, as given to the builder
   */
  InrvoOptions options();
}
