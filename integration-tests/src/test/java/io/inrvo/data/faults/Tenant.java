package io.inrvo.data.faults;

import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A user a fault workload acts for, and its ledger: every write the workload made for it, as
 * confirmed (the call returned) or in doubt (the call failed, so it may or may not have committed).
 * Everything written carries the user's marker {@code m:<id>:}, so a row, a message or a name in
 * another user's place is found by SQL. Thread-safe: tenants may be shared by workers.
 */
final class Tenant {

  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final Pattern MARKER = Pattern.compile("m:([0-9a-f-]{36}):");

  final UUID id;
  final String conversation;
  /** Whether one worker alone acts for this user, so that order and read-your-writes can be checked. */
  final boolean ownedByOneWorker;

  final Queue<String> saved = new ConcurrentLinkedQueue<>();
  final Set<String> savedInDoubt = ConcurrentHashMap.newKeySet();
  final ConcurrentLinkedDeque<UUID> savedIds = new ConcurrentLinkedDeque<>();
  final ConcurrentHashMap<UUID, AtomicInteger> toggles = new ConcurrentHashMap<>();
  final Set<UUID> toggledInDoubt = ConcurrentHashMap.newKeySet();
  final Queue<String> appended = new ConcurrentLinkedQueue<>();
  final Set<String> appendedInDoubt = ConcurrentHashMap.newKeySet();
  final Queue<String> names = new ConcurrentLinkedQueue<>();
  final Set<String> namesInDoubt = ConcurrentHashMap.newKeySet();
  volatile String lastSaved;
  volatile String lastAppended;
  volatile String lastName;

  private Tenant(UUID id, boolean ownedByOneWorker) {
    this.id = id;
    this.conversation = "conv-" + id;
    this.ownedByOneWorker = ownedByOneWorker;
  }

  /**
   * {@code count} new users, each with an empty conversation of its own, named {@code
   * <prefix>-<n>@example.com}.
   */
  static List<Tenant> create(DataSource db, String prefix, int count, boolean ownedByOneWorker) {
    List<Tenant> tenants = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Tenant tenant = new Tenant(TestUsers.create(db, prefix + "-" + i + "@example.com"), ownedByOneWorker);
      TestSql.exec(db, "insert into public.agent_conversations (id, user_id, messages) values (?, ?, '[]'::jsonb)",
          tenant.conversation, tenant.id);
      TestSql.exec(db, "insert into public.voice_profiles (user_id, name) values (?, ?)", tenant.id, tenant.marker("voice"));
      tenants.add(tenant);
    }
    return tenants;
  }

  /**
   * Which tenants each of {@code workers} workers acts for: worker {@code w} takes every {@code
   * workers}-th tenant from number {@code w}; with fewer tenants than workers, workers share them.
   */
  static List<List<Tenant>> assign(List<Tenant> tenants, int workers) {
    List<List<Tenant>> assigned = new ArrayList<>();
    for (int worker = 0; worker < workers; worker++) {
      List<Tenant> mine = new ArrayList<>();
      for (int i = worker % tenants.size(); i < tenants.size(); i += workers) {
        mine.add(tenants.get(i));
      }
      assigned.add(List.copyOf(mine));
    }
    return assigned;
  }

  /** A new, unique text carrying this user's marker. */
  String marker(String kind) {
    return prefix() + kind + "-" + SEQUENCE.incrementAndGet();
  }

  /** What every text written for this user starts with. */
  String prefix() {
    return "m:" + id + ":";
  }

  boolean owns(String text) {
    return text.startsWith(prefix());
  }

  /** Whether every marker in {@code text} is this user's. */
  boolean ownsAllMarkersIn(String text) {
    Matcher marker = MARKER.matcher(text);
    while (marker.find()) {
      if (!marker.group(1).equals(id.toString())) {
        return false;
      }
    }
    return true;
  }

  /** The most recent meditation saved for this user with a confirmed call, if any. */
  Optional<UUID> newestSavedId() {
    return Optional.ofNullable(savedIds.peekLast());
  }

  @Override
  public String toString() {
    return "Tenant[" + id + "]";
  }
}
