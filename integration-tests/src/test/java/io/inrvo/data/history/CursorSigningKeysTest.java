package io.inrvo.data.history;

import static io.inrvo.data.history.HistoryFixtures.generate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.Cursor;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cursors are signed with keys kept in the database, so they cross instances and restarts with
 * nothing configured; rotation keeps the older keys for a grace period, and a cursor of a key past
 * it is refused. Ordered: the rotations change the class's database for the tests after them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CursorSigningKeysTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @BeforeAll
  static void data(DataSource ds, @TestUser("reader") UUID reader) {
    generate(ds, reader, 30, "1 minute");
  }

  private static Cursor firstPageCursor(Inrvo inrvo, UUID user) {
    return inrvo.asUser(user).history().page(PageRequest.first(5)).next().orElseThrow();
  }

  private static List<UUID> secondPage(Inrvo inrvo, UUID user, Cursor cursor) {
    return inrvo.asUser(user).history().page(PageRequest.first(5).after(cursor)).items().stream()
        .map(MeditationSummary::id).toList();
  }

  @Test
  @Order(1)
  void aCursorFromOneInstanceIsAcceptedByAnotherOnTheSameDatabaseWithNothingConfigured(
      DataSource ds, @TestUser("reader") UUID reader) {
    Inrvo one = Inrvo.create(ds);
    Inrvo restarted = Inrvo.create(ds); // another instance, or the same application after a restart

    Cursor cursor = firstPageCursor(one, reader);

    assertEquals(secondPage(one, reader, cursor), secondPage(restarted, reader, cursor));
    assertEquals(5, secondPage(restarted, reader, cursor).size());
  }

  @Test
  @Order(2)
  void aCursorFromBeforeARotationIsAcceptedDuringTheGracePeriodByAnInstanceCreatedAfterIt(
      DataSource ds, @TestUser("reader") UUID reader) {
    Inrvo before = Inrvo.create(ds);
    Cursor old = firstPageCursor(before, reader);

    Inrvo.rotateCursorSigningKey(ds, Duration.ofHours(1));
    Inrvo after = Inrvo.create(ds);
    Cursor fresh = firstPageCursor(after, reader);

    assertEquals(secondPage(before, reader, old), secondPage(after, reader, old));
    // the instance from before the rotation learns the new key from the first cursor it signed
    assertEquals(secondPage(after, reader, fresh), secondPage(before, reader, fresh));
    assertEquals(2, TestSql.count(ds, "select count(*) from inrvo_meta.cursor_signing_keys "
        + "where expires_at is null or expires_at > now()"));
  }

  @Test
  @Order(3)
  void aCursorSignedWithAKeyPastItsGracePeriodIsRefusedAsAlteredOrExpired(
      DataSource ds, @TestUser("reader") UUID reader) {
    Cursor old = firstPageCursor(Inrvo.create(ds), reader);

    Inrvo.rotateCursorSigningKey(ds, Duration.ZERO); // the older keys end now, as for a key that leaked
    Inrvo after = Inrvo.create(ds);

    InvalidInputException refused = assertThrows(InvalidInputException.class, () -> secondPage(after, reader, old));
    assertEquals("cursor", refused.field());
    assertEquals(true, refused.getMessage().contains("its signing key has expired"), refused.getMessage());
    assertEquals(5, secondPage(after, reader, firstPageCursor(after, reader)).size());
  }

  @Test
  @Order(4)
  void theKeysAreReadableByTheServiceRoleOnlyNotByTheApiRoles(DataSource ds, @TestUser("reader") UUID reader)
      throws SQLException {
    String read = "select count(*) from inrvo_meta.cursor_signing_keys";
    for (RequestContext apiRole : List.of(RequestContext.anon(), RequestContext.user(reader))) {
      SQLException denied = assertThrows(SQLException.class,
          () -> apiRole.rollback(ds, c -> TestSql.count(c, read)));
      assertEquals("42501", denied.getSQLState(), denied.toString());
    }
    assertEquals(3L, (long) RequestContext.service().rollback(ds, c -> TestSql.count(c, read)));
  }

  @Test
  @Order(5)
  void aNegativeGraceIsRejectedBeforeAnySql(DataSource ds) {
    assertEquals("grace", assertThrows(InvalidInputException.class,
        () -> Inrvo.rotateCursorSigningKey(ds, Duration.ofSeconds(-1))).field());
  }
}
