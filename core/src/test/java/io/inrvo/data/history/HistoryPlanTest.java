package io.inrvo.data.history;

import static io.inrvo.data.history.HistoryFixtures.generate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.CountPolicy;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUsers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EXPLAINs the SQL the library actually sent (captured by a statement listener, bind values
 * inlined), under the caller's role and claims so row-level security is part of the plan, on a few
 * thousand generated rows after VACUUM ANALYZE.
 */
class HistoryPlanTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  /** {@code select *}, {@code select distinct *}, {@code "table".*}: never sent by the library. */
  private static final Pattern STAR = Pattern.compile("(?is)\\bselect\\s+(distinct\\s+)?\\*|\\.\\s*\\*|,\\s*\\*\\s*(,|from\\b)");

  private static DataSource ds;
  private static UUID alice;

  private final List<ExecutedStatement> captured = HistoryFixtures.captured();
  private Inrvo inrvo;

  @BeforeAll
  static void data() {
    ds = DB.dataSource();
    alice = TestUsers.create(ds, "alice@example.com");
    generate(ds, alice, 400, "1 minute");
    for (int i = 0; i < 15; i++) {
      generate(ds, TestUsers.create(ds, "other" + i + "@example.com"), 250, "1 minute");
    }
    HistoryFixtures.vacuumAnalyze(ds);
  }

  @BeforeEach
  void instance() {
    inrvo = HistoryFixtures.inrvo(ds, captured);
  }

  @Test
  void theFirstHistoryPageReadsTheUserCreatedIndexWithoutSorting() {
    String plan = explainPage(h -> h.page(PageRequest.first(20)));

    assertTrue(plan.contains("idx_meditation_history_user_created"), plan);
    assertFalse(plan.contains("\"Sort\""), plan);
  }

  @Test
  void aKeysetHistoryPageReadsTheUserCreatedIndexWithoutSorting() {
    MeditationHistoryRepository history = inrvo.asUser(alice).history();
    PageRequest second = PageRequest.first(20).after(history.page(PageRequest.first(20)).next().orElseThrow());

    String plan = explainPage(h -> h.page(second));

    assertTrue(plan.contains("idx_meditation_history_user_created"), plan);
    assertFalse(plan.contains("\"Sort\""), plan);
    assertTrue(lastPageStatement().sql().contains(") < ("), "a row comparison: " + lastPageStatement().sql());
  }

  @Test
  void favoritePagesReadThePartialFavoritesIndex() {
    MeditationHistoryRepository history = inrvo.asUser(alice).history();
    PageRequest second = PageRequest.first(10).after(history.favorites(PageRequest.first(10)).next().orElseThrow());

    String first = explainPage(h -> h.favorites(PageRequest.first(10)));
    String keyset = explainPage(h -> h.favorites(second));

    assertTrue(first.contains("idx_meditation_favorites_optimized"), first);
    assertTrue(keyset.contains("idx_meditation_favorites_optimized"), keyset);
  }

  @Test
  void withAudioPagesReadThePartialWithAudioIndex() {
    MeditationHistoryRepository history = inrvo.asUser(alice).history();
    PageRequest second = PageRequest.first(10).after(history.withAudio(PageRequest.first(10)).next().orElseThrow());

    String first = explainPage(h -> h.withAudio(PageRequest.first(10)));
    String keyset = explainPage(h -> h.withAudio(second));

    assertTrue(first.contains("idx_meditation_history_with_audio"), first);
    assertTrue(keyset.contains("idx_meditation_history_with_audio"), keyset);
  }

  @Test
  void findReadsOneRowByPrimaryKey() {
    UUID id = HistoryFixtures.idsInListOrder(ds, alice, "true").get(7);
    captured.clear();
    inrvo.asUser(alice).history().find(id);

    String plan = explain(statementContaining("\"enhanced_script\""));

    assertTrue(plan.contains("meditation_history_pkey"), plan);
  }

  @Test
  void noStatementOfAnyHistoryMethodSelectsStar() {
    MeditationHistoryRepository history = inrvo.asUser(alice).history();
    UUID id = history.save(NewMeditation.withPrompt("star check").withAudioTags(List.of("calm")));
    history.page(PageRequest.first(5));
    history.page(PageRequest.first(5).withCount(CountPolicy.PLANNED));
    history.page(PageRequest.first(5).after(history.page(PageRequest.first(5)).next().orElseThrow()));
    history.favorites(PageRequest.first(5).atOffset(3));
    history.withAudio(PageRequest.first(5));
    history.find(id);
    history.toggleFavorite(id);
    history.delete(id);

    assertTrue(captured.size() >= 20, "captured " + captured.size());
    for (ExecutedStatement statement : captured) {
      assertFalse(STAR.matcher(statement.sql()).find(), statement.sql());
    }
    // The pattern itself does catch what it must.
    assertTrue(STAR.matcher("select * from t").find());
    assertTrue(STAR.matcher("select \"t\".* from t").find());
    assertFalse(STAR.matcher("select count(*) from t").find());
  }

  @Test
  void listStatementsSelectExactlyTheEightSummaryColumns() {
    inrvo.asUser(alice).history().page(PageRequest.first(5).withCount(CountPolicy.NONE));

    String sql = lastPageStatement().sql();
    String columns = sql.substring("select ".length(), sql.indexOf(" from "));

    assertEquals(8, columns.split(",").length, columns);
    assertFalse(sql.contains("enhanced_script"), sql);
    assertFalse(sql.contains("audio_tags_used"), sql);
  }

  @Test
  void exactTotalRidesInThePageStatementAsOneScalarSubquery() {
    captured.clear();
    var page = inrvo.asUser(alice).history().page(PageRequest.first(5));

    // the context statement and the page: the total needs no statement of its own
    assertEquals(2, captured.size(), captured.toString());
    String sql = lastPageStatement().sql();
    assertTrue(sql.contains("(select count(*) from"), sql);
    assertEquals(400, page.total().orElseThrow());
  }

  /** Runs {@code call}, then EXPLAINs the page statement it sent. */
  private String explainPage(Consumer<MeditationHistoryRepository> call) {
    captured.clear();
    call.accept(inrvo.asUser(alice).history());
    return explain(lastPageStatement());
  }

  private ExecutedStatement lastPageStatement() {
    return captured.stream()
        .filter(s -> s.sql().startsWith("select") && s.sql().contains("\"prompt\"") && s.sql().contains(" fetch next "))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no page statement among " + captured));
  }

  private ExecutedStatement statementContaining(String text) {
    return captured.stream().filter(s -> s.sql().contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no statement with " + text + " among " + captured));
  }

  /** EXPLAIN (FORMAT JSON) in a transaction set up like the library's, so RLS applies. */
  private static String explain(ExecutedStatement statement) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement context = c.prepareStatement(
          "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ?, true)")) {
        context.setString(1, "{\"sub\":\"" + alice + "\",\"role\":\"authenticated\"}");
        context.execute();
      }
      StringBuilder plan = new StringBuilder();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("explain (format json) " + statement.inlinedSql())) {
        while (r.next()) {
          plan.append(r.getString(1));
        }
      }
      c.rollback();
      return plan.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
