package io.inrvo.data.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Runs a call on threads of its own and keeps each thread's outcome: its value or what it threw. */
public final class Concurrently {

  private Concurrently() {}

  /** One call on its own thread. */
  public record Call(Thread thread, CompletableFuture<Object> outcome, CompletableFuture<Boolean> interrupted) {

    /** The value the call returned, or the throwable it threw; fails after {@link Await#TIMEOUT}. */
    public Object result() {
      try {
        return outcome.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for a call", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("the call did not finish in " + Await.TIMEOUT, e);
      }
    }

    /** Whether the call's thread had its interrupt flag set when the call returned. */
    public boolean wasInterrupted() {
      result();
      return interrupted.join();
    }
  }

  /** Starts {@code count} threads, each making {@code call} once. */
  public static List<Call> start(int count, Supplier<?> call) {
    List<Call> calls = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
      Thread thread = new Thread(() -> {
        Object result;
        try {
          result = call.get();
        } catch (RuntimeException | Error e) {
          result = e;
        }
        interrupted.complete(Thread.currentThread().isInterrupted());
        outcome.complete(result);
      }, "caller-" + i);
      thread.setDaemon(true);
      calls.add(new Call(thread, outcome, interrupted));
    }
    calls.forEach(c -> c.thread().start());
    return calls;
  }
}
