package io.inrvo.data.internal;

import java.time.Duration;
import javax.sql.DataSource;

/** The entry point of {@code Inrvo.rotateCursorSigningKey} into {@link CursorKeyStore}. */
public final class CursorKeyRotation {

  private CursorKeyRotation() {}

  /** Adds a signing key; the current ones stay accepted for {@code grace}. Returns the new key's id. */
  public static int rotate(DataSource dataSource, Duration grace) {
    return CursorKeyStore.rotate(dataSource, grace);
  }
}
