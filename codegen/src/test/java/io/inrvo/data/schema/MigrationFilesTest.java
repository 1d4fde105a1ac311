package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.internal.MigrationFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped migrations, read without a database; their fingerprint names the test kit's template. */
class MigrationFilesTest {

  @Test
  void shipsTheSpecsMigrationsFirstThenLaterVersionsInOrder() {
    Map<String, byte[]> scripts = MigrationFiles.scripts();

    assertEquals(List.of(
            "V1__supabase_compat_shim.sql",
            "V2__inrvo_baseline.sql",
            "V3__atomic_meditation_save.sql",
            "V4__meditation_with_audio_index.sql",
            "V5__agent_conversation_archiving.sql",
            "V6__agent_conversation_search_index.sql"),
        scripts.keySet().stream().filter(n -> n.matches("V[1-6]__.*")).sorted().toList());
    scripts.forEach((name, content) -> {
      assertTrue(name.matches("V[1-9][0-9]*__[a-z0-9_]+\\.sql"), name);
      assertTrue(content.length > 0, name);
    });
    List<String> versions = MigrationFiles.versions();
    assertEquals(scripts.size(), versions.stream().distinct().count(), "one script per version: " + versions);
    assertEquals("1", versions.get(0));
  }

  /**
   * Every released version, in order. V7 was retired before any release (the folder's README.md
   * says why): a file numbered 7 would be a version below what databases already have, which
   * Flyway refuses. A new migration appends its version here.
   */
  @Test
  void releasedVersionsArePinnedAndSevenStaysRetired() {
    assertEquals(List.of("1", "2", "3", "4", "5", "6", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22"), MigrationFiles.versions());
  }

  @Test
  void theFolderExplainsTheRetiredVersionWhereItsFilesAre() throws Exception {
    try (var readme = MigrationFilesTest.class.getClassLoader()
        .getResourceAsStream("io/inrvo/data/schema/migrations/README.md")) {
      assertTrue(readme != null, "README.md beside the migrations");
      String text = new String(readme.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(text.contains("## Why there is no V7"), text);
    }
  }

  @Test
  void fingerprintIsAStableShortHexDigest() {
    String fingerprint = MigrationFiles.fingerprint();

    assertTrue(fingerprint.matches("[0-9a-f]{16}"), fingerprint);
    assertEquals(fingerprint, MigrationFiles.fingerprint());
  }
}
