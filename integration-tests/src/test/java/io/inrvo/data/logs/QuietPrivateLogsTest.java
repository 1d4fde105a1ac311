package io.inrvo.data.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an application's logs show when it uses the library: no jOOQ banner or tips, no password
 * of a JDBC URL, and no other user's values, in any log line (every logger at TRACE, through a real
 * SLF4J backend) or printed stack trace. The application runs in a JVM of its own ({@link
 * LoggingApplication}), so that jOOQ and the logging backend start there as in production, and
 * this test reads everything that JVM writes.
 */
class QuietPrivateLogsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  /** The application's login, with a real password: it works on a server that asks for one too. */
  private static final String LOGIN = "inrvo_logs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final String BOBS_CONVERSATION = "bobs-conversation-" + UUID.randomUUID();
  private static final String BOBS_NAME = "bobsecret" + UUID.randomUUID().toString().substring(0, 8);
  private static final UUID NEVER_SIGNED_UP = UUID.randomUUID();

  private static String output;

  @BeforeAll
  static void runTheApplication(TestDatabase database) throws IOException, InterruptedException {
    TestSql.exec(database.dataSource(), "create role " + LOGIN + " login superuser password '" + PASSWORD + "'");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process app = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace", "-Dorg.slf4j.simpleLogger.logFile=System.out",
        LoggingApplication.class.getName(),
        database.jdbcUrl(), LOGIN, PASSWORD, BOBS_CONVERSATION, BOBS_NAME,
        NEVER_SIGNED_UP.toString())
        .redirectErrorStream(true)
        .start();
    app.getOutputStream().close();
    byte[] written = app.getInputStream().readAllBytes();
    assertTrue(app.waitFor(2, TimeUnit.MINUTES), "the application did not end");
    output = new String(written, StandardCharsets.UTF_8);
    assertEquals(0, app.exitValue(), output);
  }

  @AfterAll
  static void dropTheLogin() {
    TestSql.script(DB.dataSource(), "reassign owned by " + LOGIN + " to current_user", "drop owned by " + LOGIN,
        "drop role " + LOGIN);
  }

  @Test
  void theLogsHoldWhatHappened() {
    // the capture works: the migration, the three failures and their causes are there
    assertTrue(output.contains("Successfully applied"), output);
    assertTrue(output.contains("ERROR application - a duplicate key failed"), output);
    for (String evidence : List.of("SQLSTATE 23505", "SQLSTATE 23503", "SQLSTATE 23514", "agent_conversations_pkey",
        "meditation_history_user_id_fkey", "users_role_check", "Caused by: org.postgresql.util.PSQLException")) {
      assertTrue(output.contains(evidence), evidence + " is not in\n" + output);
    }
  }

  @Test
  void noJooqBannerOrTips() {
    assertFalse(output.contains("Thank you for using jOOQ"), output);
    assertFalse(output.contains("tip of the day"), output);
  }

  @Test
  void noPasswordOfTheUrlInAnyLine() {
    assertFalse(output.contains(PASSWORD), output);
    assertTrue(output.contains("Database: " + DB.database().jdbcUrl() + " ("), "Flyway names the database\n" + output);
  }

  @Test
  void noOtherUsersValuesInAnyLineOrStackTrace() {
    assertFalse(output.contains(BOBS_CONVERSATION), "the duplicate key\n" + output);
    assertFalse(output.contains(NEVER_SIGNED_UP.toString()), "the missing reference\n" + output);
    assertFalse(output.contains(BOBS_NAME), "the failing row\n" + output);
    assertFalse(output.contains("Detail:"), output);
  }
}
