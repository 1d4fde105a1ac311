package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.VOICE_PROFILES;

import io.inrvo.data.Caller;
import io.inrvo.data.voice.VoiceProfileLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.jooq.Param;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Collects the voice-profile lookups that callers with the same request identity make within a
 * short window and sends them as one statement ({@code id = any(?) and user_id = any(?)}, still an
 * Index Only Scan of the covering index), java-dataloader style.
 *
 * <p>No thread of its own: the first caller of a batch leads it. It waits for the window (or until
 * the batch is full) and, if the previous batch of the same key is still running then, until that
 * one returns: at most one batch statement per key runs at a time, and whoever asks meanwhile joins
 * the next. So callers woken together that trickle in past a short window (waking 64 threads can
 * take longer than 0.5 ms) share one more statement, not one per window. The leader then takes the
 * batch out of collection and runs the statement on its own {@code Scope} (which the caller passes
 * in: the batcher, held by the {@code Engine}, does not know scopes), so under the same context
 * statement any of the batch's callers would have sent (the key is the whole {@link Caller}, with
 * the replica position the reads need). Every caller then picks its row by (id, owner): exactly
 * what its own lookup would have returned. A failure reaches every caller of the batch as the
 * library exception the statement threw; the next batch leaves all the same.
 *
 * <p>Thread-safe; one per {@code Inrvo} with batching on.
 */
final class VoiceLookupBatcher {

  /** The most lookups one statement carries; more in one window start a second batch. */
  static final int MAX_BATCH = 256;

  private static final Param<UUID[]> IDS = FixedStatement.param("ids", SQLDataType.UUID.getArrayDataType());
  private static final Param<UUID[]> OWNERS = FixedStatement.param("owners", SQLDataType.UUID.getArrayDataType());

  /** The lookup's columns plus the (id, owner) each caller matches on; all in the covering index. */
  private static final FixedStatement<Found> BATCH = FixedStatement.read(
      Rendering.RENDERER.select(Columns.join(List.of(VOICE_PROFILES.ID, VOICE_PROFILES.USER_ID), VoiceRows.LOOKUP))
          .from(VOICE_PROFILES)
          .where(VOICE_PROFILES.ID.eq(DSL.any(IDS)).and(VOICE_PROFILES.USER_ID.eq(DSL.any(OWNERS)))),
      r -> new Found(new Wanted(r.get(VOICE_PROFILES.ID), r.get(VOICE_PROFILES.USER_ID)), VoiceRows.lookup(r)));

  private final long windowNanos;
  /** The batch of each key that is collecting. */
  private final Map<Key, Batch> open = new ConcurrentHashMap<>();
  /** The batch of each key opened last, until it returns: the one the next batch waits for. */
  private final Map<Key, Batch> latest = new ConcurrentHashMap<>();

