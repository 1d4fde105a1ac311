package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.conversation.Conversation;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.voice.VoiceProfile;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.JSONB;

/**
 * The mixed operations of the fault workloads, for one tenant at a time: reads of history pages,
 * the profile, the conversation and voice profiles (about 60%), saves, favorite toggles, profile
 * updates and message appends (about 40%). Every read checks that what it got is the tenant's own
 * (and, for a tenant one worker owns, that it sees that worker's confirmed writes); every write
 * goes into the tenant's ledger as confirmed or in doubt.
 */
final class MixedWork {

  private static final PageRequest FIRST_PAGE = PageRequest.first(10);

  private final Inrvo inrvo;
  private final Figures figures;

  MixedWork(Inrvo inrvo, Figures figures) {
    this.inrvo = inrvo;
    this.figures = figures;
  }

  /** One operation, chosen by {@code random}, for one of {@code tenants}. */
  void step(int worker, List<Tenant> tenants, Random random) {
    Tenant tenant = tenants.get(random.nextInt(tenants.size()));
    Session session = inrvo.asUser(tenant.id);
    int roll = random.nextInt(100);
    if (roll < 25) {
      readPage(worker, tenant, session);
    } else if (roll < 37) {
      figures.run(worker, "profile.get", () -> assertEquals(tenant.id, session.profile().get().id(), "another user's profile"));
    } else if (roll < 50) {
      readConversation(worker, tenant, session);
    } else if (roll < 60) {
      figures.run(worker, "voiceProfiles.list", () -> {
        List<VoiceProfile> voices = session.voiceProfiles().list();
        assertTrue(voices.stream().allMatch(v -> v.userId().equals(tenant.id)), "another user's voice profile");
      });
    } else if (roll < 75) {
      save(worker, tenant, session);
    } else if (roll < 82) {
      toggle(worker, tenant, session);
    } else if (roll < 88) {
      String name = tenant.marker("name");
      boolean ok = figures.run(worker, "profile.update", () -> session.profile().update(ProfileUpdate.none().withLastName(name)));
      record(ok, name, tenant.names, tenant.namesInDoubt);
      if (ok) {
        tenant.lastName = name;
      }
    } else {
      append(worker, tenant, session);
    }
  }

  private void readPage(int worker, Tenant tenant, Session session) {
    String mustSee = tenant.lastSaved;
    figures.run(worker, "history.page", () -> {
      List<String> prompts = session.history().page(FIRST_PAGE).items().stream().map(MeditationSummary::prompt).toList();
      assertTrue(prompts.stream().allMatch(tenant::owns), "another user's meditation in " + prompts);
      if (tenant.ownedByOneWorker && mustSee != null) {
        assertTrue(prompts.contains(mustSee), "the worker's own confirmed save is missing from " + prompts);
      }
    });
  }

  private void readConversation(int worker, Tenant tenant, Session session) {
    String mustSee = tenant.lastAppended;
    figures.run(worker, "conversations.find", () -> {
      Conversation conversation = session.conversations().find(tenant.conversation).orElseThrow();
      assertEquals(tenant.id, conversation.userId(), "another user's conversation");
      String messages = conversation.messages().data();
      assertTrue(tenant.ownsAllMarkersIn(messages), "another user's message in " + messages);
      if (tenant.ownedByOneWorker && mustSee != null) {
        assertTrue(messages.contains(mustSee), "the worker's own confirmed message is missing");
      }
    });
  }

  private void save(int worker, Tenant tenant, Session session) {
    String prompt = tenant.marker("meditation");
    Optional<UUID> id = figures.call(worker, "history.save", () -> session.history().save(NewMeditation.withPrompt(prompt)));
    record(id.isPresent(), prompt, tenant.saved, tenant.savedInDoubt);
    id.ifPresent(saved -> {
      tenant.savedIds.add(saved);
      tenant.lastSaved = prompt;
    });
  }

  private void toggle(int worker, Tenant tenant, Session session) {
    Optional<UUID> newest = tenant.newestSavedId();
    if (newest.isEmpty()) {
      save(worker, tenant, session);
      return;
    }
    UUID id = newest.get();
    boolean ok = figures.run(worker, "history.toggleFavorite", () -> session.history().toggleFavorite(id));
    if (ok) {
      tenant.toggles.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    } else {
      tenant.toggledInDoubt.add(id);
    }
  }

  private void append(int worker, Tenant tenant, Session session) {
    String text = tenant.marker("message");
    JSONB message = JSONB.valueOf("[{\"role\":\"user\",\"content\":\"" + text + "\"}]");
    boolean ok = figures.run(worker, "conversations.append", () -> session.conversations().append(tenant.conversation, message));
    record(ok, text, tenant.appended, tenant.appendedInDoubt);
    if (ok) {
      tenant.lastAppended = text;
    }
  }

  private static void record(boolean ok, String text, Queue<String> confirmed, Set<String> inDoubt) {
    if (ok) {
      confirmed.add(text);
    } else {
      inDoubt.add(text);
    }
  }
}
