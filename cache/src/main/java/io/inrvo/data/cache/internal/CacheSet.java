package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.CacheBackend;
import io.inrvo.data.cache.CacheSettings;
import io.inrvo.data.cache.CacheStats;
import io.inrvo.data.cache.DeduplicatorStats;
import io.inrvo.data.cache.InvalidationRoutes;
import io.inrvo.data.cache.QueryCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The caches of one {@code CachingInrvo}, one per {@link CacheSettings} entry, and which of them
 * each kind of write makes stale. Values of one cache have several types (a voice list, a voice
 * lookup); the operation name in each key decides the type, so a key never meets a value of
 * another type.
 *
 * <p>The same table-to-cache map serves the library's own writes (the methods below) and the
 * listener ({@link #routes()}), so the two never disagree.
 */
final class CacheSet {

  final FencedQueryCache<Object> history;
  final FencedQueryCache<Object> voiceProfiles;
  final FencedQueryCache<Object> audioTags;
  final FencedQueryCache<Object> userProfile;
  final FencedQueryCache<Object> conversations;
  final FencedQueryCache<Object> adminLists;

  /** What the listener tells every cache of this set. */
  final Coherence coherence;

  private final List<QueryCache<Object>> all;

  CacheSet(CacheBackend backend, CacheSettings settings, Coherence coherence) {
    this.coherence = coherence;
    history = FencedQueryCache.create(backend, settings.meditationHistory(), coherence);
    voiceProfiles = FencedQueryCache.create(backend, settings.voiceProfiles(), coherence);
    audioTags = FencedQueryCache.create(backend, settings.audioTags(), coherence);
    userProfile = FencedQueryCache.create(backend, settings.userProfile(), coherence);
    conversations = FencedQueryCache.create(backend, settings.conversations(), coherence);
    adminLists = FencedQueryCache.create(backend, settings.adminLists(), coherence);
    all = List.of(history, voiceProfiles, audioTags, userProfile, conversations, adminLists);
  }

  /**
   * Table to caches, for the listener. {@code users} holds the profile and the audio tag
   * preferences, and the owners' e-mails shown in every admin list.
   */
  InvalidationRoutes routes() {
    return InvalidationRoutes.builder()
        .perUser("meditation_history", history)
        .acrossUsers("meditation_history", adminLists)
        .perUser("voice_profiles", voiceProfiles)
        .acrossUsers("voice_profiles", adminLists)
        .perUser("users", userProfile, audioTags)
        .acrossUsers("users", adminLists)
        .acrossUsers("audio_tag_presets", audioTags)
        .perUser("agent_conversations", conversations)
        .build();
  }

  /** {@code user}'s meditation history changed. */
  void historyChanged(UUID user) {
    history.invalidateUser(user);
    adminLists.invalidateAll();
  }

  /** {@code user}'s voice profiles changed: lists and lookups about that owner go. */
  void voiceProfilesChanged(UUID user) {
    voiceProfiles.invalidateUser(user);
    adminLists.invalidateAll();
  }

  /** {@code user}'s profile columns changed (names, last login): the admin user list shows them. */
  void profileChanged(UUID user) {
    userProfile.invalidateUser(user);
    adminLists.invalidateAll();
  }

  /** {@code user}'s audio tag preferences changed; no admin list shows them. */
  void preferencesChanged(UUID user) {
    audioTags.invalidateUser(user);
  }

  /** {@code user}'s conversations changed. */
  void conversationsChanged(UUID user) {
    conversations.invalidateUser(user);
  }

  /** Everything owned by {@code user}, in every cache, and every admin list. */
  void userChanged(UUID user) {
    all.forEach(cache -> cache.invalidateUser(user));
    adminLists.invalidateAll();
  }

  /** Everything. */
  void invalidateAll() {
    all.forEach(QueryCache::invalidateAll);
  }

  /** Counters by cache name. */
  Map<String, CacheStats> stats() {
    Map<String, CacheStats> stats = new LinkedHashMap<>();
    all.forEach(cache -> stats.put(cache.spec().name(), cache.stats()));
    return stats;
  }

  /** Deduplicator counters by cache name. */
  Map<String, DeduplicatorStats> deduplicatorStats() {
    Map<String, DeduplicatorStats> stats = new LinkedHashMap<>();
    all.forEach(cache -> stats.put(cache.spec().name(), cache.deduplicatorStats()));
    return stats;
  }
}
