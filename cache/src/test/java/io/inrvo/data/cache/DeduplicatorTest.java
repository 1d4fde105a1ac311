package io.inrvo.data.cache;

import static io.inrvo.data.cache.Await.await;
import static io.inrvo.data.cache.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import io.inrvo.data.UnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

  private final UUID alice = UUID.randomUUID();
  private final QueryKey key = QueryKey.of(Caller.user(alice), "history.page", 20);
  private final Deduplicator<String> dedup = Deduplicator.create();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void sixtyFourConcurrentCallsShareOneExecution() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger executions = new AtomicInteger();
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      calls.add(threads.submit(() -> dedup.load(key, () -> {
        executions.incrementAndGet();
        await(release, "the test to release the load");
        return new String("page"); // a fresh instance: all callers must get this very one
      })));
    }
    until(() -> dedup.stats().sharedCount() == 63, "63 callers joined the running load");
    release.countDown();

    String first = calls.get(0).get(10, TimeUnit.SECONDS);
    for (Future<String> call : calls) {
      assertSame(first, call.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, executions.get());
    assertEquals(new DeduplicatorStats(1, 63), dedup.stats());

    // Nothing is cached: the next call runs the work again.
    assertEquals("again", dedup.load(key, () -> "again"));
    assertEquals(2, dedup.stats().executionCount());
  }

  @Test
  void failureReachesEveryWaiterAndIsNotRemembered() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    UnavailableException outage = new UnavailableException("database unreachable");
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(threads.submit(() -> dedup.load(key, () -> {
        await(release, "the test to release the load");
        throw outage;
      })));
    }
    until(() -> dedup.stats().sharedCount() == 7, "7 callers joined the running load");
    release.countDown();

    for (Future<String> call : calls) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
      assertSame(outage, e.getCause(), "every waiter gets the very exception, unwrapped");
    }
    assertEquals("recovered", dedup.load(key, () -> "recovered"));
    assertEquals(2, dedup.stats().executionCount());
  }

  @Test
  void forgetStartsTheNextCallFreshAndTheOldFlightLeavesTheNewOneAlone() throws Exception {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch releaseSecond = new CountDownLatch(1);
    CountDownLatch secondRunning = new CountDownLatch(1);
    Future<String> first = threads.submit(() -> dedup.load(key, () -> {
      await(releaseFirst, "release of the first flight");
      return "first";
    }));
    until(() -> dedup.stats().executionCount() == 1, "the first flight runs");

    dedup.forget(key);
    Future<String> second = threads.submit(() -> dedup.load(key, () -> {
      secondRunning.countDown();
      await(releaseSecond, "release of the second flight");
      return "second";
    }));
    await(secondRunning, "the second flight to run although the first one has not finished");
    Future<String> third = threads.submit(() -> dedup.load(key, () -> "third must not run"));
    until(() -> dedup.stats().sharedCount() == 1, "the third call joined the second flight");

    releaseFirst.countDown();
    assertEquals("first", first.get(10, TimeUnit.SECONDS));
    // The first flight, finishing, must not have removed the second one's entry.
    Future<String> fourth = threads.submit(() -> dedup.load(key, () -> "fourth must not run"));
    until(() -> dedup.stats().sharedCount() == 2, "the fourth call joined the second flight");

    releaseSecond.countDown();
    assertEquals("second", second.get(10, TimeUnit.SECONDS));
    assertEquals("second", third.get(10, TimeUnit.SECONDS));
    assertEquals("second", fourth.get(10, TimeUnit.SECONDS));
    assertEquals(new DeduplicatorStats(2, 2), dedup.stats());
  }

  @Test
  void forgetUserEndsOnlyThatUsersFlights() throws Exception {
    UUID bob = UUID.randomUUID();
    QueryKey bobs = QueryKey.of(Caller.user(bob), "history.page", 20);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> aliceLoad = threads.submit(() -> dedup.load(key, blockedOn(release, "alice-1")));
    Future<String> bobLoad = threads.submit(() -> dedup.load(bobs, blockedOn(release, "bob-1")));
    until(() -> dedup.stats().executionCount() == 2, "both flights run");

    dedup.forgetUser(alice);
    Future<String> aliceAgain = threads.submit(() -> dedup.load(key, () -> "alice-2"));
    Future<String> bobAgain = threads.submit(() -> dedup.load(bobs, () -> "bob-2 must not run"));
    assertEquals("alice-2", aliceAgain.get(10, TimeUnit.SECONDS), "alice's next call must not wait for her old flight");
    until(() -> dedup.stats().sharedCount() == 1, "bob's second call joined his flight");
    release.countDown();
    assertEquals("alice-1", aliceLoad.get(10, TimeUnit.SECONDS));
    assertEquals("bob-1", bobLoad.get(10, TimeUnit.SECONDS));
    assertEquals("bob-1", bobAgain.get(10, TimeUnit.SECONDS));
  }

  @Test
  void anInterruptedWaiterStopsAloneAndTheFlightGoesOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<String> leader = threads.submit(() -> dedup.load(key, blockedOn(release, "value")));
    until(() -> dedup.stats().executionCount() == 1, "the leader runs");

    AtomicBoolean interruptFlagKept = new AtomicBoolean();
    CompletableFuture<Throwable> quitter = new CompletableFuture<>();
    Thread impatient = new Thread(() -> {
      try {
        dedup.load(key, () -> "must not run");
        quitter.complete(null);
      } catch (RuntimeException e) {
        interruptFlagKept.set(Thread.currentThread().isInterrupted());
        quitter.complete(e);
      }
    });
    impatient.start();
    Future<String> patient = threads.submit(() -> dedup.load(key, () -> "must not run"));
    until(() -> dedup.stats().sharedCount() == 2, "both waiters joined");

    impatient.interrupt();
    assertInstanceOf(CancellationException.class, quitter.get(10, TimeUnit.SECONDS));
    assertTrue(interruptFlagKept.get(), "the waiter's interrupt flag is restored");

    release.countDown();
    assertEquals("value", leader.get(10, TimeUnit.SECONDS));
    assertEquals("value", patient.get(10, TimeUnit.SECONDS));
  }

  @Test
  void asyncCallersGetFuturesOfTheirOwn() throws Exception {
    CompletableFuture<String> work = new CompletableFuture<>();
    CompletableFuture<String> cancelled = dedup.loadAsync(key, () -> work);
    CompletableFuture<String> timedOut = dedup.loadAsync(key, () -> CompletableFuture.completedFuture("must not run"));
    CompletableFuture<String> patient = dedup.loadAsync(key, () -> CompletableFuture.completedFuture("must not run"));
    assertEquals(new DeduplicatorStats(1, 2), dedup.stats());

    assertTrue(cancelled.cancel(true));
    assertThrows(TimeoutException.class, () -> timedOut.get(10, TimeUnit.MILLISECONDS));
    assertTrue(!work.isDone(), "giving up must not cancel the shared work");

    work.complete("value");
    assertEquals("value", patient.get(10, TimeUnit.SECONDS));
    assertEquals("value", timedOut.get(10, TimeUnit.SECONDS), "a timed-out wait does not spoil the future");
    assertTrue(cancelled.isCancelled());
    // A sync caller now starts afresh.
    assertEquals("fresh", dedup.load(key, () -> "fresh"));
  }

  @Test
  void asyncFailureReachesEveryCallerAndIsNotRemembered() throws Exception {
    CompletableFuture<String> work = new CompletableFuture<>();
    CompletableFuture<String> a = dedup.loadAsync(key, () -> work);
    CompletableFuture<String> b = dedup.loadAsync(key, () -> work);
    CompletableFuture<Throwable> syncWaiter = new CompletableFuture<>();
    threads.submit(() -> {
      try {
        dedup.load(key, () -> "must not run");
      } catch (RuntimeException e) {
        syncWaiter.complete(e);
      }
    });
    until(() -> dedup.stats().sharedCount() == 2, "an async and a sync caller joined");

    IOException failure = new IOException("network");
    work.completeExceptionally(failure);
    assertSame(failure, assertThrows(ExecutionException.class, () -> a.get(10, TimeUnit.SECONDS)).getCause());
    assertSame(failure, assertThrows(ExecutionException.class, () -> b.get(10, TimeUnit.SECONDS)).getCause());
    Throwable sync = syncWaiter.get(10, TimeUnit.SECONDS);
    assertInstanceOf(CompletionException.class, sync, "a checked failure reaches a sync waiter wrapped");
    assertSame(failure, sync.getCause());

    assertEquals("next", dedup.loadAsync(key, () -> CompletableFuture.completedFuture("next")).get(10, TimeUnit.SECONDS));
    assertEquals(2, dedup.stats().executionCount());
  }

  @Test
  void asyncWorkThatThrowsFailsTheFutureAndEndsTheFlight() throws Exception {
    IllegalStateException broken = new IllegalStateException("cannot start");
    CompletableFuture<String> failed = dedup.loadAsync(key, () -> {
      throw broken;
    });
    assertSame(broken, assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS)).getCause());
    assertEquals("next", dedup.load(key, () -> "next"));
  }

  @Test
  void aRecursiveLoadOfTheSameKeyFailsInsteadOfWaitingForever() {
    IllegalStateException e = assertThrows(
        IllegalStateException.class, () -> dedup.load(key, () -> dedup.load(key, () -> "inner")));
    assertTrue(e.getMessage().contains("recursive"), e.getMessage());
    assertEquals("after", dedup.load(key, () -> "after"), "the failed flight is gone");
    // Another key from inside the work is fine.
    QueryKey other = QueryKey.of(Caller.user(alice), "history.favorites", 20);
    assertEquals("inner", dedup.load(key, () -> dedup.load(other, () -> "inner")));
  }

  @Test
  void aNullResultIsRejected() {
    assertThrows(NullPointerException.class, () -> dedup.load(key, () -> null));
    CompletableFuture<String> async = dedup.loadAsync(key, () -> CompletableFuture.completedFuture(null));
    assertInstanceOf(NullPointerException.class,
        assertThrows(ExecutionException.class, () -> async.get(10, TimeUnit.SECONDS)).getCause());
  }

  @Test
  void differentKeysDoNotShare() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<String> aliceLoad = threads.submit(() -> dedup.load(key, blockedOn(release, "alice")));
    until(() -> dedup.stats().executionCount() == 1, "alice's load runs");
    QueryKey bobs = QueryKey.of(Caller.user(UUID.randomUUID()), "history.page", 20);
    assertEquals("bob", dedup.load(bobs, () -> "bob"), "bob's call runs while alice's is blocked");
    release.countDown();
    assertEquals("alice", aliceLoad.get(10, TimeUnit.SECONDS));
    assertEquals(new DeduplicatorStats(2, 0), dedup.stats());
  }

  private static Supplier<String> blockedOn(CountDownLatch release, String value) {
    return () -> {
      await(release, "the test to release the load of " + value);
      return value;
    };
  }
}
