package io.inrvo.data.history;

import static io.inrvo.data.history.HistoryFixtures.generate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.CountPolicy;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.Plan;
import io.inrvo.data.testsupport.SelectStar;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EXPLAINs the SQL the library actually sent (captured by a statement listener, bind values
 * inlined), under the caller's role and claims so row-level security is part of the plan, on a few
 * thousand generated rows after VACUUM ANALYZE.
 */
class HistoryPlanTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @BeforeAll
  static void data(DataSource ds, @TestUser("alice") UUID alice) {
    generate(DB.dataSource(), DB.user("alice"), 400, "1 minute");
    for (int i = 0; i < 15; i++) {
      generate(DB.dataSource(), TestUsers.create(DB.dataSource(), "other" + i + "@example.com"), 250, "1 minute");
    }
    TestSql.vacuumAnalyze(DB.dataSource(), "public.meditation_history");
  }

  @Test
  void theFirstHistoryPageReadsTheUserCreatedIndexWithoutSorting() {
    Plan plan = explainPage(h -> h.page(PageRequest.first(20)));

    assertTrue(plan.usesIndex("idx_meditation_history_user_created"), plan.json());
    assertFalse(plan.has("Sort"), plan.json());
  }

  @Test
  void aKeysetHistoryPageReadsTheUserCreatedIndexWithoutSorting(@TestUser("alice") UUID alice, Inrvo inrvo) {
    MeditationHistoryRepository history = inrvo.asUser(alice).history();
    PageRequest second = PageRequest.first(20).after(history.page(PageRequest.first(20)).next().orElseThrow());

    Plan plan = explainPage(h -> h.page(second));

    assertTrue(plan.usesIndex("idx_meditation_history_user_created"), plan.json());
    assertFalse(plan.has("Sort"), plan.json());
    assertTrue(lastPageStatement().sql().contains(") < ("), "a row comparison: " + lastPageStatement().sql());
  }

  @Test
  void favoritePagesReadThePartialFavoritesIndex(@TestUser("alice") UUID alice, Inrvo inrvo) {
    MeditationHistoryRepository history = inrvo.asUser(alice).history();
    PageRequest second = PageRequest.first(10).after(history.favorites(PageRequest.first(10)).next().orElseThrow());

    Plan first = explainPage(h -> h.favorites(PageRequest.first(10)));
    Plan keyset = explainPage(h -> h.favorites(second));

    assertTrue(first.usesIndex("idx_meditation_favorites_optimized"), first.json());
    assertTrue(keyset.usesIndex("idx_meditation_favorites_optimized"), keyset.json());
  }

  @Test
  void withAudioPagesReadThePartialWithAudioIndex(@TestUser("alice") UUID alice, Inrvo inrvo) {
    MeditationHistoryRepository history = inrvo.asUser(alice).history();
    PageRequest second = PageRequest.first(10).after(history.withAudio(PageRequest.first(10)).next().orElseThrow());

    Plan first = explainPage(h -> h.withAudio(PageRequest.first(10)));
    Plan keyset = explainPage(h -> h.withAudio(second));

    assertTrue(first.usesIndex("idx_meditation_history_with_audio"), first.json());
    assertTrue(keyset.usesIndex("idx_meditation_history_with_audio"), keyset.json());
  }

  @Test
  void findReadsOneRowByPrimaryKey(@TestUser("alice") UUID alice, Inrvo inrvo, DataSource ds, CapturedStatements sent) {
    UUID id = HistoryFixtures.idsInListOrder(ds, alice, "true").get(7);
    sent.clear();
    inrvo.asUser(alice).history().find(id);

    Plan plan = Plan.explain(ds, statementContaining("\"enhanced_script\""));

    assertTrue(plan.usesIndex("meditation_history_pkey"), plan.json());
  }

  @Test
  void noStatementOfAnyHistoryMethodSelectsStar(@TestUser("alice") UUID alice, Inrvo inrvo, CapturedStatements sent) {
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

    assertTrue(sent.size() >= 20, "captured " + sent.size());
    SelectStar.assertNone(sent.all());
  }

  @Test
  void listStatementsSelectExactlyTheEightSummaryColumns(@TestUser("alice") UUID alice, Inrvo inrvo) {
    inrvo.asUser(alice).history().page(PageRequest.first(5).withCount(CountPolicy.NONE));

    String sql = lastPageStatement().sql();
    String columns = sql.substring("select ".length(), sql.indexOf(" from "));

    assertEquals(8, columns.split(",").length, columns);
    assertFalse(sql.contains("enhanced_script"), sql);
    assertFalse(sql.contains("audio_tags_used"), sql);
  }

  @Test
  void exactTotalRidesInThePageStatementAsOneScalarSubquery(@TestUser("alice") UUID alice, Inrvo inrvo, CapturedStatements sent) {
    sent.clear();
    var page = inrvo.asUser(alice).history().page(PageRequest.first(5));

    // the context statement and the page: the total needs no statement of its own
    assertEquals(2, sent.size(), sent.toString());
    String sql = lastPageStatement().sql();
    assertTrue(sql.contains("(select count(*) from"), sql);
    assertEquals(400, page.total().orElseThrow());
  }

  /** Runs {@code call}, then EXPLAINs the page statement it sent under alice's role and claims. */
  private Plan explainPage(Consumer<MeditationHistoryRepository> call) {
    DB.statements().clear();
    call.accept(DB.inrvo().asUser(DB.user("alice")).history());
    return Plan.explain(DB.dataSource(), lastPageStatement());
  }

  private ExecutedStatement lastPageStatement() {
    return DB.statements().all().stream()
        .filter(s -> s.sql().startsWith("select") && s.sql().contains("\"prompt\"") && s.sql().contains(" fetch next "))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no page statement among " + DB.statements()));
  }

  private ExecutedStatement statementContaining(String text) {
    return DB.statements().all().stream().filter(s -> s.sql().contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no statement with " + text + " among " + DB.statements()));
  }
}
