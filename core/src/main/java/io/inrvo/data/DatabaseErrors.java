package io.inrvo.data;

import io.inrvo.data.internal.ServerFailure;
import java.sql.SQLException;

/**
 * Translates database failures into the library's exceptions, as every repository call does: for
 * code that reaches the database beside the library (plain JDBC or jOOQ on the same data source)
 * and should fail the same way.
 *
 * <p>One situation gives one class, whatever reported it: the driver (pgjdbc), the pool (a {@link
 * java.sql.SQLTransientConnectionException} from HikariCP, with or without an SQLSTATE) or the
 * server. The class follows the SQLSTATE, and where one SQLSTATE covers situations for different
 * people, the server's fields that tell them apart: a {@code 28000} raised by a database function
 * is a missing user ({@link NotAuthenticatedException}), at login it is the data source's
 * credentials ({@link MisconfigurationException}); a {@code 42501} while switching to the
 * library's role is the login's grants, elsewhere the caller's; a {@code 23503} on a {@code
 * user_id} foreign key is a user without a profile row ({@link NotSignedUpException}). {@link
 * InrvoException} lists the classes; the project's README has the full table.
 *
 * <p>The message quotes the server's primary message and SQLSTATE and says what to do; it never
 * quotes the server's DETAIL, which can carry other rows' values. The cause is the driver's
 * exception without its DETAIL, HINT, WHERE and internal query (see {@link InrvoException}).
 */
public final class DatabaseErrors {

  private static final String MIGRATE = "migrate the database with InrvoSchema.migrate(dataSource) (or run the "
      + "migrations shipped in the library's jar) and deploy the library version that matches it";

  private DatabaseErrors() {}

  /**
   * The library's exception for {@code failure}.
   *
   * @param failure what JDBC, jOOQ or the pool threw: an {@link SQLException} anywhere in its cause
   *     chain (jOOQ wraps it in a {@code DataAccessException}) is translated by its SQLSTATE
   * @return the translated exception; an {@link InrvoException} and any other unchecked exception
   *     (a programming error) are returned unchanged; any other checked exception comes back as an
   *     unclassified {@link InrvoException} with {@code failure} as its cause
   */
  public static RuntimeException translate(Throwable failure) {
    if (failure instanceof InrvoException e) {
      return e;
    }
    SQLException sql = findSqlException(failure);
    if (sql == null) {
      return failure instanceof RuntimeException r ? r : new InrvoException("unexpected failure: " + failure
          + "; not a database error the library knows: see the cause", null, failure);
    }
    return translate(ServerFailure.of(sql));
  }

  private static InrvoException translate(ServerFailure f) {
    if (f.poolTimeout()) {
      return poolTimeout(f);
    }
    InrvoException operator = operator(f);
    if (operator != null) {
      return operator;
    }
    String said = f.said();
    if (f.is("28")) {
      return new NotAuthenticatedException("not authenticated: " + said + "; the call needs a signed-in user: "
          + "run it on a user session (Inrvo.asUser)", f.state(), f.cause());
    }
    if (f.is("42501")) {
      return new AccessDeniedException("access denied: " + said + "; the caller may not read or change this "
          + "(a missing grant or a row-level security policy)", f.state(), f.cause());
    }
    if (f.is("P0002")) {
      return new NotFoundException("not found: " + said + "; the row does not exist or is not the caller's",
          f.state(), f.cause());
    }
    if (f.is("22", "23502", "23514")) {
      return new InvalidInputException(f.field(), said, f.state(), f.cause());
    }
    if (f.is("23503") && f.userReference()) {
      return new NotSignedUpException("the user has no profile row (public.users): " + said + "; create it when "
          + "the user signs up, before saving anything for them; retrying will not help", f.state(), f.cause());
    }
    return application(f);
  }

  private static InrvoException application(ServerFailure f) {
    String said = f.said();
    String advice;
    if (f.is("23505")) {
      advice = "a row with this key exists already: use another key, or read the existing row instead of "
          + "creating it; retrying will not help";
    } else if (f.is("23503")) {
      advice = "the row refers to a row that does not exist (or was just deleted): check the referenced id; "
          + "retrying will not help";
    } else if (f.is("40001", "40P01")) {
      advice = "another transaction changed the same data at the same time: run the whole transaction again";
    } else if (f.is("55P03")) {
      advice = "another transaction holds a lock this call needs and the wait timed out (lock_timeout or "
          + "NOWAIT): retry later";
    } else {
      return new InrvoException("database error: " + said + "; not a situation the library classifies: if the "
          + "statement is your own, correct it; otherwise report it with the SQLSTATE", emptyToNull(f.state()),
          f.cause());
    }
    return new ConflictException("conflict: " + said + "; " + advice, f.state(), f.cause());
  }

