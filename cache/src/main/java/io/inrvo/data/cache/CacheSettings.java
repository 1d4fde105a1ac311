package io.inrvo.data.cache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The caches the library keeps, one {@link CacheSpec} each. Start from {@link #defaults()} and
 * replace what differs with the {@code with...} methods.
 *
 * <p>Every change to a cached row, made through the library or by anyone else (the schema's
 * change-notification triggers notify the {@link InvalidationListener}), invalidates the affected entries at once.
 * The time to live therefore only bounds how long a change can stay unseen when invalidation
 * cannot work: no listener running (LISTEN needs a direct or session-mode connection). While a
 * listener runs without its connection, {@link CachingInrvo.Builder#disconnectedTimeToLive} bounds
 * it instead.
 *
 * <p>Sizes bound memory: a history page holds at most 100 summaries without scripts (about 500
 * bytes each), a voice profile list at most 100 small rows, a profile or a preferences object a
 * few hundred bytes, a conversation up to its live messages, an admin page up to 500 rows.
 *
 * @param meditationHistory history, favorites and with-audio pages. Default: 5 minutes (as the
 *     app's client cache), 2,000 pages
 * @param voiceProfiles voice profile lists and lookups. Default: 30 minutes (as the app's
 *     voice cache; profiles change rarely and are read on every synthesis), 5,000 entries
 * @param audioTags the shared preset catalogue and each user's audio tag preferences. Default: 1
 *     hour (as the app's audio tag cache; the catalogue changes with releases), 10,000 entries
 * @param userProfile the caller's own profile. Default: 10 minutes, 10,000 entries. The app had
 *     none; read on every request but changed rarely, and role and tier, which gate features,
 *     are changed by the back office, often by plain SQL: 10 minutes bounds how long such a change
 *     can go unseen when no listener runs, at one query per user per 10 minutes
 * @param conversations the latest conversation and single conversations. Default: 5 minutes, as
 *     history (the app had none); 1,000 entries, since a conversation carries its live messages
 * @param adminLists the admin lists of users, meditations and voice profiles, cached per admin.
 *     Default: 1 minute, 1,000 pages. Each list mixes every user's rows, so any change to users,
 *     meditations or voice profiles drops all of them; and a cached page is served without asking
 *     {@code is_admin()} again, so the short time to live also bounds how long an admin demoted
 *     by plain SQL keeps reading lists cached before, when no listener runs
 */
public record CacheSettings(
    CacheSpec meditationHistory,
    CacheSpec voiceProfiles,
    CacheSpec audioTags,
    CacheSpec userProfile,
    CacheSpec conversations,
    CacheSpec adminLists) {

  /**
   * Checks that every {@link CacheSpec} is present and their names are distinct.
   *
   * @param meditationHistory the history page cache's {@link CacheSpec}
   * @param voiceProfiles the voice profile cache's {@link CacheSpec}
   * @param audioTags the audio tag cache's {@link CacheSpec}
   * @param userProfile the profile cache's {@link CacheSpec}
   * @param conversations the conversation cache's {@link CacheSpec}
   * @param adminLists the admin list cache's {@link CacheSpec}
   * @throws IllegalArgumentException when two of them share a name
   */
  public CacheSettings {
    List<CacheSpec> specs = List.of(
        Objects.requireNonNull(meditationHistory, "meditationHistory"),
        Objects.requireNonNull(voiceProfiles, "voiceProfiles"),
        Objects.requireNonNull(audioTags, "audioTags"),
        Objects.requireNonNull(userProfile, "userProfile"),
        Objects.requireNonNull(conversations, "conversations"),
        Objects.requireNonNull(adminLists, "adminLists"));
    if (specs.stream().map(CacheSpec::name).distinct().count() != specs.size()) {
      throw new IllegalArgumentException("cache names must be distinct, got " + specs.stream().map(CacheSpec::name).toList());
    }
  }

  /**
   * The defaults documented on each component.
   *
   * @return the defaults
   */
  public static CacheSettings defaults() {
    return new CacheSettings(
        new CacheSpec("meditation-history", Duration.ofMinutes(5), 2_000),
        new CacheSpec("voice-profiles", Duration.ofMinutes(30), 5_000),
        new CacheSpec("audio-tags", Duration.ofHours(1), 10_000),
        new CacheSpec("user-profile", Duration.ofMinutes(10), 10_000),
        new CacheSpec("conversations", Duration.ofMinutes(5), 1_000),
        new CacheSpec("admin-lists", Duration.ofMinutes(1), 1_000));
  }

  /**
   * These settings with another meditation history spec.
   *
   * @param spec the new spec
   * @return a copy with it
   */
  public CacheSettings withMeditationHistory(CacheSpec spec) {
    return new CacheSettings(spec, voiceProfiles, audioTags, userProfile, conversations, adminLists);
  }

  /**
   * These settings with another voice profile spec.
   *
   * @param spec the new spec
   * @return a copy with it
   */
  public CacheSettings withVoiceProfiles(CacheSpec spec) {
    return new CacheSettings(meditationHistory, spec, audioTags, userProfile, conversations, adminLists);
  }

  /**
   * These settings with another audio tag spec.
   *
   * @param spec the new spec
   * @return a copy with it
   */
  public CacheSettings withAudioTags(CacheSpec spec) {
    return new CacheSettings(meditationHistory, voiceProfiles, spec, userProfile, conversations, adminLists);
  }

  /**
   * These settings with another user profile spec.
   *
   * @param spec the new spec
   * @return a copy with it
   */
  public CacheSettings withUserProfile(CacheSpec spec) {
    return new CacheSettings(meditationHistory, voiceProfiles, audioTags, spec, conversations, adminLists);
  }

  /**
   * These settings with another conversation spec.
   *
   * @param spec the new spec
   * @return a copy with it
   */
  public CacheSettings withConversations(CacheSpec spec) {
    return new CacheSettings(meditationHistory, voiceProfiles, audioTags, userProfile, spec, adminLists);
  }

  /**
   * These settings with another admin list spec.
   *
   * @param spec the new spec
   * @return a copy with it
   */
  public CacheSettings withAdminLists(CacheSpec spec) {
    return new CacheSettings(meditationHistory, voiceProfiles, audioTags, userProfile, conversations, spec);
  }

  /**
   * Every spec, in component order.
   *
   * @return the six specs
   */
  public List<CacheSpec> all() {
    return List.of(meditationHistory, voiceProfiles, audioTags, userProfile, conversations, adminLists);
  }
}
