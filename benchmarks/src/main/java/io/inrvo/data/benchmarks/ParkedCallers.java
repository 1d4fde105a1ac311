package io.inrvo.data.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Caller threads for "n concurrent calls" benchmarks: {@link #arm} parks each of them at a gate
 * (outside the timed part) and returns once every one has arrived; {@link #release} opens the gate,
 * each caller {@code i} runs the call with its index, and it returns the results in caller order.
 *
 * <p>Why not a {@code CountDownLatch}: it wakes its waiters one after another, each woken thread
 * waking the next, so every caller costs one context switch before the next can start (25-40 us
 * apiece measured on a 2-core VM): 64 callers trickled in over about 2 ms, and the benchmark
 * measured the latch instead of 64 concurrent calls. Here the opener unparks every caller itself.
 *
 * @param <T> what one call returns
 */
final class ParkedCallers<T> implements AutoCloseable {

  private final int count;
  private final ExecutorService threads;
  private Gate<T> gate;
  private List<CompletableFuture<T>> pending = List.of();

  ParkedCallers(int count) {
    this.count = count;
    this.threads = Executors.newFixedThreadPool(count);
  }

  /** Parks {@code count} callers at a new gate; returns when all of them are there. */
  void arm() {
    Gate<T> next = new Gate<>(count);
    List<CompletableFuture<T>> calls = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int caller = i;
      calls.add(CompletableFuture.supplyAsync(() -> next.pass(caller), threads));
    }
    gate = next;
    pending = calls;
    next.awaitArrivals();
  }

  /** Opens the gate: caller {@code i} runs {@code call.apply(i)}; the results, in caller order. */
  List<T> release(IntFunction<T> call) {
    gate.open(call);
    List<T> results = new ArrayList<>(count);
    for (CompletableFuture<T> caller : pending) {
      results.add(caller.join());
    }
    return results;
  }

  /** Releases armed callers that no call used, each returning null (JMH tear-down). */
  void disarm() {
    if (gate != null) {
      gate.open(i -> null);
      pending.forEach(CompletableFuture::join);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  /** Parked callers and the call they run once it opens. */
  private static final class Gate<T> {
    private final Queue<Thread> parked = new ConcurrentLinkedQueue<>();
    private final CountDownLatch arrived;
    private volatile IntFunction<T> call;

    Gate(int callers) {
      arrived = new CountDownLatch(callers);
    }

    T pass(int caller) {
      parked.add(Thread.currentThread());
      arrived.countDown();
      IntFunction<T> opened;
      while ((opened = call) == null) {
        LockSupport.park(this); // returns at once if unparked before it parks; spurious returns loop
      }
      return opened.apply(caller);
    }

    void awaitArrivals() {
      try {
        arrived.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the callers were arriving at the gate", e);
      }
    }

    void open(IntFunction<T> opened) {
      if (call == null) {
        call = opened;
        parked.forEach(LockSupport::unpark);
      }
    }
  }
}
