package io.inrvo.data;

import io.inrvo.data.audio.AudioStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * How an {@link Inrvo} instance behaves. Immutable; build one with {@link #builder(DataSource)}.
 *
 * <ul>
 *   <li>{@code statementTimeout}: set per transaction (Supabase sets 8 s on {@code authenticated},
 *       but a role's settings do not apply after {@code set_config('role', ...)}, so the library
 *       sets it itself). Default 8 s; {@link Duration#ZERO} disables it.
 *   <li>{@code cursorSigningKey}: the HMAC key that signs keyset cursors. Default: random per
 *       instance, so cursors do not survive a restart or cross instances; give every instance of
 *       an application the same key of at least 32 bytes when cursors must.
 *   <li>{@code audioStore}: where {@code saveWithAudio} puts audio bytes. Default: none.
 *   <li>{@code statementListener}: observes every statement. Default: none.
 *   <li>{@code surroundingTransaction}: tells the library when the calling thread has a
 *       transaction open that its calls must join. Default: {@link SurroundingTransaction#none()},
 *       every call in a transaction of its own.
 *   <li>{@code operationListener}: observes every repository call once. Default: none.
 * </ul>
 */
public final class InrvoOptions {

  private final DataSource dataSource;
  private final Duration statementTimeout;
  private final byte[] cursorSigningKey;
  private final AudioStore audioStore;
  private final StatementListener statementListener;
  private final SurroundingTransaction surroundingTransaction;
  private final OperationListener operationListener;

  private InrvoOptions(Builder builder) {
    this.dataSource = builder.dataSource;
    this.statementTimeout = builder.statementTimeout;
    this.cursorSigningKey = builder.cursorSigningKey.clone();
    this.audioStore = builder.audioStore;
    this.statementListener = builder.statementListener;
    this.surroundingTransaction = builder.surroundingTransaction;
    this.operationListener = builder.operationListener;
  }

  /**
   * A builder with the defaults described on this class.
   *
   * @param dataSource the (pooled) data source every session borrows connections from
   * @return a builder with the defaults described on this class
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The data source every session borrows connections from.
   *
   * @return the data source
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * The per-transaction statement timeout; zero when disabled.
   *
   * @return the statement timeout; {@link Duration#ZERO} when disabled
   */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /**
   * A copy of the key that signs cursors.
   *
   * @return a copy of the key, at least 32 bytes
   */
  public byte[] cursorSigningKey() {
    return cursorSigningKey.clone();
  }

  /**
   * Where audio bytes are stored, if configured.
   *
   * @return the audio store; empty when none was configured
   */
  public Optional<AudioStore> audioStore() {
    return Optional.ofNullable(audioStore);
  }

  /**
   * The statement listener, if configured.
   *
   * @return the statement listener; empty when none was configured
   */
  public Optional<StatementListener> statementListener() {
    return Optional.ofNullable(statementListener);
  }

  /**
   * What tells the library when the calling thread has a transaction open that its calls join.
   *
   * @return the configured one; {@link SurroundingTransaction#none()} by default
   */
  public SurroundingTransaction surroundingTransaction() {
    return surroundingTransaction;
  }

  /**
   * The operation listener, if configured.
   *
   * @return the operation listener; empty when none was configured
   */
  public Optional<OperationListener> operationListener() {
    return Optional.ofNullable(operationListener);
  }

  /**
   * A builder that starts from these options.
   *
   * @return a builder holding every option of these options
   */
  public Builder toBuilder() {
    Builder builder = new Builder(dataSource);
    builder.statementTimeout = statementTimeout;
    builder.cursorSigningKey = cursorSigningKey.clone();
    builder.audioStore = audioStore;
    builder.statementListener = statementListener;
    builder.surroundingTransaction = surroundingTransaction;
    builder.operationListener = operationListener;
    return builder;
  }

  /** Builds {@link InrvoOptions} and {@link Inrvo} instances. Not thread-safe. */
  public static final class Builder {

    private static final int MIN_KEY_BYTES = 32;

    private final DataSource dataSource;
    private Duration statementTimeout = Duration.ofSeconds(8);
    private byte[] cursorSigningKey;
    private AudioStore audioStore;
    private StatementListener statementListener;
    private SurroundingTransaction surroundingTransaction = SurroundingTransaction.none();
    private OperationListener operationListener;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.cursorSigningKey = new byte[MIN_KEY_BYTES];
      new SecureRandom().nextBytes(cursorSigningKey);
    }

    /**
     * The per-transaction statement timeout.
     *
      * @param timeout the timeout; {@link Duration#ZERO} disables it
      * @return this builder
     * @throws IllegalArgumentException when negative
      */
    public Builder statementTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "statementTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("statementTimeout cannot be negative: " + timeout);
      }
      this.statementTimeout = timeout;
      return this;
    }

    /**
     * The key that signs keyset cursors; share it between instances that must accept each other's
     * cursors.
     *
      * @param key the HMAC key, at least 32 bytes; copied
      * @return this builder
     * @throws IllegalArgumentException when shorter than 32 bytes
      */
    public Builder cursorSigningKey(byte[] key) {
      Objects.requireNonNull(key, "cursorSigningKey");
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "cursorSigningKey must have at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
      }
      this.cursorSigningKey = Arrays.copyOf(key, key.length);
      return this;
    }

    /**
     * Where {@code saveWithAudio} stores audio bytes.
     *
     * @param store the store
     * @return this builder
     */
    public Builder audioStore(AudioStore store) {
      this.audioStore = Objects.requireNonNull(store, "audioStore");
      return this;
    }

    /**
     * Observes every statement the library sends.
     *
     * @param listener the listener, called after every statement
     * @return this builder
     */
    public Builder statementListener(StatementListener listener) {
      this.statementListener = Objects.requireNonNull(listener, "statementListener");
      return this;
    }

    /**
     * Makes the library's calls join the transaction the calling thread has open, as {@code
     * surrounding} reports it (see {@link SurroundingTransaction} for what a joined call does).
     *
     * @param surrounding tells, per call, whether a transaction is open to join
     * @return this builder
     */
    public Builder surroundingTransaction(SurroundingTransaction surrounding) {
      this.surroundingTransaction = Objects.requireNonNull(surrounding, "surroundingTransaction");
      return this;
    }

    /**
     * Observes every repository call once, with its operation name, duration, outcome and round
     * trips (see {@link OperationListener}).
     *
     * @param listener the listener, called after every repository call
     * @return this builder
     */
    public Builder operationListener(OperationListener listener) {
      this.operationListener = Objects.requireNonNull(listener, "operationListener");
      return this;
    }

    /**
     * The options.
     *
     * @return the options, without creating an instance
     */
    public InrvoOptions options() {
      return new InrvoOptions(this);
    }

    /**
     * An {@link Inrvo} with these options.
     *
     * @return a new instance; create one per data source and share it
     */
    public Inrvo build() {
      return Inrvo.create(options());
    }
  }
}
