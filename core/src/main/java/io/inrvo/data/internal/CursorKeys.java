package io.inrvo.data.internal;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a {@link CursorCodec} signs with and accepts: the database's ({@link CursorKeyStore},
 * the default) or one fixed key given in the options.
 */
interface CursorKeys {

  /** The key new cursors are signed with. */
  Key signing();

  /** The key with {@code id} when cursors it signed are still accepted; empty when unknown or expired. */
  Optional<Key> accepted(int id);

  /** One key, id 0, that never expires: the {@code cursorSigningKey} option. */
  static CursorKeys fixed(byte[] secret) {
    Key key = new Key(0, secret, Long.MAX_VALUE);
    return new CursorKeys() {
      @Override
      public Key signing() {
        return key;
      }

      @Override
      public Optional<Key> accepted(int id) {
        return id == key.id() ? Optional.of(key) : Optional.empty();
      }
    };
  }

  /**
   * A signing key: its id (written into every cursor it signs), its HMAC-SHA256 secret, and the
   * {@link System#nanoTime()} after which cursors it signed are refused ({@code Long.MAX_VALUE}:
   * never, as far as this instance knows).
   */
  final class Key {
    private final int id;
    private final long expiresAtNanos;
    private final ThreadLocal<Mac> macs;

    Key(int id, byte[] secret, long expiresAtNanos) {
      this.id = id;
      this.expiresAtNanos = expiresAtNanos;
      SecretKeySpec spec = new SecretKeySpec(secret.clone(), "HmacSHA256");
      this.macs = ThreadLocal.withInitial(() -> {
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(spec);
          return mac;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
      });
    }

    int id() {
      return id;
    }

    /** Whether cursors this key signed are still accepted at {@code nanoTime}. */
    boolean acceptedAt(long nanoTime) {
      return expiresAtNanos == Long.MAX_VALUE || nanoTime - expiresAtNanos < 0;
    }

    /** This thread's MAC for the key. */
    Mac mac() {
      return macs.get();
    }
  }
}
