package io.inrvo.data.cache;

import io.inrvo.data.Caller;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Identifies one query result for caching and deduplication: who asks ({@link #caller()}), whose
 * rows the result holds ({@link #owner()}), which query ({@link #operation()}) and with which
 * arguments. Two keys are equal only when all four are, so a result never crosses from one
 * caller to another: a key without a caller cannot be built.
 *
 * <p>The owner decides what {@code invalidateUser(userId)} drops. For a {@link Caller.Kind#USER}
 * caller it is always the caller (a user reads only their own rows); an admin or the service role
 * reading one user's rows names that user with {@link #about}; a result mixing many users' rows
 * (an admin list, the shared audio tag catalogue) has no owner and is dropped only by
 * {@code invalidateAll()} or {@code invalidate(key)}.
 *
 * <p>Arguments must be immutable values with value equality (strings, numbers, UUIDs, enums,
 * {@code java.time} values, {@code Optional}s and records of those, such as {@code PageRequest});
 * {@code null} and arrays (identity equality) are rejected. {@link #toString()} shows the scope,
 * the operation and the number of arguments, never their values or the caller's e-mail.
 *
 * @param caller who runs the query: its kind and user id are part of the key
 * @param owner the user whose rows the result holds, or empty for results across users
 * @param operation the query, such as {@code history.page}: 1 to 100 characters of {@code
 *     [A-Za-z0-9_.:-]}
 * @param arguments the query's arguments, in order
 */
public record QueryKey(Caller caller, Optional<UUID> owner, String operation, List<Object> arguments) {

  private static final String OPERATION = "[A-Za-z0-9_.:-]{1,100}";

  /**
   * Checks every rule above.
   *
    * @param caller who runs the query
    * @param owner the user whose rows the result holds; for a user caller, that caller
    * @param operation the query, 1 to 100 characters of {@code [A-Za-z0-9_.:-]}
    * @param arguments the query's arguments, immutable values; copied
   * @throws NullPointerException when a component or an argument is null
   * @throws IllegalArgumentException when the operation is malformed, an argument is an array, or
   *     a user caller names another owner
    */
  public QueryKey {
    Objects.requireNonNull(caller, "caller: a key without a scope cannot be built");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(arguments, "arguments");
    if (!isOperation(operation)) {
      throw new IllegalArgumentException("operation must match " + OPERATION + ", got \"" + operation + "\"");
    }
    if (caller.kind() == Caller.Kind.USER && !owner.equals(caller.userId())) {
      throw new IllegalArgumentException(
          "a user's key is owned by that user: owner " + owner.map(UUID::toString).orElse("<none>")
              + " given for " + caller.scope());
    }
    arguments = List.copyOf(arguments); // rejects null elements
    for (int i = 0; i < arguments.size(); i++) {
      if (arguments.get(i).getClass().isArray()) {
        throw new IllegalArgumentException(
            "argument " + i + " of " + operation + " is an array, which has no value equality: pass a List");
      }
    }
  }

  /**
   * A key for a query about the caller's own rows: the owner is the caller's user (none for the
   * service role).
    *
    * @param caller who runs the query
    * @param operation the query's name
    * @param arguments the query's arguments
    * @return the key
    */
  public static QueryKey of(Caller caller, String operation, Object... arguments) {
    Objects.requireNonNull(caller, "caller: a key without a scope cannot be built");
    return new QueryKey(caller, caller.userId(), operation, Arrays.asList(requireArray(arguments)));
  }

  /**
   * A key for a query by an admin or the service role about one user's rows, such as the TTS
   * worker's voice profile lookup. A change to that user's rows invalidates it.
   *
    * @param caller an admin or the service caller (or a user asking about their own rows)
    * @param owner the user whose rows the result holds
    * @param operation the query's name
    * @param arguments the query's arguments
    * @return the key
   * @throws IllegalArgumentException for a user caller asking about someone else
    */
  public static QueryKey about(Caller caller, UUID owner, String operation, Object... arguments) {
    return new QueryKey(
        caller, Optional.of(Objects.requireNonNull(owner, "owner")), operation,
        Arrays.asList(requireArray(arguments)));
  }

  /**
   * A key for a result that mixes many users' rows (admin lists, the shared catalogue): only
   * {@code invalidateAll()} or {@code invalidate(key)} drop it.
   *
    * @param caller an admin or the service caller
    * @param operation the query's name
    * @param arguments the query's arguments
    * @return the key, without an owner
   * @throws IllegalArgumentException for a user caller, whose keys always have an owner
    */
  public static QueryKey acrossUsers(Caller caller, String operation, Object... arguments) {
    return new QueryKey(caller, Optional.empty(), operation, Arrays.asList(requireArray(arguments)));
  }

  // Checked by hand, not by a regex: keys are built on every cached read, the hit path included.
  private static boolean isOperation(String operation) {
    int length = operation.length();
    if (length < 1 || length > 100) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = operation.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code invalidateUser(userId)} drops this key: its owner is that user.
   *
   * @param userId a user
   * @return whether the key's owner is {@code userId}
   */
  public boolean isOwnedBy(UUID userId) {
    return owner.isPresent() && owner.get().equals(userId);
  }

  @Override
  public String toString() {
    return "QueryKey[" + caller.scope() + " " + operation + "(" + arguments.size() + " args)"
        + owner.map(o -> " owner " + o).orElse("") + "]";
  }

  private static Object[] requireArray(Object[] arguments) {
    return Objects.requireNonNull(arguments, "arguments");
  }
}
