package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheSettingsTest {

  @Test
  void defaultsFollowTheSpec() {
    CacheSettings defaults = CacheSettings.defaults();
    assertEquals(Duration.ofMinutes(5), defaults.meditationHistory().timeToLive());
    assertEquals(Duration.ofMinutes(30), defaults.voiceProfiles().timeToLive());
    assertEquals(Duration.ofHours(1), defaults.audioTags().timeToLive());
    assertEquals(Duration.ofMinutes(10), defaults.userProfile().timeToLive());
    assertEquals(Duration.ofMinutes(5), defaults.conversations().timeToLive());
    assertEquals(Duration.ofMinutes(1), defaults.adminLists().timeToLive());
    assertEquals(6, defaults.all().size());
    assertTrue(defaults.all().stream().allMatch(spec -> spec.maximumSize() <= 10_000), "every cache is bounded");
  }

  @Test
  void eachSpecCanBeReplaced() {
    CacheSpec shortHistory = CacheSettings.defaults().meditationHistory().withTimeToLive(Duration.ofMinutes(1));
    CacheSettings settings = CacheSettings.defaults().withMeditationHistory(shortHistory);
    assertEquals(shortHistory, settings.meditationHistory());
    assertEquals(CacheSettings.defaults().voiceProfiles(), settings.voiceProfiles());
    CacheSpec longAdmin = CacheSettings.defaults().adminLists().withTimeToLive(Duration.ofMinutes(5));
    assertEquals(longAdmin, settings.withAdminLists(longAdmin).adminLists());
    assertEquals(shortHistory, settings.withAdminLists(longAdmin).meditationHistory());
  }

  @Test
  void badSpecsAreRejectedWithTheirValue() {
    IllegalArgumentException ttl = assertThrows(
        IllegalArgumentException.class, () -> new CacheSpec("x", Duration.ofNanos(10), 10));
    assertTrue(ttl.getMessage().contains("timeToLive") && ttl.getMessage().contains("PT0.00000001S"), ttl.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CacheSpec("x", Duration.ofMinutes(1), 0));
    assertThrows(IllegalArgumentException.class, () -> new CacheSpec("X y", Duration.ofMinutes(1), 10));
    CacheSettings defaults = CacheSettings.defaults();
    assertThrows(IllegalArgumentException.class,
        () -> defaults.withConversations(defaults.meditationHistory()), "names must be distinct");
  }
}
