package io.inrvo.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.Cursor;
import io.inrvo.data.InvalidInputException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

  private static final byte[] KEY = key((byte) 7);
  private static final UUID USER = UUID.fromString("5b0f6c1e-7d4a-4a55-9a43-0c2d1e3f4a5b");
  private static final UUID ROW = UUID.fromString("00000000-0000-4000-8000-00000000abcd");
  // PostgreSQL keeps microseconds; the cursor must too.
  private static final OffsetDateTime AT = OffsetDateTime.of(2024, 5, 17, 10, 11, 12, 123_456_000, ZoneOffset.UTC);

  private final CursorCodec codec = new CursorCodec(KEY);

  @Test
  void decodeReturnsThePositionThatWasEncoded() {
    Cursor cursor = codec.encode((byte) 2, USER, AT, ROW);

    CursorCodec.Position position = codec.decode(cursor, (byte) 2, USER);

    assertEquals(AT, position.createdAt());
    assertEquals(ROW, position.id());
  }

  @Test
  void positionsKeepMicrosecondsAndComeBackInUtc() {
    OffsetDateTime elsewhere = OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.ofHours(-5));

    CursorCodec.Position position = codec.decode(codec.encode((byte) 1, USER, elsewhere, ROW), (byte) 1, USER);

    assertEquals(elsewhere.toInstant(), position.createdAt().toInstant());
    assertEquals(ZoneOffset.UTC, position.createdAt().getOffset());
  }

  @Test
  void aCursorSurvivesItsTextForm() {
    Cursor cursor = codec.encode((byte) 3, USER, AT, ROW);

    CursorCodec.Position position = codec.decode(Cursor.of(cursor.token()), (byte) 3, USER);

    assertEquals(ROW, position.id());
  }

  @Test
  void everySingleFlippedByteIsRejected() {
    byte[] bytes = Base64.getUrlDecoder().decode(codec.encode((byte) 1, USER, AT, ROW).token());
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = bytes.clone();
        tampered[i] ^= (byte) (1 << bit);
        Cursor forged = Cursor.of(Base64.getUrlEncoder().withoutPadding().encodeToString(tampered));
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> codec.decode(forged, (byte) 1, USER), "byte " + i + " bit " + bit);
        assertEquals("cursor", e.field());
      }
    }
  }

  @Test
  void truncatedOrExtendedCursorsAreRejected() {
    byte[] bytes = Base64.getUrlDecoder().decode(codec.encode((byte) 1, USER, AT, ROW).token());
    Cursor shorter = Cursor.of(Base64.getUrlEncoder().withoutPadding().encodeToString(
        Arrays.copyOf(bytes, bytes.length - 1)));
    Cursor longer = Cursor.of(Base64.getUrlEncoder().withoutPadding().encodeToString(
        Arrays.copyOf(bytes, bytes.length + 1)));

    assertEquals("cursor", assertThrows(InvalidInputException.class, () -> codec.decode(shorter, (byte) 1, USER)).field());
    assertEquals("cursor", assertThrows(InvalidInputException.class, () -> codec.decode(longer, (byte) 1, USER)).field());
  }

  @Test
  void aCursorSignedWithAnotherKeyIsRejected() {
    Cursor foreign = new CursorCodec(key((byte) 8)).encode((byte) 1, USER, AT, ROW);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> codec.decode(foreign, (byte) 1, USER));

    assertEquals("cursor", e.field());
  }

  @Test
  void aCursorOfAnotherListOrUserIsRejected() {
    Cursor cursor = codec.encode((byte) 1, USER, AT, ROW);

    assertEquals("cursor",
        assertThrows(InvalidInputException.class, () -> codec.decode(cursor, (byte) 2, USER)).field());
    assertEquals("cursor",
        assertThrows(InvalidInputException.class, () -> codec.decode(cursor, (byte) 1, UUID.randomUUID())).field());
  }

  @Test
  void theSamePositionForAnotherUserGivesAnotherToken() {
    assertNotEquals(codec.encode((byte) 1, USER, AT, ROW), codec.encode((byte) 1, UUID.randomUUID(), AT, ROW));
  }

  private static byte[] key(byte fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, fill);
    return key;
  }
}
