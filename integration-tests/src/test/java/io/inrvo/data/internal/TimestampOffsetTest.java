package io.inrvo.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.voice.NewVoiceProfile;
import io.inrvo.data.voice.VoiceProfile;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Timestamps come back equal, at offset UTC, whichever way the library read them (a fixed
 * statement, or jOOQ rendering per call) and whatever the JVM's time zone (pgjdbc gives the
 * session the JVM's zone, and text timestamps its offset).
 */
class TimestampOffsetTest {

  /** One pooled connection, opened when the test first asks for the Inrvo: after the zone is set. */
  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.onOneConnection("");

  private static TimeZone original;

  @BeforeAll
  static void inAZoneFarFromUtc() {
    original = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata")); // +05:30, before the connection opens
  }

  @AfterAll
  static void restore() {
    TimeZone.setDefault(original);
  }

  @Test
  void aRowReadByAFixedStatementEqualsTheSameRowReadThroughJooq(Inrvo inrvo, @TestUser("alice") Session alice,
      @TestUser("alice") UUID aliceId, @TestAdmin("admin") Session admin) {

    VoiceProfile created = alice.voiceProfiles().create(NewVoiceProfile.named("Calm")); // rendered per call
    VoiceProfile listed = alice.voiceProfiles().list().get(0); // fixed statement
    VoiceProfile listedByAdmin = admin.admin()
        .voiceProfiles(AdminListRequest.first(10).forUser(aliceId)).items().get(0).profile(); // rendered per call

    assertEquals(created, listed);
    assertEquals(listed, listedByAdmin);
    assertEquals(ZoneOffset.UTC, listed.createdAt().getOffset());
  }
}
