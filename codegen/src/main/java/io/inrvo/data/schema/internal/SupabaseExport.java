package io.inrvo.data.schema.internal;

import io.inrvo.data.schema.InrvoSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the migrations as the Supabase CLI expects them: {@code
 * supabase/migrations/<timestamp>_<name>.sql}, applied in file-name order. The timestamp is
 * derived from the version (a fixed instant plus that many seconds), so every run writes the same
 * names and the same contents.
 */
public final class SupabaseExport {

  /** The timestamp of version 0; version {@code n} is this plus {@code n} seconds. */
  private static final LocalDateTime EPOCH = LocalDateTime.of(2026, 11, 24, 0, 0);
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private SupabaseExport() {}

  /** The Supabase CLI file name of {@code V<version>__<description>.sql}. */
  public static String fileName(String flywayName) {
    int separator = flywayName.indexOf("__");
    long version = Long.parseLong(flywayName.substring(1, separator));
    String description = flywayName.substring(separator + 2, flywayName.length() - ".sql".length());
    return EPOCH.plusSeconds(version).format(TIMESTAMP) + "_"
        + (description.startsWith("inrvo_") ? description : "inrvo_" + description) + ".sql";
  }

  /**
   * The version whose exported file carries {@code timestamp} (the inverse of {@link #fileName}),
   * empty when {@code timestamp} is not one of this export's ({@code yyyyMMddHHmmss}, not before
   * version 0).
   */
  public static java.util.Optional<String> versionOf(String timestamp) {
    try {
      long seconds = java.time.Duration.between(EPOCH, LocalDateTime.parse(timestamp, TIMESTAMP)).getSeconds();
      return seconds < 0 ? java.util.Optional.empty() : java.util.Optional.of(Long.toString(seconds));
    } catch (java.time.format.DateTimeParseException notATimestamp) {
      return java.util.Optional.empty();
    }
  }

  /** Writes every migration under {@code projectDirectory/supabase/migrations}; returns the files, in order. */
  public static List<Path> write(Path projectDirectory) {
    Path folder = projectDirectory.resolve("supabase").resolve("migrations");
    List<Map.Entry<String, byte[]>> scripts = new ArrayList<>(MigrationFiles.scripts().entrySet());
    scripts.sort(Comparator.comparing(e -> fileName(e.getKey())));
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(folder);
      for (Map.Entry<String, byte[]> script : scripts) {
        Path file = folder.resolve(fileName(script.getKey()));
        String version = script.getKey().substring(0, script.getKey().indexOf("__"));
        String header = "-- inrvo-data migration " + version + " (" + script.getKey() + "), exported for the Supabase CLI.\n"
            + "-- Apply it as it is, in file-name order (supabase db push). Once " + InrvoSchema.class.getSimpleName()
            + ".migrate has run on a database\n-- (it records its migrations in " + InrvoSchema.HISTORY_SCHEMA + "."
            + InrvoSchema.HISTORY_TABLE + "), mark the files it applied as applied\n"
            + "-- (supabase migration repair --status applied) instead of pushing them.\n\n";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[headerBytes.length + script.getValue().length];
        System.arraycopy(headerBytes, 0, content, 0, headerBytes.length);
        System.arraycopy(script.getValue(), 0, content, headerBytes.length, script.getValue().length);
        Files.write(file, content);
        written.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the Supabase migrations to " + folder, e);
    }
    return written;
  }
}
