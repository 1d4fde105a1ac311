package io.inrvo.data.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code inrvo.*} properties: the library's options, its caches and their listener, and its
 * migrations. Every property has the library's default; an application sets only what differs.
 * Bound by Spring Boot; mutable for that reason, and not meant to be shared outside configuration.
 */
@ConfigurationProperties(prefix = "inrvo")
public class InrvoProperties {

  /** Statement timeout the library sets in each of its transactions; 0 disables it. */
  private Duration statementTimeout = Duration.ofSeconds(8);

  /**
   * Base64 HMAC key, at least 32 bytes, that signs keyset cursors in place of the keys the
   * database keeps (which every instance shares already). Default: the database's keys.
   */
  private String cursorSigningKey;

  /**
   * Whether creating the Inrvo bean checks the database's schema version and objects first, and
   * fails the context's start when they are not what the library expects. Default: true.
   */
  private boolean startupSchemaCheck = true;

  /**
   * Whether the library may let pgjdbc name its statements on the server (plans reused, rows in
   * binary). Only where every connection reaches the server directly or through a session-mode
   * pooler. Default: false, every statement unnamed, safe behind a transaction-mode pooler.
   */
  private boolean serverPreparedStatements;

  /** The caches, when inrvo-data-cache is on the classpath. */
  @NestedConfigurationProperty
  private final InrvoCacheProperties cache = new InrvoCacheProperties();

  /** The library's migrations, when inrvo-data-codegen is on the classpath. */
  private final Migrations migrations = new Migrations();

  /** Creates the properties with the library's defaults. */
  public InrvoProperties() {}

  /**
   * The statement timeout.
   *
   * @return the statement timeout; zero when disabled
   */
  public Duration getStatementTimeout() {
    return statementTimeout;
  }

  /**
   * Sets the statement timeout.
   *
   * @param statementTimeout the timeout; zero disables it
   */
  public void setStatementTimeout(Duration statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  /**
   * The cursor signing key, Base64.
   *
   * @return the key; null for the database's keys
   */
  public String getCursorSigningKey() {
    return cursorSigningKey;
  }

  /**
   * Whether the Inrvo bean checks the schema when it is created.
   *
   * @return true unless turned off
   */
  public boolean isStartupSchemaCheck() {
    return startupSchemaCheck;
  }

  /**
   * Sets whether the Inrvo bean checks the schema when it is created.
   *
   * @param startupSchemaCheck false to create it without asking the database
   */
  public void setStartupSchemaCheck(boolean startupSchemaCheck) {
    this.startupSchemaCheck = startupSchemaCheck;
  }

  /**
   * Whether the library may let pgjdbc name its statements on the server.
   *
   * @return false unless turned on
   */
  public boolean isServerPreparedStatements() {
    return serverPreparedStatements;
  }

  /**
   * Sets whether the library may let pgjdbc name its statements on the server.
   *
   * @param serverPreparedStatements true only on direct or session-mode connections
   */
  public void setServerPreparedStatements(boolean serverPreparedStatements) {
    this.serverPreparedStatements = serverPreparedStatements;
  }

  /**
   * Sets the cursor signing key.
   *
   * @param cursorSigningKey Base64 of at least 32 bytes
   */
  public void setCursorSigningKey(String cursorSigningKey) {
    this.cursorSigningKey = cursorSigningKey;
  }

  /**
   * The cache properties.
   *
   * @return the cache properties
   */
  public InrvoCacheProperties getCache() {
    return cache;
  }

  /**
   * The migration properties.
   *
   * @return the migration properties
   */
  public Migrations getMigrations() {
    return migrations;
  }

  /** {@code inrvo.migrations.*}: whether the starter applies the library's migrations at start-up. */
  public static class Migrations {

    /**
     * Whether to apply the library's migrations (InrvoSchema.migrate, history in
     * inrvo_meta.inrvo_schema_history) at start-up, before the application's own Flyway.
     */
    private boolean enabled = true;

    /** Creates the properties with migrations on. */
    public Migrations() {}

    /**
     * Whether migrations run at start-up.
     *
     * @return true when they run
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns migrations at start-up on or off.
     *
     * @param enabled false to leave the schema to someone else
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
