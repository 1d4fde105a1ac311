package io.inrvo.data.testsupport;

import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.InrvoDatabaseExtension;

/**
 * The test kit's database extension as these tests register it: migrated, with {@link SelectStar}
 * checking every statement the injected {@code Inrvo} sends.
 */
public final class Databases {

  private Databases() {}

  /** A migrated database; the injected {@code Inrvo} runs on its data source. */
  public static InrvoDatabaseExtension checked() {
    return InrvoDatabaseExtension.migrated().checkStatements(SelectStar::assertNone);
  }

  /**
   * {@link #checked()}, with the injected {@code Inrvo} on a pool of one connection, opened when a
   * test first asks for the {@code Inrvo}: every call borrows the same physical connection, so what
   * one call leaves on it, the next sees.
   *
   * @param urlParameters driver settings for the connection, such as {@code prepareThreshold=0};
   *     empty for none
   */
  public static InrvoDatabaseExtension onOneConnection(String urlParameters) {
    return checked().withInrvo(db -> Inrvo.builder(db.pool(1, urlParameters)));
  }
}
