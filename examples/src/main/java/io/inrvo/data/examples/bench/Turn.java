package io.inrvo.data.examples.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Makes the threads of a JMH group take turns, one call each, in a fixed cycle: library, floor,
 * (proposal), library, floor... Each member of a pair is a method of one {@code @Group}, on its own
 * thread, and takes a subclass of this state naming its place in the cycle. Waiting for the turn
 * and passing it on happen in {@code Level.Invocation} helpers, which JMH does not time.
 *
 * <p>Why: on this shared 2-core VM a round trip costs 20 us in one second and 70 us in the next,
 * with the other processes' load (vCPU wake-ups). Benchmarks run one after the other landed in
 * different seconds and their ratio moved by 2x between runs; calls interleaved one by one share
 * every second, like the floor note's mixed pgbench runs. Only one call runs at any moment, so each
 * is still a single client (c = 1).
 *
 * <p>At the end of an iteration JMH lets each thread leave its loop on its own; a member whose turn
 * it is but who is neither waiting nor calling for {@value #ABSENT_MILLIS} ms has left, and is
 * skipped so that the others can finish.
 */
@State(Scope.Thread)
public abstract class Turn {

  static final long ABSENT_MILLIS = 50;
  private static final long ABSENT_NANOS = TimeUnit.MILLISECONDS.toNanos(ABSENT_MILLIS);
  private static final long GIVE_UP_NANOS = TimeUnit.MINUTES.toNanos(2);
  private static final int MAX = 4;

  private static final Object LOCK = new Object();
  private static int parties = 1;
  private static int current;
  private static final boolean[] WAITING = new boolean[MAX];
  private static final boolean[] CALLING = new boolean[MAX];
  private static final long[] LAST_SEEN = new long[MAX];

  /** This member's place in the cycle, from 0. */
  abstract int place();

  /** Starts a cycle of {@code members} places at place 0 (from a trial setup, before any call). */
  static void cycle(int members) {
    if (members < 1 || members > MAX) {
      throw new IllegalArgumentException("1 to " + MAX + " members, got " + members);
    }
    synchronized (LOCK) {
      parties = members;
      current = 0;
      Arrays.fill(WAITING, false);
      Arrays.fill(CALLING, false);
      Arrays.fill(LAST_SEEN, System.nanoTime());
      LOCK.notifyAll();
    }
  }

  /** JMH: before each call, waits until it is this member's turn. */
  @Setup(Level.Invocation)
  public void awaitTurn() throws InterruptedException {
    int me = place();
    long started = System.nanoTime();
    synchronized (LOCK) {
      WAITING[me] = true;
      LAST_SEEN[me] = started;
      try {
        while (current != me) {
          long now = System.nanoTime();
          if (now - started > GIVE_UP_NANOS) {
            throw new IllegalStateException("member " + me + " waited 2 minutes for its turn: a partner died");
          }
          if (!WAITING[current] && !CALLING[current] && now - LAST_SEEN[current] > ABSENT_NANOS) {
            current = (current + 1) % parties; // that member left its loop: skip it
            LOCK.notifyAll();
            continue;
          }
          TimeUnit.MILLISECONDS.timedWait(LOCK, 10);
        }
      } finally {
        WAITING[me] = false;
      }
      CALLING[me] = true;
    }
  }

  /** JMH: after each call, hands the turn to the next member. */
  @TearDown(Level.Invocation)
  public void passTurn() {
    int me = place();
    synchronized (LOCK) {
      CALLING[me] = false;
      LAST_SEEN[me] = System.nanoTime();
      current = (me + 1) % parties;
      LOCK.notifyAll();
    }
  }

  /** Place 0 (the library). */
  public static class First extends Turn {
    @Override
    int place() {
      return 0;
    }
  }

  /** Place 1 (the floor). */
  public static class Second extends Turn {
    @Override
    int place() {
      return 1;
    }
  }

  /** Place 2 (the proposed protocol). */
  public static class Third extends Turn {
    @Override
    int place() {
      return 2;
    }
  }

  /** Place 3 (a reference). */
  public static class Fourth extends Turn {
    @Override
    int place() {
      return 3;
    }
  }
}
