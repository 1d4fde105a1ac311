package io.inrvo.data.cache;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.ProfileUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jooq.JSONB;

/**
 * A fixed mixed workload of an app's hot paths, generated from a seed: 85% reads (history first
 * page, favorites, voice profile list, own profile, audio tag presets), 15% writes (save, toggle
 * favorite, rename voice, update preferences, update profile), over users chosen uniformly. The
 * same operations can be run on any {@link Inrvo}, cached or not; nothing in it can fail, so two
 * runs send comparable statements.
 */
public final class MixedWorkload {

  /** One user of the workload: their id, a meditation they own, and their voice profile. */
  public record User(UUID id, UUID meditation, UUID voice) {}

  /** What a run sent, split by reads and writes. */
  public record Figures(long readStatements, long writeStatements, long reads, long writes) {

    /** All statements. */
    public long statements() {
      return readStatements + writeStatements;
    }
  }

  private enum Kind {
    PAGE(35), FAVORITES(10), VOICES(20), PROFILE(12), PRESETS(8),
    SAVE(5), TOGGLE(4), RENAME(2), PREFERENCES(2), UPDATE_PROFILE(2);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }

    boolean isWrite() {
      return ordinal() >= SAVE.ordinal();
    }
  }

  private record Operation(int user, Kind kind, int value) {}

  private final List<User> users;
  private final List<Operation> operations;

  /** {@code count} operations over {@code users}, from {@code seed}. */
  public MixedWorkload(List<User> users, int count, long seed) {
    this.users = List.copyOf(users);
    Random random = new Random(seed);
    int total = 0;
    for (Kind kind : Kind.values()) {
      total += kind.weight;
    }
    List<Operation> generated = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int pick = random.nextInt(total);
      Kind kind = null;
      for (Kind k : Kind.values()) {
        if (pick < k.weight) {
          kind = k;
          break;
        }
        pick -= k.weight;
      }
      generated.add(new Operation(random.nextInt(users.size()), kind, random.nextInt(1_000_000)));
    }
    this.operations = List.copyOf(generated);
  }

  /** How many operations write. */
  public long writes() {
    return operations.stream().filter(op -> op.kind().isWrite()).count();
  }

  /** How many operations there are. */
  public int size() {
    return operations.size();
  }

  /** Runs every operation in order on {@code inrvo}; {@code statements} counts what was sent. */
  public Figures run(Inrvo inrvo, LongSupplier statements) {
    long readStatements = 0;
    long writeStatements = 0;
    long reads = 0;
    long writes = 0;
    for (Operation op : operations) {
      User user = users.get(op.user());
      Session session = inrvo.asUser(user.id());
      long before = statements.getAsLong();
      switch (op.kind()) {
        case PAGE -> session.history().page(PageRequest.first(20));
        case FAVORITES -> session.history().favorites(PageRequest.first(20));
        case VOICES -> session.voiceProfiles().list();
        case PROFILE -> session.profile().get();
        case PRESETS -> session.audioTags().presets();
        case SAVE -> session.history().save(NewMeditation.withPrompt("workload " + op.value()).withDurationSeconds(600));
        case TOGGLE -> session.history().toggleFavorite(user.meditation());
        case RENAME -> session.voiceProfiles().rename(user.voice(), "voice " + op.value());
        case PREFERENCES -> session.audioTags().updatePreferences(JSONB.valueOf("{\"pace\":" + op.value() + "}"));
        case UPDATE_PROFILE -> session.profile().update(ProfileUpdate.none().withFirstName("name " + op.value()));
      }
      long sent = statements.getAsLong() - before;
      if (op.kind().isWrite()) {
        writes++;
        writeStatements += sent;
      } else {
        reads++;
        readStatements += sent;
      }
    }
    return new Figures(readStatements, writeStatements, reads, writes);
  }
}
