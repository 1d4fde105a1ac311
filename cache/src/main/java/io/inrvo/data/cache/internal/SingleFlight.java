package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.Deduplicator;
import io.inrvo.data.cache.DeduplicatorStats;
import io.inrvo.data.cache.QueryKey;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link Deduplicator} over a map from key to the flight's shared future. The shared future never
 * leaves this class: callers get it through {@code get()} (sync) or a {@code copy()} of their own
 * (async), so no caller can cancel or complete it for the others.
 */
public final class SingleFlight<V> implements Deduplicator<V> {

  private final ConcurrentHashMap<QueryKey, Flight<V>> flights = new ConcurrentHashMap<>();
  private final LongAdder executions = new LongAdder();
  private final LongAdder shared = new LongAdder();

  @Override
  public V load(QueryKey key, Supplier<? extends V> work) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(work, "work");
    // A joiner (the common case under a burst) allocates nothing before it waits.
    Flight<V> running = flights.get(key);
    Flight<V> mine = null;
    if (running == null) {
      mine = new Flight<>(Thread.currentThread());
      running = flights.putIfAbsent(key, mine);
    }
    if (running != null) {
      return await(key, join(key, running));
    }
    executions.increment();
    V value;
    try {
      value = Objects.requireNonNull(work.get(), () -> "work returned null for " + key);
    } catch (RuntimeException | Error e) {
      finish(key, mine, null, e);
      throw e;
    }
    finish(key, mine, value, null);
    return value;
  }

  @Override
  public CompletableFuture<V> loadAsync(QueryKey key, Supplier<? extends CompletionStage<? extends V>> work) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(work, "work");
    Flight<V> mine = new Flight<>(Thread.currentThread());
    Flight<V> running = flights.putIfAbsent(key, mine);
    if (running != null) {
      return join(key, running).result.copy();
    }
    executions.increment();
    CompletableFuture<V> view = mine.result.copy();
    CompletionStage<? extends V> stage;
    try {
      stage = Objects.requireNonNull(work.get(), () -> "work returned no stage for " + key);
    } catch (RuntimeException e) {
      finish(key, mine, null, e);
      return view;
    } catch (Error e) {
      finish(key, mine, null, e);
      throw e;
    }
    // From here on the flight runs elsewhere: this thread may join it like anyone else.
    mine.runner = null;
    stage.whenComplete((value, failure) -> finish(key, mine, value, failure));
    return view;
  }

  @Override
  public void forget(QueryKey key) {
    flights.remove(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void forgetIf(Predicate<? super QueryKey> filter) {
    Objects.requireNonNull(filter, "filter");
    flights.keySet().removeIf(filter);
  }

  @Override
  public DeduplicatorStats stats() {
    return new DeduplicatorStats(executions.sum(), shared.sum());
  }

  private Flight<V> join(QueryKey key, Flight<V> running) {
    if (running.runner == Thread.currentThread()) {
      throw new IllegalStateException(
          "recursive load of " + key + ": this thread is computing that key, so it would wait for itself forever");
    }
    shared.increment();
    return running;
  }

  /** Ends a flight: its entry goes first (only if still its own), so no one joins a finished one. */
  private void finish(QueryKey key, Flight<V> flight, V value, Throwable failure) {
    flight.runner = null;
    flights.remove(key, flight);
    if (failure != null) {
      flight.result.completeExceptionally(unwrap(failure));
    } else if (value == null) {
      flight.result.completeExceptionally(new NullPointerException("work completed with null for " + key));
    } else {
      flight.result.complete(value);
    }
  }

  private V await(QueryKey key, Flight<V> flight) {
    try {
      return flight.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException stopped =
          new CancellationException("interrupted while waiting for the shared load of " + key + "; the load goes on");
      stopped.initCause(e);
      throw stopped;
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new CompletionException(failure);
  }

  private static final class Flight<V> {
    final CompletableFuture<V> result = new CompletableFuture<>();
    /** The thread computing the value inline, while it does; null otherwise. */
    volatile Thread runner;

    Flight(Thread runner) {
      this.runner = runner;
    }
  }
}
