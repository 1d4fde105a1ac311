package io.inrvo.data;

import io.inrvo.data.audio.AudioStore;
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
 *   <li>{@code cursorSigningKey}: the HMAC key that signs keyset cursors. Default: none, and the
 *       keys kept in the database ({@code inrvo_meta.cursor_signing_keys}) sign and accept them, so
 *       cursors cross instances and survive restarts with nothing to configure; rotate with {@link
 *       Inrvo#rotateCursorSigningKey}. A key given here replaces them (and cannot be rotated).
 *   <li>{@code audioStore}: where {@code saveWithAudio} puts audio bytes. Default: none.
 *   <li>{@code statementListener}: observes every statement. Default: none.
 *   <li>{@code startupSchemaCheck}: creating an instance checks that the database is at the schema
 *       version the library expects and has every object it uses. Default: on.
 *   <li>{@code operationListener}: observes every repository call once. Default: none.
 * </ul>
 */
public final class InrvoOptions {

  private final DataSource dataSource;
  private final Duration statementTimeout;
  private final byte[] cursorSigningKey;
  private final AudioStore audioStore;
  private final StatementListener statementListener;
  private final boolean startupSchemaCheck;
  private final OperationListener operationListener;

  private InrvoOptions(Builder builder) {
    this.dataSource = builder.dataSource;
    this.statementTimeout = builder.statementTimeout;
    this.cursorSigningKey = builder.cursorSigningKey == null ? null : builder.cursorSigningKey.clone();
    this.audioStore = builder.audioStore;
    this.statementListener = builder.statementListener;
    this.startupSchemaCheck = builder.startupSchemaCheck;
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
   * A copy of the key that signs cursors, when one was given.
   *
   * @return a copy of the key, at least 32 bytes; empty when the database's keys sign cursors (the
   *     default)
   */
  public Optional<byte[]> cursorSigningKey() {
    return Optional.ofNullable(cursorSigningKey).map(byte[]::clone);
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
   * Whether {@link Inrvo#create(InrvoOptions)} checks the database's schema before returning.
   *
   * @return true unless turned off with {@link Builder#startupSchemaCheck(boolean)}
   */
  public boolean startupSchemaCheck() {
    return startupSchemaCheck;
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
    builder.cursorSigningKey = cursorSigningKey == null ? null : cursorSigningKey.clone();
    builder.audioStore = audioStore;
    builder.statementListener = statementListener;
    builder.startupSchemaCheck = startupSchemaCheck;
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
    private boolean startupSchemaCheck = true;
    private OperationListener operationListener;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
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
     * A key that signs keyset cursors instead of the database's keys (the default, which every
     * instance on the database shares and which can be rotated). Only for a database whose keys the
     * login cannot read; every instance must then be given the same key.
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
     * Whether creating the instance checks the database first (default: true). The check borrows
     * one connection and runs one catalog query: the schema version the database is at must be
     * the one this library was built for, and every table, column and function the library uses
     * must exist with a type it can read; otherwise creating the instance throws one {@link
     * SchemaMismatchException} naming both versions (or every missing or changed object) and the
     * command that migrates. Turn it off only when something else guarantees the schema, for
     * example an application that creates its instance before the database is reachable; calls
     * then fail one by one with {@link SchemaMismatchException} instead.
     *
     * @param check false to skip the check
     * @return this builder
     */
    public Builder startupSchemaCheck(boolean check) {
      this.startupSchemaCheck = check;
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
     * @throws SchemaMismatchException when the startup check is on and the database is not at the
     *     schema this library expects (see {@link #startupSchemaCheck(boolean)})
     */
    public Inrvo build() {
      return Inrvo.create(options());
    }
  }
}
