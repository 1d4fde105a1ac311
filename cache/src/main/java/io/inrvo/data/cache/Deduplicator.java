package io.inrvo.data.cache;

import io.inrvo.data.cache.internal.SingleFlight;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Key-based single flight: concurrent calls with equal {@link QueryKey}s share one execution of the
 * work, and every one of them gets its result or its exception. It caches nothing: the flight
 * ends, and its entry is removed, as soon as the work completes, successfully or not, so a
 * failure is never remembered and the next call runs the work afresh. Keep long-lived values in a
 * {@link ValueCache}; this only merges calls that overlap in time (in-flight deduplicated
 * queries, whose lifetime is a request's duration).
 *
 * <p>Waiters are independent: a caller that stops waiting (interrupt in {@link #load}, timeout or
 * {@code cancel} on the future of {@link #loadAsync}) neither cancels the shared work nor changes
 * what the others get. {@link #forget} ends the sharing early: the next call starts a new flight,
 * and the old one, when it completes, removes only its own entry.
 *
 * <p>Thread-safe. Create one with {@link #create()}; typically one per kind of value.
 *
 * @param <V> the type of the shared results
 */
public interface Deduplicator<V> {

  /**
   * A new, empty deduplicator.
   *
   * @param <V> the type of the values computed
   * @return a deduplicator with no call in flight
   */
  static <V> Deduplicator<V> create() {
    return new SingleFlight<>();
  }

  /**
   * Runs {@code work} in the calling thread, or, when a call with an equal key is in flight,
   * waits for that call's result instead.
   *
   * <p>The caller that runs the work cannot give up on it (it is the one running it); a waiting
   * caller that is interrupted stops waiting with a {@link CancellationException} and its
   * interrupt flag set, and the flight goes on for everyone else. Waiters receive the very
   * exception instance the work threw.
   *
   * @param work computes the value; must not return null
    * @param key identifies the call; equal keys share one flight
   * @return the value computed by this call or by the flight it joined
   * @throws NullPointerException when the work returns null (the waiters get the same exception)
   * @throws CancellationException when interrupted while waiting for another caller's flight
   * @throws IllegalStateException when called, from inside {@code work}, for the key that work
   *     is computing: the call would wait for itself forever
   * @throws RuntimeException whatever the work threw (the same instance for every waiter); when
   *     the joined flight is an asynchronous one that failed with a checked exception, that
   *     exception wrapped in a {@link java.util.concurrent.CompletionException}
    */
  V load(QueryKey key, Supplier<? extends V> work);

  /**
   * Starts {@code work} (in the calling thread; it returns a stage that completes later), or,
   * when a call with an equal key is in flight, joins that call.
   *
   * <p>Each caller receives its own future, which completes with the shared result. Cancelling
   * it, or letting it time out ({@link CompletableFuture#orTimeout}), affects only that caller:
   * the shared work keeps running and the other callers still get its result.
   *
   * @param work starts the computation and returns its stage; it must not return null, nor
   *     complete it with null
    * @param key identifies the call; equal keys share one flight
   * @return a future of its own for this caller; it completes exceptionally with the work's
   *     failure, including when {@code work} itself throws
   * @throws IllegalStateException when called for the key that the current thread is computing
   *     with {@link #load} or is starting with this method
    */
  CompletableFuture<V> loadAsync(QueryKey key, Supplier<? extends CompletionStage<? extends V>> work);

  /**
   * Ends the sharing of {@code key}'s flight, if any: the next call starts a new flight. Callers
   * already waiting still get the old flight's result.
    *
    * @param key the key whose flight to forget
    */
  void forget(QueryKey key);

  /**
   * {@link #forget} for every key in flight that matches {@code filter}.
   *
   * @param filter selects the keys whose flights to forget
   */
  void forgetIf(Predicate<? super QueryKey> filter);

  /**
   * {@link #forget} for the keys owned by {@code userId} (see {@link QueryKey#owner()}).
   *
   * @param userId the owner whose keys to forget
   */
  default void forgetUser(UUID userId) {
    forgetIf(key -> key.isOwnedBy(userId));
  }

  /** {@link #forget} for every key in flight. */
  default void forgetAll() {
    forgetIf(key -> true);
  }

  /**
   * The counters so far.
   *
   * @return the counters so far
   */
  DeduplicatorStats stats();
}
