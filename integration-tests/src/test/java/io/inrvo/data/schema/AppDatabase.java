package io.inrvo.data.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The INrVO app's own database before inrvo-data: {@code adopt/app-grown-over-25-migrations.sql},
 * created by plain SQL the way the app's migrations left it on Supabase.
 */
final class AppDatabase {

  private static final String SCRIPT = "adopt/app-grown-over-25-migrations.sql";

  private AppDatabase() {}

  /** Creates the app's schema as {@code owner} (the migrating login of a {@link SupabaseLike} database). */
  static void create(DataSource owner) throws SQLException {
    try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
      s.execute(script());
    }
  }

  private static String script() {
    try (InputStream in = AppDatabase.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + SCRIPT);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
