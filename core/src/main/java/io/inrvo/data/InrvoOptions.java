package io.inrvo.data;

import io.inrvo.data.audio.AudioStore;
import io.inrvo.data.internal.Checks;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 *   <li>{@code surroundingTransaction}: tells the library when the calling thread has a
 *       transaction open that its calls must join. Default: {@link SurroundingTransaction#none()},
 *       every call in a transaction of its own.
 *   <li>{@code operationListener}: observes every repository call once. Default: none.
 *   <li>{@code readReplicas}: streaming standbys of the primary that serve read-only calls (README
 *       "Scaling reads"). Default: none, and then nothing below applies and no check runs.
 *   <li>{@code maxReplicaLag}: a replica behind the primary for longer leaves the rotation until it
 *       catches up. Default 5 s.
 *   <li>{@code replicaWait}: how long a read carrying a consistency position waits for a replica
 *       to replay that far before it goes to the primary. Default {@link Duration#ZERO}: at once.
 *   <li>{@code replicaCheckInterval}: how often a background thread asks the primary and each
 *       replica where they are. Default 200 ms.
 *   <li>{@code serverPreparedStatements}: whether the library may let pgjdbc name its statements
 *       on the server (plans reused, rows in binary). Default false: every statement unnamed, safe
 *       behind a transaction-mode pooler.
 *   <li>{@code voiceLookupBatching}: a collection window after which the voice-profile lookups that
 *       sessions of the same caller made meanwhile go as one statement. Default: off, every lookup
 *       its own statement.
 * </ul>
 *
 * <p>A null given to {@link #builder(DataSource)} or to any builder method is an {@link
 * InvalidInputException} naming the option ({@code must not be null}), as everywhere in the API.
 *
 * <p>Long because every option is one field, one accessor and one builder method, each with its
 * contract.
 */
public final class InrvoOptions {

  private final DataSource dataSource;
  private final Duration statementTimeout;
  private final byte[] cursorSigningKey;
  private final AudioStore audioStore;
  private final StatementListener statementListener;
  private final boolean startupSchemaCheck;
  private final SurroundingTransaction surroundingTransaction;
  private final OperationListener operationListener;
  private final List<DataSource> readReplicas;
  private final Duration maxReplicaLag;
  private final Duration replicaWait;
  private final Duration replicaCheckInterval;
  private final Duration voiceLookupBatching;
  private final boolean serverPreparedStatements;

  private InrvoOptions(Builder builder) {
    this.dataSource = builder.dataSource;
    this.statementTimeout = builder.statementTimeout;
    this.cursorSigningKey = builder.cursorSigningKey == null ? null : builder.cursorSigningKey.clone();
    this.audioStore = builder.audioStore;
    this.statementListener = builder.statementListener;
    this.startupSchemaCheck = builder.startupSchemaCheck;
    this.surroundingTransaction = builder.surroundingTransaction;
    this.operationListener = builder.operationListener;
    this.readReplicas = List.copyOf(builder.readReplicas);
    this.maxReplicaLag = builder.maxReplicaLag;
    this.replicaWait = builder.replicaWait;
    this.replicaCheckInterval = builder.replicaCheckInterval;
    this.voiceLookupBatching = builder.voiceLookupBatching;
    this.serverPreparedStatements = builder.serverPreparedStatements;
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
   * The read replicas, in the order given.
   *
   * @return the replicas' data sources; empty when reads all go to the primary
   */
  public List<DataSource> readReplicas() {
    return readReplicas;
  }

  /**
   * How long a replica may stay behind the primary and still serve reads.
   *
   * @return the lag bound, positive
   */
  public Duration maxReplicaLag() {
    return maxReplicaLag;
  }

  /**
   * How long a read carrying a consistency position waits for a replica before using the primary.
   *
   * @return the wait bound; {@link Duration#ZERO} to go to the primary at once
   */
  public Duration replicaWait() {
    return replicaWait;
  }

  /**
   * How often the replicas' state is checked in the background.
   *
   * @return the interval, positive
   */
  public Duration replicaCheckInterval() {
    return replicaCheckInterval;
  }

  /**
   * The window in which concurrent voice-profile lookups are collected into one statement.
   *
   * @return the window; empty when batching is off (the default)
   */
  public Optional<Duration> voiceLookupBatching() {
    return Optional.ofNullable(voiceLookupBatching);
  }

  /**
   * Whether the library leaves pgjdbc's prepare threshold as each connection has it, so that its
   * statements are named on the server after that many executions.
   *
   * @return true when turned on with {@link Builder#serverPreparedStatements(boolean)}; false by default
   */
  public boolean serverPreparedStatements() {
    return serverPreparedStatements;
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
    builder.surroundingTransaction = surroundingTransaction;
    builder.operationListener = operationListener;
    builder.readReplicas = List.copyOf(readReplicas);
    builder.maxReplicaLag = maxReplicaLag;
    builder.replicaWait = replicaWait;
    builder.replicaCheckInterval = replicaCheckInterval;
    builder.voiceLookupBatching = voiceLookupBatching;
    builder.serverPreparedStatements = serverPreparedStatements;
    return builder;
  }

  /**
   * Builds {@link InrvoOptions} and {@link Inrvo} instances. Not thread-safe. A null argument is an
   * {@link InvalidInputException} naming the option.
   */
  public static final class Builder {

    private static final int MIN_KEY_BYTES = 32;
    private static final Duration MAX_BATCHING_WINDOW = Duration.ofMillis(50);

    private final DataSource dataSource;
    private Duration statementTimeout = Duration.ofSeconds(8);
    private byte[] cursorSigningKey;
    private AudioStore audioStore;
    private StatementListener statementListener;
    private boolean startupSchemaCheck = true;
    private SurroundingTransaction surroundingTransaction = SurroundingTransaction.none();
    private OperationListener operationListener;
    private List<DataSource> readReplicas = List.of();
    private Duration maxReplicaLag = Duration.ofSeconds(5);
    private Duration replicaWait = Duration.ZERO;
    private Duration replicaCheckInterval = Duration.ofMillis(200);
    private Duration voiceLookupBatching;
    private boolean serverPreparedStatements;

    private Builder(DataSource dataSource) {
      this.dataSource = Checks.present(dataSource, "dataSource");
    }

    /**
     * The per-transaction statement timeout.
     *
      * @param timeout the timeout; {@link Duration#ZERO} disables it
      * @return this builder
     * @throws IllegalArgumentException when negative
      */
    public Builder statementTimeout(Duration timeout) {
      Checks.present(timeout, "statementTimeout");
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
      Checks.present(key, "cursorSigningKey");
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
      this.audioStore = Checks.present(store, "audioStore");
      return this;
    }

    /**
     * Observes every statement the library sends.
     *
     * @param listener the listener, called after every statement
     * @return this builder
     */
    public Builder statementListener(StatementListener listener) {
      this.statementListener = Checks.present(listener, "statementListener");
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
     * Read replicas: streaming hot standbys of the primary. Read-only calls outside {@code
     * inTransaction} go to one in rotation; writes and transactions go to the primary. Give each
     * its own pool with a short connection timeout: a stopped replica is noticed by a failed
     * connection.
     *
     * @param replicas the replicas' data sources, replacing any given before; none to use the
     *     primary only
     * @return this builder
     */
    public Builder readReplicas(DataSource... replicas) {
      Checks.present(replicas, "readReplicas");
      for (DataSource replica : replicas) {
        Checks.present(replica, "readReplicas");
        if (replica == dataSource) {
          throw new IllegalArgumentException("readReplicas: the primary's data source is not a replica");
        }
      }
      this.readReplicas = List.of(replicas);
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
      this.surroundingTransaction = Checks.present(surrounding, "surroundingTransaction");
      return this;
    }

    /**
     * Observes every repository call once, with its operation name, duration, outcome and round
     * trips (see {@link OperationListener}). Replaces any listener set or added before; {@link
     * #addOperationListener} keeps them.
     *
     * @param listener the listener, called after every repository call
     * @return this builder
     */
    public Builder operationListener(OperationListener listener) {
      this.operationListener = Checks.present(listener, "operationListener");
      return this;
    }

    /**
     * Adds a listener after those set or added before ({@link OperationListener#andThen}): each
     * hears every repository call, in the order they were added. Several parts of an application
     * (metrics, tracing, its own logs) each add theirs without replacing another's.
     *
     * @param listener the listener to add, called after every repository call
     * @return this builder
     */
    public Builder addOperationListener(OperationListener listener) {
      Checks.present(listener, "operationListener");
      this.operationListener = operationListener == null ? listener : operationListener.andThen(listener);
      return this;
    }

    /**
     * How long a replica may stay behind the primary and still serve reads.
     *
     * @param lag the bound, positive
     * @return this builder
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder maxReplicaLag(Duration lag) {
      this.maxReplicaLag = positive(lag, "maxReplicaLag");
      return this;
    }

    /**
     * How long a read that must see a position a replica has not replayed yet waits for one
     * before it goes to the primary.
     *
     * @param wait the bound; {@link Duration#ZERO} to go to the primary at once
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder replicaWait(Duration wait) {
      Checks.present(wait, "replicaWait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("replicaWait cannot be negative: " + wait);
      }
      this.replicaWait = wait;
      return this;
    }

    /**
     * How often a background thread checks the primary's position and each replica's state.
     *
     * @param interval the interval, positive; it bounds how long a failed or lagging replica stays
     *     in rotation when no call notices it first
     * @return this builder
     * @throws IllegalArgumentException when zero or negative
     */
    public Builder replicaCheckInterval(Duration interval) {
      this.replicaCheckInterval = positive(interval, "replicaCheckInterval");
      return this;
    }

    /**
     * Lets pgjdbc name the library's statements on the server. Off (the default), the library sets
     * the prepare threshold of every connection it borrows to 0 and restores it afterwards, so each
     * statement is parsed and planned unnamed in its own round trip: safe behind a transaction-mode
     * pooler (PgBouncer, Supavisor on port 6543), where a named statement may be missing on the
     * next server connection or be another client's. On, the connection's own threshold applies
     * (pgjdbc's default: named after 5 executions), so plans are reused and rows come in binary:
     * measured on a direct connection, a voice-profile lookup took about half the time. Turn it on
     * only when every connection of the pool reaches the server directly, through a session-mode
     * pooler, or through PgBouncer 1.21+ with {@code max_prepared_statements}.
     *
     * @param on whether statements may be named on the server
     * @return this builder
     */
    public Builder serverPreparedStatements(boolean on) {
      this.serverPreparedStatements = on;
      return this;
    }

    /**
     * Batches voice-profile lookups (the speech-synthesis hot path): {@code lookup} calls of
     * sessions with equal {@link Caller}s (the same role and claims, so the same row-level security)
     * made within {@code window} of the first go as one statement, {@code id = any(?)}, still an
     * Index Only Scan, and each caller gets exactly what its own lookup would return. At most 256
     * lookups share a statement. The first caller of a batch waits the window before sending it, so
     * a lookup with no company takes up to {@code window} longer. At most one batch statement per
     * caller runs at a time: a batch whose window ends while the previous one of the same caller is
     * still running goes when that one returns, and keeps collecting until then. A lookup inside
     * {@code Session.inTransaction} or a joined transaction is never batched. A failure of the
     * statement reaches every caller of the batch. Default: off.
     *
     * @param window how long the first lookup waits for others: positive, at most 50 ms
     * @return this builder
     * @throws InvalidInputException naming {@code voiceLookupBatching} when the window is null,
     *     zero, negative or longer than 50 ms
     */
    public Builder voiceLookupBatching(Duration window) {
      if (window == null || window.isNegative() || window.isZero() || window.compareTo(MAX_BATCHING_WINDOW) > 0) {
        throw new InvalidInputException("voiceLookupBatching",
            "must be positive and at most " + MAX_BATCHING_WINDOW.toMillis() + " ms, got " + window);
      }
      this.voiceLookupBatching = window;
      return this;
    }

    private static Duration positive(Duration value, String name) {
      Checks.present(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
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
