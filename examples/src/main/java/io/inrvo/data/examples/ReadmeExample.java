package io.inrvo.data.examples;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.voice.VoiceProfileLookup;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The README's usage example, kept here so that the build proves it compiles (and the demo runs it). */
final class ReadmeExample {

  private ReadmeExample() {}

  static void run(DataSource dataSource, UUID aliceId, UUID profileId) {
    // --- README example: begin ---
    Inrvo inrvo = Inrvo.create(dataSource);                       // share one per DataSource
    Session alice = inrvo.asUser(aliceId);                        // RLS: auth.uid() = aliceId
    UUID saved = alice.history().save(NewMeditation.withPrompt("Calm before sleep")
        .withDurationSeconds(600));                               // one atomic round trip
    Page<MeditationSummary> page = alice.history().page(PageRequest.first(20));
    page.items().forEach(m -> System.out.println(m.createdAt() + "  " + m.prompt()));
    page.next().ifPresent(cursor -> alice.history().page(PageRequest.first(20).after(cursor)));
    Optional<VoiceProfileLookup> voice =                          // Index Only Scan
        inrvo.asService().voiceProfiles().lookup(profileId, aliceId);
    // --- README example: end ---
    System.out.println("saved " + saved + ", voice found: " + voice.isPresent());
  }
}
