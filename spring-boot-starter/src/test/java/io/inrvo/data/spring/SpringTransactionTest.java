package io.inrvo.data.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.MisconfigurationException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestUser;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inside a Spring {@code @Transactional} method the library joins the transaction: its writes
 * commit and roll back with it, it sees the method's uncommitted rows, the method's own JDBC runs
 * with its own role afterwards, a failed call rolls the transaction back even when the method
 * catches the exception, and the caches never keep what the transaction did not commit. Outside
 * one, each call is a transaction of its own. A Spring transaction on another {@code DataSource}
 * is refused, never run beside.
 */
class SpringTransactionTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  /** An application service, proxied by Spring for {@code @Transactional}. */
  public static class HistoryService {
    private final Inrvo inrvo;
    private final JdbcTemplate jdbc;

    public HistoryService(Inrvo inrvo, JdbcTemplate jdbc) {
      this.inrvo = inrvo;
      this.jdbc = jdbc;
    }

    @Transactional
    public void save(UUID user, String prompt) {
      inrvo.asUser(user).history().save(NewMeditation.withPrompt(prompt));
    }

    @Transactional
    public void saveThenFail(UUID user, String prompt) {
      inrvo.asUser(user).history().save(NewMeditation.withPrompt(prompt));
      throw new IllegalStateException("the application's own failure after the save");
    }

    /** Saves, reads it back through the (caching) library and through JdbcTemplate, then fails. */
    @Transactional
    public List<String> saveReadThenFail(UUID user, String prompt, List<String> seenByJdbc) {
      inrvo.asUser(user).history().save(NewMeditation.withPrompt(prompt));
      List<String> seen = prompts(inrvo, user);
      seenByJdbc.addAll(jdbc.queryForList(
          "select prompt from public.meditation_history where user_id = ?", String.class, user));
      seenByJdbc.add(jdbc.queryForObject("select current_user", String.class));
      seenByJdbc.add(String.valueOf(jdbc.queryForObject(
          "select coalesce(nullif(current_setting('request.jwt.claims', true), ''), 'no claims')", String.class)));
      throw new IllegalStateException("after reading " + seen.size());
    }

    /** Swallows the library's failure and returns normally, as a careless method might. */
    @Transactional
    public void saveThenSwallowAFailedCall(UUID user, String prompt) {
      inrvo.asUser(user).history().save(NewMeditation.withPrompt(prompt));
      try {
        inrvo.asUser(user).history().save(NewMeditation.withPrompt("x").withDurationSeconds(-1));
      } catch (InvalidInputException ignored) {
        // rejected before any SQL: the transaction is fine
      }
      try {
        inrvo.asUser(user).useTransaction(session -> {
          throw new IllegalStateException("fails inside the library's call");
        });
      } catch (IllegalStateException ignored) {
        // swallowed; the transaction must still roll back
      }
    }
  }

  static List<String> prompts(Inrvo inrvo, UUID user) {
    return inrvo.asUser(user).history().page(PageRequest.first(20)).items().stream()
        .map(MeditationSummary::prompt).toList();
  }

  private static ApplicationContextRunner context(TestDatabase db) {
    return Contexts.on(db).withBean(HistoryService.class);
  }

  @Test
  void aTransactionalMethodsRollbackUndoesTheLibrarysWrite(TestDatabase db, @TestUser("rollback") UUID user) {
    context(db).run(context -> {
      HistoryService service = context.getBean(HistoryService.class);
      assertThatThrownBy(() -> service.saveThenFail(user, "rolled back")).isInstanceOf(IllegalStateException.class);
      assertThat(prompts(context.getBean(Inrvo.class), user)).isEmpty();
    });
  }

  @Test
  void aTransactionalMethodsCommitCommitsTheLibrarysWrite(TestDatabase db, @TestUser("commit") UUID user) {
    context(db).run(context -> {
      context.getBean(HistoryService.class).save(user, "committed");
      assertThat(prompts(context.getBean(Inrvo.class), user)).containsExactly("committed");
    });
  }

  @Test
  void outsideATransactionEachCallCommitsOnItsOwn(TestDatabase db, @TestUser("outside") UUID user) {
    context(db).run(context -> {
      Inrvo inrvo = context.getBean(Inrvo.class);
      inrvo.asUser(user).history().save(NewMeditation.withPrompt("on its own"));
      assertThat(new JdbcTemplate(db.dataSource()).queryForList(
          "select prompt from public.meditation_history where user_id = ?", String.class, user))
          .containsExactly("on its own");
    });
  }

  @Test
  void insideTheMethodLibraryAndJdbcSeeOneTransactionAndTheCacheKeepsNothingOfIt(TestDatabase db,
      @TestUser("shared") UUID user) {
    context(db).run(context -> {
      Inrvo inrvo = context.getBean(Inrvo.class);
      assertThat(prompts(inrvo, user)).isEmpty(); // cached: an empty page
      List<String> seenByJdbc = new java.util.ArrayList<>();
      assertThatThrownBy(() -> context.getBean(HistoryService.class).saveReadThenFail(user, "uncommitted", seenByJdbc))
          .hasMessage("after reading 1"); // the library read its own uncommitted write, past the cache
      String login = db.server().user();
      assertThat(seenByJdbc).containsExactly("uncommitted", login, "no claims");
      assertThat(prompts(inrvo, user)).isEmpty(); // nor did the cache keep the rolled-back row
    });
  }

  @Test
  void aFailedLibraryCallRollsTheTransactionBackEvenWhenTheMethodSwallowsIt(TestDatabase db,
      @TestUser("swallowed") UUID user) {
    context(db).run(context -> {
      assertThatThrownBy(() -> context.getBean(HistoryService.class).saveThenSwallowAFailedCall(user, "never"))
          .isInstanceOf(UnexpectedRollbackException.class);
      assertThat(prompts(context.getBean(Inrvo.class), user)).isEmpty();
    });
  }

  @Test
  void aSpringTransactionOnAnotherDataSourceIsRefusedNamingTheFix(TestDatabase db, @TestUser("other") UUID user) {
    context(db).run(context -> {
      TransactionTemplate onAnother = new TransactionTemplate(new JdbcTransactionManager(db.pool(1)));
      Inrvo inrvo = context.getBean(Inrvo.class);
      assertThatThrownBy(() -> onAnother.executeWithoutResult(status ->
          inrvo.asUser(user).history().save(NewMeditation.withPrompt("refused"))))
          .isInstanceOf(MisconfigurationException.class)
          .hasMessageContaining("DataSourceTransactionManager").hasMessageContaining("same DataSource");
      assertThat(prompts(inrvo, user)).isEmpty();
    });
  }
}
