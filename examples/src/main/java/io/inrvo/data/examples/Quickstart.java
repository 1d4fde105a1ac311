package io.inrvo.data.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.schema.InrvoSchema;
import java.util.UUID;

/**
 * The README's quickstart, from an empty database to the first page, kept here so that the build
 * compiles it and {@code QuickstartTest} runs it against an empty database and holds the README's
 * copy to this one, line for line.
 */
final class Quickstart {

  private Quickstart() {}

  /**
   * Runs the quickstart on the database at {@code url}.
   *
   * @param url the JDBC URL of an empty or migrated database
   * @param user the login
   * @param password its password
   * @return the first page the quickstart read
   */
  static Page<MeditationSummary> run(String url, String user, String password) {
    // --- quickstart: begin ---
    HikariConfig config = new HikariConfig();                  // a pool: ~0.2 ms a call, not ~30 ms
    config.setJdbcUrl(url);                                    // Supabase: the direct or session-mode URL
    config.setUsername(user);
    config.setPassword(password);
    HikariDataSource pool = new HikariDataSource(config);
    InrvoSchema.migrate(pool);                                 // at deploy; does nothing when up to date
    Inrvo inrvo = Inrvo.create(pool);                          // checks the schema version; share it

    UUID aliceId = UUID.randomUUID();                          // Supabase: the id Supabase Auth gave her
    InrvoSchema.createAuthUser(pool, aliceId, "alice@example.org"); // bare PostgreSQL only: Auth's part
    Session alice = inrvo.asUser(aliceId);
    alice.profile().signUp("alice@example.org");               // her users row, once, at sign-up
    alice.history().save(NewMeditation.withPrompt("Calm before sleep").withDurationSeconds(600));
    Page<MeditationSummary> page = alice.history().page(PageRequest.first(20));
    // --- quickstart: end ---
    pool.close();
    return page;
  }
}
