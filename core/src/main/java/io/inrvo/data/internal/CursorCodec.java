package io.inrvo.data.internal;

import io.inrvo.data.Cursor;
import io.inrvo.data.InvalidInputException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;

/**
 * Signs and reads keyset cursors. A cursor carries the id of the key that signed it, the list it
 * belongs to, the user it was issued to, and the last row's {@code (created_at, id)}, plus an
 * HMAC-SHA256 tag (truncated to 128 bits) over all of it, so a client can neither forge a position
 * nor replay another user's cursor. A cursor whose key has expired ({@link CursorKeys}) is refused
 * like an altered one.
 */
final class CursorCodec {

  /** A position in a newest-first list. */
  record Position(OffsetDateTime createdAt, UUID id) {}

  private static final byte VERSION = 2;
  private static final int BODY = 1 + 4 + 1 + 16 + 8 + 16;
  private static final int TAG = 16;

  private final CursorKeys keys;

  /** A codec signing with the one key {@code key}. */
  CursorCodec(byte[] key) {
    this(CursorKeys.fixed(key));
  }

  /** A codec signing with {@code keys}' signing key and accepting what they accept. */
  CursorCodec(CursorKeys keys) {
    this.keys = keys;
  }

  /** Encodes the position after {@code createdAt, id} in list {@code list} for {@code user}. */
  Cursor encode(byte list, UUID user, OffsetDateTime createdAt, UUID id) {
    CursorKeys.Key key = keys.signing();
    ByteBuffer buffer = ByteBuffer.allocate(BODY + TAG);
    buffer.put(VERSION).putInt(key.id()).put(list);
    putUuid(buffer, user);
    Instant instant = createdAt.toInstant();
    buffer.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
    putUuid(buffer, id);
    buffer.put(tag(key, buffer.array()));
    return Cursor.of(Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array()));
  }

  /**
   * Reads a cursor issued for {@code list} and {@code user}.
   *
   * @throws InvalidInputException on field {@code cursor} when it was altered, issued for
   *     another list or user, or signed with a key that has expired
   */
  Position decode(Cursor cursor, byte list, UUID user) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(cursor.token());
    } catch (IllegalArgumentException e) {
      throw rejected();
    }
    if (bytes.length != BODY + TAG || bytes[0] != VERSION) {
      throw rejected();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.get();
    CursorKeys.Key key = keys.accepted(buffer.getInt()).orElseThrow(CursorCodec::rejected);
    byte[] expected = tag(key, bytes);
    byte[] actual = java.util.Arrays.copyOfRange(bytes, BODY, BODY + TAG);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw rejected();
    }
    if (buffer.get() != list || !getUuid(buffer).equals(user)) {
      throw rejected();
    }
    long micros = buffer.getLong();
    OffsetDateTime createdAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    return new Position(createdAt, getUuid(buffer));
  }

  private static InvalidInputException rejected() {
    return new InvalidInputException("cursor", "was altered, was issued for another list or user, or its signing "
        + "key has expired: start again from the first page");
  }

  private static byte[] tag(CursorKeys.Key key, byte[] message) {
    Mac mac = key.mac();
    mac.update(message, 0, BODY);
    return java.util.Arrays.copyOf(mac.doFinal(), TAG);
  }

  private static void putUuid(ByteBuffer buffer, UUID uuid) {
    buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
  }

  private static UUID getUuid(ByteBuffer buffer) {
    return new UUID(buffer.getLong(), buffer.getLong());
  }
}