  VoiceLookupBatcher(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /**
   * The lookup of {@code profileId} owned by {@code ownerId}, sent together with those of other
   * callers of the same identity: {@code caller}, reading at replica position {@code position}.
   *
   * @param fetch runs the batch statement as this caller's scope would, if this call leads the
   *     batch; the scope must run its calls on their own (not bound to a transaction, none to join)
   * @param shared counts, on this call's operation, the round trip it shared with the batch's leader
   */
  Optional<VoiceProfileLookup> lookup(Caller caller, long position, UUID profileId, UUID ownerId,
      Function<FixedStatement.Call<Found>, List<Found>> fetch, Runnable shared) {
    Key key = new Key(caller, position);
    Wanted wanted = new Wanted(profileId, ownerId);
    Batch batch;
    int slot;
    do {
      batch = open.computeIfAbsent(key, this::opened);
      slot = batch.add(wanted);
      if (slot < 0 || slot == MAX_BATCH - 1) {
        open.remove(key, batch); // closed or full: the next caller opens a new batch at once
      }
    } while (slot < 0);
    if (slot == 0) {
      lead(fetch, key, batch);
    } else {
      shared.run();
    }
    try {
      return Optional.ofNullable(batch.result.join().get(wanted));
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof RuntimeException failure ? failure : e;
    }
  }

  /** A new batch of {@code key}, after the one opened before it (run once per batch, under {@link #open}'s lock). */
  private Batch opened(Key key) {
    Batch batch = new Batch();
    batch.previous = latest.put(key, batch);
    return batch;
  }

  private void lead(Function<FixedStatement.Call<Found>, List<Found>> fetch, Key key, Batch batch) {
    boolean interrupted = false;
    Batch previous = batch.previous;
    batch.previous = null; // a long run of batches must not hold its whole chain
    try {
      batch.full.await(windowNanos, TimeUnit.NANOSECONDS);
      if (previous != null) {
        previous.returned.await();
      }
    } catch (InterruptedException e) {
      interrupted = true; // send what is collected now; the flag stays set for the caller
    }
    open.remove(key, batch);
    List<Wanted> wanted = batch.close();
    try {
      batch.result.complete(fetch(fetch, wanted));
    } catch (RuntimeException | Error e) {
      batch.result.completeExceptionally(e);
    } finally {
      batch.returned.countDown();
      latest.remove(key, batch); // nothing opened since: the key leaves the map
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Map<Wanted, VoiceProfileLookup> fetch(Function<FixedStatement.Call<Found>, List<Found>> fetch,
      List<Wanted> wanted) {
    Set<UUID> ids = new LinkedHashSet<>();
    Set<UUID> owners = new LinkedHashSet<>();
    for (Wanted w : wanted) {
      ids.add(w.id());
      owners.add(w.owner());
    }
    List<Found> rows = fetch.apply(BATCH.bind(IDS, ids.toArray(UUID[]::new)).bind(OWNERS, owners.toArray(UUID[]::new)));
    Map<Wanted, VoiceProfileLookup> byWanted = new HashMap<>(rows.size() * 2);
    for (Found found : rows) {
      byWanted.put(found.key(), found.lookup());
    }
    return byWanted;
  }

  /** Who asks and at which replica position: lookups of one key share a context statement. */
  private record Key(Caller caller, long position) {}

  /** One caller's lookup: the profile and the owner it must have. */
  record Wanted(UUID id, UUID owner) {}

  /** One row of the batch statement. */
  record Found(Wanted key, VoiceProfileLookup lookup) {}

  /**
   * The lookups collected for one statement. Lock-free: 64 callers woken at once and queuing on a
   * monitor arrive one context switch apart (tens of microseconds each on a small VM), longer
   * than the window, so a caller claims its slot with one atomic increment instead.
   */
  private static final class Batch {
    /** {@link #claimed} once closed: above any slot, however many late callers still increment it. */
    private static final int CLOSED = 1 << 30;

    final CompletableFuture<Map<Wanted, VoiceProfileLookup>> result = new CompletableFuture<>();
    final CountDownLatch full = new CountDownLatch(1);
    /** Open once the statement returned, whether with rows or a failure. */
    final CountDownLatch returned = new CountDownLatch(1);
    /** The batch of the same key opened before this one; read and cleared by the leader. */
    Batch previous;
    private final AtomicReferenceArray<Wanted> slots = new AtomicReferenceArray<>(MAX_BATCH);
    /** Slots handed out, or at least {@link #CLOSED} once the batch was taken out of collection. */
    private final AtomicInteger claimed = new AtomicInteger();

    /** The slot {@code w} took (0: its caller leads the batch), or -1 when the batch is closed or full. */
    int add(Wanted w) {
      int slot = claimed.getAndIncrement();
      if (slot >= MAX_BATCH) {
        return -1;
      }
      slots.set(slot, w);
      if (slot == MAX_BATCH - 1) {
        full.countDown(); // the leader stops waiting
      }
      return slot;
    }

    /** Takes this batch out of collection (its leader, once): the lookups of every slot handed out. */
    List<Wanted> close() {
      int taken = Math.min(claimed.getAndSet(CLOSED), MAX_BATCH);
      List<Wanted> wanted = new ArrayList<>(taken);
      for (int i = 0; i < taken; i++) {
        Wanted w;
        // a caller that took slot i may not have stored its lookup yet: it is one instruction away
        while ((w = slots.get(i)) == null) {
          Thread.onSpinWait();
          Thread.yield();
        }
        wanted.add(w);
      }
      return wanted;
    }
  }
}
