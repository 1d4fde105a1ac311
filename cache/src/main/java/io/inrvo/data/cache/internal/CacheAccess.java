package io.inrvo.data.cache.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.ConsistencyToken;
import io.inrvo.data.SurroundingTransaction;
import io.inrvo.data.cache.QueryKey;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How one session's repositories use the caches: read through them and invalidate after writes,
 * or, for a session inside {@code inTransaction}, read around them and invalidate both at once and
 * again when the transaction has ended.
 *
 * <p>Why twice in a transaction: the write is not committed when it returns, so a concurrent
 * reader may still load the committed-before value and cache it after the first invalidation;
 * the second, after commit, drops it. The first makes a stale entry that was cached before the
 * transaction go as early as possible; both are harmless.
 *
 * <p>The same holds inside a transaction the application opened ({@link SurroundingTransaction},
 * e.g. Spring's {@code @Transactional}): reads go around the caches (they must neither miss the
 * transaction's own writes nor cache what it has not committed, and may never commit), and writes
 * invalidate at once and again when that transaction has ended.
 *
 * <p>A session given a consistency token ({@code withConsistency}) reads around the caches until
 * the listener has caught up past the token, so that the token's write has reached them: the token
 * may stand for another instance's write, and an entry loaded here before it would not show it.
 * Then it reads through them, but never joins another caller's load, which may have read a
 * replica behind the token. Its own writes need no such wait: they invalidate here when they
 * return.
 */
final class CacheAccess {

  private final CacheSet caches;
  private final Caller caller;
  /** The writing session's consistency position: the fence of its invalidations against replica reads. */
  private final Supplier<Optional<ConsistencyToken>> written;
  /** Invalidations to run again after the transaction; null outside a transaction. */
  private final Queue<Consumer<CacheSet>> afterTransaction;
  /** Reports the application's own open transaction, which the delegate's calls join. */
  private final SurroundingTransaction surrounding;
  /**
   * The position of the tokens this session was given ({@code withConsistency}), -1 without: their
   * writes may come from another instance, whose invalidations only the listener brings.
   */
  private final long given;

  private CacheAccess(CacheSet caches, Caller caller, Supplier<Optional<ConsistencyToken>> written,
      Queue<Consumer<CacheSet>> afterTransaction, SurroundingTransaction surrounding, long given) {
    this.caches = caches;
    this.caller = caller;
    this.written = written;
    this.afterTransaction = afterTransaction;
    this.surrounding = surrounding;
    this.given = given;
  }

  /**
   * Access for a session outside the library's transactions (maybe inside the application's);
   * {@code written} is that session's {@code consistencyToken}, read after each write.
   */
  static CacheAccess direct(CacheSet caches, Caller caller, Supplier<Optional<ConsistencyToken>> written,
      SurroundingTransaction surrounding) {
    return new CacheAccess(Objects.requireNonNull(caches, "caches"), Objects.requireNonNull(caller, "caller"),
        Objects.requireNonNull(written, "written"), null, Objects.requireNonNull(surrounding, "surrounding"), -1);
  }

  /** Access for the session of a new transaction of this caller. */
  CacheAccess forTransaction() {
    return new CacheAccess(caches, caller, written, new ConcurrentLinkedQueue<>(), surrounding, given);
  }

  /**
   * This access for the session of the same caller given {@code token}: {@code sessionWritten} is
   * that session's {@code consistencyToken}. Its reads go around the caches until the listener has
   * caught up past the token.
   */
  CacheAccess forSession(Supplier<Optional<ConsistencyToken>> sessionWritten, ConsistencyToken token) {
    return new CacheAccess(caches, caller, sessionWritten, afterTransaction, surrounding,
        Math.max(given, token.walPosition()));
  }

  /** Whether calls run in a transaction now (the library's or the application's): reads go around the caches. */
  boolean inTransaction() {
    return inLibraryTransaction() || surrounding.current().isPresent();
  }

  /** Whether this is the session of a {@code Session.inTransaction}. */
  boolean inLibraryTransaction() {
    return afterTransaction != null;
  }

  Caller caller() {
    return caller;
  }

  CacheSet caches() {
    return caches;
  }

  /** Runs the invalidations queued by this transaction's writes; call when it has ended. */
  void transactionEnded() {
    for (Consumer<CacheSet> invalidation; (invalidation = afterTransaction.poll()) != null; ) {
      fenced(invalidation);
    }
  }

  /**
   * A read of the caller's own rows: through {@code cache} under {@code QueryKey.of(caller,
   * operation, arguments)}; straight to {@code load} inside a transaction, for a caller without a
   * user (the repository rejects it), or when an argument is null (the repository rejects it).
   */
  <V> V own(FencedQueryCache<Object> cache, String operation, Supplier<? extends V> load, Object... arguments) {
    if (inTransaction() || caller.userId().isEmpty() || hasNull(arguments)) {
      return load.get();
    }
    return read(cache, QueryKey.of(caller, operation, arguments), load);
  }

  /**
   * A read of rows owned by {@code owner}, which the caller may be allowed to see (the service
   * role's voice lookup): keyed with {@code QueryKey.about}, so that a change to the owner's rows
   * drops it. A user asking about someone else goes straight to {@code load}, which refuses.
   */
  <V> V about(FencedQueryCache<Object> cache, UUID owner, String operation, Supplier<? extends V> load, Object... arguments) {
    boolean foreign = caller.kind() == Caller.Kind.USER && !caller.userId().orElseThrow().equals(owner);
    if (inTransaction() || owner == null || foreign || hasNull(arguments)) {
      return load.get();
    }
    return read(cache, QueryKey.about(caller, owner, operation, arguments), load);
  }

  /**
   * A read of a result that is the same whoever owns the rows (the preset catalogue) or mixes
   * users' rows (admin lists): keyed by the caller alone, {@code QueryKey.of} for a user (whose
   * keys always name them) and {@code QueryKey.acrossUsers} for an admin or the service role.
   */
  <V> V shared(FencedQueryCache<Object> cache, String operation, Supplier<? extends V> load, Object... arguments) {
    if (inTransaction() || hasNull(arguments)) {
      return load.get();
    }
    QueryKey key = caller.kind() == Caller.Kind.USER
        ? QueryKey.of(caller, operation, arguments)
        : QueryKey.acrossUsers(caller, operation, arguments);
    return read(cache, key, load);
  }

  /**
   * A write: runs it, then (also when it throws: it may have committed) applies {@code
   * invalidation} for the caller's user. A caller without a user cannot write its own rows, so
   * there is nothing to invalidate.
   */
  <T> T write(Supplier<T> work, BiConsumer<CacheSet, UUID> invalidation) {
    try {
      return work.get();
    } finally {
      caller.userId().ifPresent(user -> invalidate(caches -> invalidation.accept(caches, user)));
    }
  }

  /** {@link #write} for work without a result. */
  void run(Runnable work, BiConsumer<CacheSet, UUID> invalidation) {
    write(() -> {
      work.run();
      return null;
    }, invalidation);
  }

  private void invalidate(Consumer<CacheSet> invalidation) {
    fenced(invalidation);
    if (afterTransaction != null) {
      afterTransaction.add(invalidation);
    }
    surrounding.current().ifPresent(open -> open.afterCompletion(() -> invalidation.accept(caches)));
  }

  /** Runs {@code invalidation}, fenced at the session's consistency position when it has one (replicas). */
  private void fenced(Consumer<CacheSet> invalidation) {
    Optional<ConsistencyToken> position = written.get();
    if (position.isPresent()) {
      ReplicaFence.at(position.get().walPosition(), () -> invalidation.accept(caches));
    } else {
      invalidation.accept(caches);
    }
  }

  // The operation names the value's type: the same operation always stores the same type.
  @SuppressWarnings("unchecked")
  private <V> V read(FencedQueryCache<Object> cache, QueryKey key, Supplier<? extends V> load) {
    if (given < 0) {
      return (V) cache.get(key, load);
    }
    if (!caches.coherence.covers(given)) {
      // A write the token stands for may be another instance's whose invalidation has not arrived:
      // an entry here may predate it. The database has it (the delegate routes by the token).
      return load.get();
    }
    // Never another caller's flight: without the token, it may have read a replica behind it.
    return (V) cache.getUnshared(key, load);
  }

  private static boolean hasNull(Object[] arguments) {
    for (Object argument : arguments) {
      if (argument == null) {
        return true;
      }
    }
    return false;
  }
}
