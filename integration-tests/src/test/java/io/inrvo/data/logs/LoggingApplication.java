package io.inrvo.data.logs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.PlainTransactions;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.TestUsers;
import java.util.UUID;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application as {@link QuietPrivateLogsTest} runs it, in a JVM of its own with every logger at
 * TRACE: it migrates through a URL that carries passwords, uses the library, and logs each failure
 * the way applications do ({@code log.error("...", e)}) and prints its stack trace. Everything it
 * and its libraries write goes to standard output and error, where the test reads it.
 *
 * <p>Arguments: the JDBC URL of an empty database (without parameters), a login that may migrate
 * it, the login's password (which the migration's URL carries, with the same value as {@code
 * sslpassword}; the other pool is given it apart from the URL), and the secrets the failures must
 * not reveal: another user's conversation id, the e-mail local part of that user, and the id of a
 * user who never signed up.
 */
public final class LoggingApplication {

  private static final Logger LOG = LoggerFactory.getLogger("application");

  private LoggingApplication() {}

  public static void main(String[] args) {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    String bobsConversation = args[3];
    String bobsName = args[4];
    UUID neverSignedUp = UUID.fromString(args[5]);

    try (HikariDataSource withPasswords = pool(url + "?user=" + user + "&password=" + password
        + "&sslpassword=" + password, "", ""); HikariDataSource pool = pool(url, user, password)) {
      InrvoSchema.migrate(withPasswords);

      UUID alice = TestUsers.create(pool, "alice@example.com");
      UUID bob = TestUsers.create(pool, bobsName + "@example.com");
      Inrvo inrvo = Inrvo.create(pool);
      inrvo.asUser(bob).conversations().create(bobsConversation, JSONB.jsonb("{}"));
      inrvo.asUser(alice).history().page(PageRequest.first(20));

      failing("a duplicate key", () -> inrvo.asUser(alice).conversations().create(bobsConversation,
          JSONB.jsonb("{}")));
      failing("a user without a profile row", () -> inrvo.asUser(neverSignedUp).history()
          .save(NewMeditation.withPrompt("first")));
      failing("a failing row", () -> PlainTransactions.commit(pool, dsl ->
          dsl.execute("update public.users set role = 'root' where id = ?", bob)));
    }
  }

  private static void failing(String what, Runnable call) {
    try {
      call.run();
      throw new AssertionError(what + " did not fail");
    } catch (InrvoException e) {
      LOG.error("{} failed", what, e);
      e.printStackTrace();
    }
  }

  /** A pool on {@code jdbcUrl}; an empty {@code user} leaves the login to the URL. */
  private static HikariDataSource pool(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (!user.isEmpty()) {
      config.setUsername(user);
      config.setPassword(password);
    }
    config.setMaximumPoolSize(4); // a migration holds up to three
    return new HikariDataSource(config);
  }
}
