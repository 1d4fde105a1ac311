package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.Caller;
import io.inrvo.data.cache.TableChange.Operation;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvalidationRoutesTest {

  private final CacheBackend backend = CacheBackend.caffeine();
  private final QueryCache<String> history = QueryCache.create(backend, CacheSettings.defaults().meditationHistory());
  private final QueryCache<String> adminList =
      QueryCache.create(backend, new CacheSpec("admin-meditations", Duration.ofMinutes(1), 100));
  private final QueryCache<String> presets = QueryCache.create(backend, CacheSettings.defaults().audioTags());
  private final InvalidationRoutes routes = InvalidationRoutes.builder()
      .perUser("meditation_history", history)
      .acrossUsers("meditation_history", adminList)
      .acrossUsers("audio_tag_presets", presets)
      .build();

  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();
  private final QueryKey alicePage = QueryKey.of(Caller.user(alice), "history.page", 20);
  private final QueryKey bobPage = QueryKey.of(Caller.user(bob), "history.page", 20);
  private final QueryKey adminPage = QueryKey.acrossUsers(Caller.admin(bob), "admin.meditations", 1);
  private final QueryKey presetList = QueryKey.of(Caller.user(alice), "audioTags.presets");

  private void fill() {
    history.get(alicePage, () -> "alice v1");
    history.get(bobPage, () -> "bob v1");
    adminList.get(adminPage, () -> "admin v1");
    presets.get(presetList, () -> "presets v1");
  }

  @Test
  void aUsersChangeDropsThatUsersEntriesAndTheListsAcrossUsers() {
    fill();
    routes.changed(TableChange.ofUser("meditation_history", alice, Operation.INSERT));
    assertEquals("alice v2", history.get(alicePage, () -> "alice v2"));
    assertEquals("bob v1", history.get(bobPage, () -> "bob v2"));
    assertEquals("admin v2", adminList.get(adminPage, () -> "admin v2"));
    assertEquals("presets v1", presets.get(presetList, () -> "presets v2"));
  }

  @Test
  void aWholeTableChangeDropsEverythingFromThatTable() {
    fill();
    routes.changed(TableChange.wholeTable("meditation_history"));
    assertEquals("alice v2", history.get(alicePage, () -> "alice v2"));
    assertEquals("bob v2", history.get(bobPage, () -> "bob v2"));
    assertEquals("admin v2", adminList.get(adminPage, () -> "admin v2"));
    assertEquals("presets v1", presets.get(presetList, () -> "presets v2"));

    routes.changed(TableChange.wholeTable("audio_tag_presets"));
    assertEquals("presets v2", presets.get(presetList, () -> "presets v2"));
  }

  @Test
  void aFlushDropsEveryCacheAndUnknownTablesAreIgnored() {
    fill();
    routes.changed(TableChange.ofUser("voice_profiles", alice, Operation.UPDATE));
    assertEquals("alice v1", history.get(alicePage, () -> "alice v2"));
    routes.flushAll(FlushReason.RECONNECTED);
    assertEquals("alice v2", history.get(alicePage, () -> "alice v2"));
    assertEquals("bob v2", history.get(bobPage, () -> "bob v2"));
    assertEquals("admin v2", adminList.get(adminPage, () -> "admin v2"));
    assertEquals("presets v2", presets.get(presetList, () -> "presets v2"));
  }

  @Test
  void tableNamesMustBeIdentifiers() {
    assertThrows(IllegalArgumentException.class, () -> InvalidationRoutes.builder().perUser("public.users", history));
  }
}
