package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import java.util.Optional;
import java.util.UUID;

/**
 * Who a {@link Session} acts for. It decides the database role and JWT claims set at the start of
 * every transaction, and it is part of every cache and deduplication key, so that no result ever
 * crosses from one caller to another.
 *
 * @param kind user, admin or service
 * @param userId the user's id ({@code auth.uid()}); empty only for {@link Kind#SERVICE}
 * @param email the {@code email} claim, when the application knows it
 */
public record Caller(Kind kind, Optional<UUID> userId, Optional<String> email) {

  /** The three kinds of caller. */
  public enum Kind {
    /** An end user: role {@code authenticated}, RLS limits every statement to their rows. */
    USER,
    /**
     * A user who claims to be an admin: role {@code authenticated} like any user; the database's
     * {@code is_admin()} decides on every admin call whether the claim holds.
     */
    ADMIN,
    /** A back-office job: role {@code service_role}, which bypasses RLS. No user id. */
    SERVICE
  }

  /** Longest e-mail claim accepted (RFC 5321's path limit is 256; 320 leaves room). */
  public static final int MAX_EMAIL = 320;

  /**
   * Checks that users and admins have an id and services have none, and that an e-mail claim is
   * text the database can hold: not blank, at most {@value #MAX_EMAIL} characters, no NUL or
   * unpaired surrogate, so every call of the session can set it.
   *
   * @param kind user, admin or service
   * @param userId the user's id: present for a user or an admin, empty for the service
   * @param email the {@code email} claim, if known
   */
  public Caller {
    Checks.present(kind, "kind");
    Checks.present(userId, "userId");
    Checks.optionalText(email, "email", MAX_EMAIL);
    if (kind == Kind.SERVICE ? userId.isPresent() : userId.isEmpty()) {
      throw new InvalidInputException("userId", "must be " + (kind == Kind.SERVICE ? "empty" : "present")
          + " for kind " + kind);
    }
  }

  /**
   * An end user.
   *
   * @param userId the user's id ({@code auth.uid()} in SQL)
   * @return a user caller without an e-mail claim
   */
  public static Caller user(UUID userId) {
    return new Caller(Kind.USER, Optional.of(Checks.present(userId, "userId")), Optional.empty());
  }

  /**
   * An end user with a known e-mail address (exposed to SQL as {@code auth.email()}).
   *
   * @param userId the user's id ({@code auth.uid()} in SQL)
   * @param email the e-mail address, exposed to SQL as {@code auth.email()}
   * @return a user caller with that e-mail claim
   */
  public static Caller user(UUID userId, String email) {
    return new Caller(
        Kind.USER, Optional.of(Checks.present(userId, "userId")),
        Optional.of(Checks.present(email, "email")));
  }

  /**
   * A user acting as admin; the database verifies it.
   *
   * @param userId the id of the user who claims to be an admin
   * @return an admin caller, to be confirmed by the database on every admin call
   */
  public static Caller admin(UUID userId) {
    return new Caller(Kind.ADMIN, Optional.of(Checks.present(userId, "userId")), Optional.empty());
  }

  /**
   * The service role.
   *
   * @return the service caller, which has no user id
   */
  public static Caller service() {
    return new Caller(Kind.SERVICE, Optional.empty(), Optional.empty());
  }

  /**
   * The user id, for calls that only make sense for a user.
   *
    * @return the id of the user this caller acts for
   * @throws NotAuthenticatedException for the service caller, which has no user
    */
  public UUID requireUserId() {
    return userId.orElseThrow(() -> new NotAuthenticatedException(
        "this call acts for one user; a service session has none: use Inrvo.asUser(userId)"));
  }

  /**
   * The database role this caller runs as: {@code authenticated} or {@code service_role}.
   *
   * @return {@code authenticated} for users and admins, {@code service_role} for the service
   */
  public String databaseRole() {
    return kind == Kind.SERVICE ? "service_role" : "authenticated";
  }

  /**
   * A stable text form for keys and logs: {@code user:<id>}, {@code admin:<id>} or {@code service}.
    *
    * @return the caller's kind and, for users and admins, their id
    */
  public String scope() {
    return switch (kind) {
      case USER -> "user:" + userId.orElseThrow();
      case ADMIN -> "admin:" + userId.orElseThrow();
      case SERVICE -> "service";
    };
  }
}
