package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether an instance can serve calls now, for a readiness probe ({@link Inrvo#ready()}): ready
 * when every check is ok. Each check names what it looked at and says, in its detail, what it
 * found or what to do; no detail carries a user's data.
 *
 * <pre>{@code
 * Readiness r = inrvo.ready();
 * response.setStatus(r.httpStatus());   // 200 when ready, 503 when not
 * }</pre>
 *
 * @param ready true exactly when every check is ok
 * @param checks what was checked, in order
 */
public record Readiness(boolean ready, List<Check> checks) {

  /** The check that the database answers a query (within a short timeout). */
  public static final String DATABASE = "database";
  /** The check that the database's schema is at the version this library expects, or later. */
  public static final String SCHEMA = "schema";
  /**
   * The check that reads can be served, present only when read replicas are configured: ok while
   * the primary serves reads a replica cannot (reads fail over), so a replica out of rotation does
   * not make an instance unready; the detail says how many replicas are in rotation, and each
   * one's name, state and lag.
   */
  public static final String READ_REPLICAS = "read-replicas";
  /** The check that a caching instance's invalidation listener hears other writers (cache module). */
  public static final String INVALIDATION_LISTENER = "invalidation-listener";

  /**
   * Copies the checks; {@code ready} must agree with them.
   *
   * @param ready whether every check is ok
   * @param checks the checks
   * @throws InvalidInputException when {@code ready} disagrees with the checks, or a value is null
   */
  public Readiness {
    checks = Checks.list(checks, "checks");
    if (ready != checks.stream().allMatch(Check::ok)) {
      throw new InvalidInputException("ready", "must be true exactly when every check is ok: " + checks);
    }
  }

  /**
   * The readiness of these checks.
   *
   * @param checks what was checked
   * @return ready when every check is ok
   */
  public static Readiness of(List<Check> checks) {
    List<Check> given = Checks.list(checks, "checks");
    return new Readiness(given.stream().allMatch(Check::ok), given);
  }

  /**
   * These checks and one more.
   *
   * @param check the check to add
   * @return a readiness with {@code check} last
   */
  public Readiness with(Check check) {
    List<Check> all = new ArrayList<>(checks);
    all.add(Checks.present(check, "check"));
    return of(all);
  }

  /**
   * The check of that name.
   *
   * @param name a check's name ({@link #DATABASE}, {@link #SCHEMA}, ...)
   * @return the check; empty when none has that name
   */
  public Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The HTTP status a readiness probe answers with.
   *
   * @return 200 when ready, 503 (Service Unavailable) when not
   */
  public int httpStatus() {
    return ready ? 200 : 503;
  }

  /**
   * One thing a readiness check looked at.
   *
   * @param name what was checked ({@link #DATABASE}, {@link #SCHEMA}, {@link #READ_REPLICAS}, {@link
     *     #INVALIDATION_LISTENER})
   * @param ok whether it is as it must be
   * @param detail what was found, or what to do when not ok
   */
  public record Check(String name, boolean ok, String detail) {

    /**
     * No argument may be null.
     *
     * @param name what was checked
     * @param ok whether it is as it must be
     * @param detail what was found or what to do
     */
    public Check {
      Checks.present(name, "name");
      Checks.present(detail, "detail");
    }
  }
}
