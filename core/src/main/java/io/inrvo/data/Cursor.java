package io.inrvo.data;

import java.util.regex.Pattern;

/**
 * An opaque keyset position: "the rows after this one". Obtained from {@link Page#next()} and
 * handed back in {@link PageRequest#after(Cursor)}; its text form ({@link #token()}) is safe to send
 * to a client and to receive back.
 *
 * <p>A cursor is signed and bound to the list and the user it was issued for; the library rejects
 * one that was altered, or that comes from another list or user, with {@link
 * InvalidInputException} on field {@code cursor}. Keyset positions are stable: rows inserted after
 * the cursor was issued never shift the following pages (unlike OFFSET).
 */
public final class Cursor {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,512}");

  private final String token;

  private Cursor(String token) {
    this.token = token;
  }

  /**
   * Reads a cursor's text form.
   *
    * @param token a text form from {@link #token()}, as the client sent it back
    * @return the cursor; its signature is checked when a repository reads it
   * @throws InvalidInputException on field {@code cursor} when the text is not a cursor token
    */
  public static Cursor of(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new InvalidInputException("cursor", "must be a token returned by Page.next()");
    }
    return new Cursor(token);
  }

  /**
   * The text form, for a client to send back.
   *
   * @return the cursor as URL-safe Base64 text, 16 to 512 characters
   */
  public String token() {
    return token;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cursor c && c.token.equals(token);
  }

  @Override
  public int hashCode() {
    return token.hashCode();
  }

  @Override
  public String toString() {
    return "Cursor[" + token + "]";
  }
}