  /** The operator's situations, or null when it is none of them. */
  private static InrvoException operator(ServerFailure f) {
    String said = f.said();
    if (f.roleSwitch()) {
      return f.is("42501")
          ? new MisconfigurationException("the data source's login may not switch to the library's role: " + said
              + "; grant the roles to the login (grant anon, authenticated, service_role to <login>) or connect "
              + "as a login that has them (on Supabase: postgres)", f.state(), f.cause())
          : new SchemaMismatchException("the library's role is missing: " + said + "; the database is not "
              + "migrated for this library: " + MIGRATE + " (on plain PostgreSQL it creates the roles)",
              f.state(), f.cause());
    }
    if (f.is("28") && !f.raisedByFunction() || f.is("08004")) {
      return new MisconfigurationException("the database refused the data source's login: " + said + "; check "
          + "the user name and password of the data source (and pg_hba.conf). This is the application's "
          + "database login, not the end user's", f.state(), f.cause());
    }
    if (f.is("3D000")) {
      return new MisconfigurationException("the database does not exist: " + said + "; check the database name "
          + "in the data source's URL", f.state(), f.cause());
    }
    if (f.poolerWait()) {
      return new UnavailableException("the connection pooler gave no server connection in time: " + said + "; its "
          + "pool is exhausted or it cannot reach the server: retry later; if it persists, check the server and "
          + "the pooler's pool size", f.state(), f.cause());
    }
    if (f.is("08P01", "26000", "42P05")) {
      return new MisconfigurationException("the connection broke the PostgreSQL protocol: " + said + "; typically "
          + "a connection pooler in transaction mode (PgBouncer, Supavisor on port 6543) sharing server sessions "
          + "or refusing a startup parameter: connect directly or in session mode, or add prepareThreshold=0 to "
          + "the URL for the application's own statements (the library's need none) and check the pooler's "
          + "ignore_startup_parameters; retrying will not help", f.state(),
          f.cause());
    }
    if (f.is("25006")) {
      return new MisconfigurationException("the transaction is read-only: " + said + "; the data source points at "
          + "a standby or a read-only server (connect to the primary, e.g. targetServerType=primary), "
          + "default_transaction_read_only is on, or your own code wrote in a transaction it declared read-only",
          f.state(), f.cause());
    }
    if (f.is("42P01", "42703", "42883", "42704", "3F000")) {
      return new SchemaMismatchException("the database schema does not match this library: " + said + "; "
          + MIGRATE + ". If the statement is your own, check its names", f.state(), f.cause());
    }
    if (f.is("57014")) {
      return new StatementTimeoutException("the statement ran past the statement timeout and was cancelled: "
          + said + "; retry when the server is less busy; if it keeps failing, find why it is slow (a missing "
          + "index, a lock held by another transaction) or raise InrvoOptions.statementTimeout for work that "
          + "takes longer", f.state(), f.cause());
    }
    return unavailable(f);
  }

  private static InrvoException unavailable(ServerFailure f) {
    String said = f.said();
    String situation;
    if (f.is("08001")) {
      situation = "cannot connect to the database: " + said + "; retry later; if it persists, check that the "
          + "server runs and that the URL's host and port are right";
    } else if (f.is("08")) {
      situation = "lost the connection to the database: " + said + "; retry; if it persists, check the server "
          + "and the network";
    } else if (f.is("57P01", "57P02")) {
      situation = "the server ended the session: " + said + "; it is shutting down or restarting, or an "
          + "administrator ended the session: retry once it is back";
    } else if (f.is("57P03")) {
      situation = "the server accepts no connections right now: " + said + "; it is starting up, shutting down "
          + "or in recovery: retry later";
    } else if (f.is("53")) {
      situation = "the server is out of resources: " + said + "; retry later; an operator frees them (for too "
          + "many connections: fewer or smaller pools, a pooler, or a higher max_connections)";
    } else {
      return null;
    }
    return new UnavailableException(situation, f.state(), f.cause());
  }

  /** The pool gave no connection in time: exhausted, or unable to open one for a reason its cause tells. */
  private static InrvoException poolTimeout(ServerFailure f) {
    SQLException cause = f.cause().getCause() instanceof SQLException c ? c : f.cause().getNextException();
    if (cause != null) {
      InrvoException behind = translate(ServerFailure.of(cause));
      if (behind.whoMustAct() == WhoMustAct.OPERATOR && !behind.isRetryable()) {
        return behind; // a wrong password or database name: the pool timing out is only the symptom
      }
      return new UnavailableException("no database connection within the pool's timeout (" + f.message()
          + "): the pool could not open one: " + behind.getMessage(), emptyToNull(f.state()), f.cause());
    }
    return new UnavailableException("no database connection within the pool's timeout (" + f.message() + "): "
        + "every connection of the pool is in use; retry later; if it persists, raise the pool's maximum size "
        + "or find what holds connections (long transactions, a connection that is never closed)",
        emptyToNull(f.state()), f.cause());
  }

  private static String emptyToNull(String state) {
    return state.isEmpty() ? null : state;
  }

  private static SQLException findSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
