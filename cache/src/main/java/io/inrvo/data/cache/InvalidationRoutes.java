package io.inrvo.data.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The usual {@link InvalidationHandler}: says which {@link QueryCache}s hold data from which
 * table, and invalidates them on each change.
 *
 * <pre>{@code
 * InvalidationRoutes routes = InvalidationRoutes.builder()
 *     .perUser("meditation_history", history)      // keys owned by the changed user
 *     .acrossUsers("meditation_history", adminList) // results that mix users' rows
 *     .acrossUsers("audio_tag_presets", presets)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>A change to one user's rows of a table calls {@code invalidateUser(user)} on the table's
 *       per-user caches and {@code invalidateAll()} on its across-users caches.
 *   <li>A whole-table change calls {@code invalidateAll()} on both.
 *   <li>{@link #flushAll} calls {@code invalidateAll()} on every cache named here.
 *   <li>Changes to tables not named here are ignored.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class InvalidationRoutes implements InvalidationHandler {

  private final Map<String, List<QueryCache<?>>> perUser;
  private final Map<String, List<QueryCache<?>>> acrossUsers;
  private final List<QueryCache<?>> every;

  private InvalidationRoutes(Builder builder) {
    this.perUser = copy(builder.perUser);
    this.acrossUsers = copy(builder.acrossUsers);
    Set<QueryCache<?>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    builder.perUser.values().forEach(distinct::addAll);
    builder.acrossUsers.values().forEach(distinct::addAll);
    this.every = List.copyOf(distinct);
  }

  /**
   * An empty builder.
   *
   * @return a builder without routes
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void changed(TableChange change) {
    Objects.requireNonNull(change, "change");
    for (QueryCache<?> cache : perUser.getOrDefault(change.table(), List.of())) {
      change.userId().ifPresentOrElse(cache::invalidateUser, cache::invalidateAll);
    }
    for (QueryCache<?> cache : acrossUsers.getOrDefault(change.table(), List.of())) {
      cache.invalidateAll();
    }
  }

  @Override
  public void flushAll(FlushReason reason) {
    Objects.requireNonNull(reason, "reason");
    every.forEach(QueryCache::invalidateAll);
  }

  private static Map<String, List<QueryCache<?>>> copy(Map<String, List<QueryCache<?>>> routes) {
    Map<String, List<QueryCache<?>>> copy = new LinkedHashMap<>();
    routes.forEach((table, caches) -> copy.put(table, List.copyOf(caches)));
    return Map.copyOf(copy);
  }

  /** Collects routes. Not thread-safe. */
  public static final class Builder {

    private final Map<String, List<QueryCache<?>>> perUser = new LinkedHashMap<>();
    private final Map<String, List<QueryCache<?>>> acrossUsers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Caches whose keys have owners ({@link QueryKey#of}, {@link QueryKey#about}) and hold rows
     * of {@code table}: a change drops only the changed user's keys.
     *
      * @param table the table, a lowercase SQL identifier
      * @param caches the caches to drop the changed user's keys from
      * @return this builder
     * @throws IllegalArgumentException when the table is not a lowercase SQL identifier
      */
    public Builder perUser(String table, QueryCache<?>... caches) {
      add(perUser, table, caches);
      return this;
    }

    /**
     * Caches holding results that mix users' rows of {@code table} (admin lists, the shared
     * catalogue): any change to the table drops all their entries.
     *
      * @param table the table, a lowercase SQL identifier
      * @param caches the caches to empty on any change to the table
      * @return this builder
     * @throws IllegalArgumentException when the table is not a lowercase SQL identifier
      */
    public Builder acrossUsers(String table, QueryCache<?>... caches) {
      add(acrossUsers, table, caches);
      return this;
    }

    /**
     * The handler.
     *
     * @return the handler, with a copy of the routes
     */
    public InvalidationRoutes build() {
      return new InvalidationRoutes(this);
    }

    private static void add(Map<String, List<QueryCache<?>>> routes, String table, QueryCache<?>[] caches) {
      String checked = TableChange.wholeTable(Objects.requireNonNull(table, "table")).table();
      for (QueryCache<?> cache : Objects.requireNonNull(caches, "caches")) {
        routes.computeIfAbsent(checked, t -> new ArrayList<>()).add(Objects.requireNonNull(cache, "cache"));
      }
    }
  }
}
