package io.inrvo.data.spring;

import java.time.Duration;

/**
 * {@code inrvo.cache.*}: whether the {@code Inrvo} bean caches (when inrvo-data-cache is on the
 * classpath), each cache's time to live and size ({@code CacheSettings}; unset values keep the
 * library's defaults), and the invalidation listener. Getters and setters only, for Spring Boot's
 * binding; the per-cache getters each hold one {@link Spec}.
 */
public class InrvoCacheProperties {

  /** Whether the Inrvo bean is a CachingInrvo when inrvo-data-cache is on the classpath. */
  private boolean enabled = true;

  /**
   * How long an entry loaded while the listener is down may be served: the longest another
   * writer's change stays unseen then (0 to 1 hour).
   */
  private Duration disconnectedTimeToLive = Duration.ofSeconds(5);

  /** The invalidation listener, started and stopped with the application context. */
  private final Listener listener = new Listener();

  /** History, favorites and with-audio pages (default 5 minutes, 2,000 pages). */
  private final Spec meditationHistory = new Spec();

  /** Voice profile lists and lookups (default 30 minutes, 5,000 entries). */
  private final Spec voiceProfiles = new Spec();

  /** Audio tag presets and preferences (default 1 hour, 10,000 entries). */
  private final Spec audioTags = new Spec();

  /** The caller's own profile (default 10 minutes, 10,000 entries). */
  private final Spec userProfile = new Spec();

  /** The latest conversation and single conversations (default 5 minutes, 1,000 entries). */
  private final Spec conversations = new Spec();

  /** Admin lists (default 1 minute, 1,000 pages). */
  private final Spec adminLists = new Spec();

  /** Creates the properties with the library's defaults. */
  public InrvoCacheProperties() {}

  /**
   * Whether the Inrvo bean caches.
   *
   * @return whether the Inrvo bean caches
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets the enabled.
   *
   * @param enabled false for an Inrvo bean that does not cache
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The time to live of entries loaded while the listener is down.
   *
   * @return the time to live of entries loaded while the listener is down
   */
  public Duration getDisconnectedTimeToLive() {
    return disconnectedTimeToLive;
  }

  /**
   * Sets the disconnectedTimeToLive.
   *
   * @param disconnectedTimeToLive from zero to 1 hour
   */
  public void setDisconnectedTimeToLive(Duration disconnectedTimeToLive) {
    this.disconnectedTimeToLive = disconnectedTimeToLive;
  }

  /**
   * The listener properties.
   *
   * @return the listener properties
   */
  public Listener getListener() {
    return listener;
  }

  /**
   * The meditation history cache's spec.
   *
   * @return the meditation history cache's spec
   */
  public Spec getMeditationHistory() {
    return meditationHistory;
  }

  /**
   * The voice profile cache's spec.
   *
   * @return the voice profile cache's spec
   */
  public Spec getVoiceProfiles() {
    return voiceProfiles;
  }

  /**
   * The audio tag cache's spec.
   *
   * @return the audio tag cache's spec
   */
  public Spec getAudioTags() {
    return audioTags;
  }

  /**
   * The profile cache's spec.
   *
   * @return the profile cache's spec
   */
  public Spec getUserProfile() {
    return userProfile;
  }

  /**
   * The conversation cache's spec.
   *
   * @return the conversation cache's spec
   */
  public Spec getConversations() {
    return conversations;
  }

  /**
   * The admin list cache's spec.
   *
   * @return the admin list cache's spec
   */
  public Spec getAdminLists() {
    return adminLists;
  }

  /** One cache's time to live and size; what is unset keeps the library's default. */
  public static class Spec {

    /** How long an entry is served at most when no invalidation reaches it. */
    private Duration timeToLive;

    /** How many entries the cache holds at most. */
    private Long maximumSize;

    /** Creates a spec that keeps the library's defaults. */
    public Spec() {}

    /**
     * The time to live; null for the library's default.
     *
     * @return the time to live; null for the library's default
     */
    public Duration getTimeToLive() {
      return timeToLive;
    }

    /**
     * Sets the timeToLive.
     *
     * @param timeToLive the time to live, positive
     */
    public void setTimeToLive(Duration timeToLive) {
      this.timeToLive = timeToLive;
    }

    /**
     * The maximum size; null for the library's default.
     *
     * @return the maximum size; null for the library's default
     */
    public Long getMaximumSize() {
      return maximumSize;
    }

    /**
     * Sets the maximumSize.
     *
     * @param maximumSize the maximum number of entries, positive
     */
    public void setMaximumSize(Long maximumSize) {
      this.maximumSize = maximumSize;
    }
  }

  /**
   * {@code inrvo.cache.listener.*}: the invalidation listener, which hears every committed change
   * (another instance's, plain SQL's) on a LISTEN connection of its own.
   */
  public static class Listener {

    /** Whether to start the invalidation listener with the application context. */
    private boolean enabled = true;

    /**
     * JDBC URL of a direct or session-mode connection for LISTEN (not a transaction pooler such
     * as Supabase port 6543). Default: one connection borrowed from the application's DataSource
     * for the listener's life.
     */
    private String url;

    /** Login user for the listener's URL. */
    private String username;

    /** Password for the listener's URL. */
    private String password;

    /** Creates the properties: started, on the application's DataSource. */
    public Listener() {}

    /**
     * Whether the listener starts with the context.
     *
     * @return whether the listener starts with the context
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets the enabled.
     *
     * @param enabled false to run the caches without a listener (time to live only)
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The listener's own JDBC URL; null to borrow from the DataSource.
     *
     * @return the listener's own JDBC URL; null to borrow from the DataSource
     */
    public String getUrl() {
      return url;
    }

    /**
     * Sets the url.
     *
     * @param url a direct or session-mode JDBC URL
     */
    public void setUrl(String url) {
      this.url = url;
    }

    /**
     * The login user for the URL.
     *
     * @return the login user for the URL
     */
    public String getUsername() {
      return username;
    }

    /**
     * Sets the username.
     *
     * @param username the login user for the URL
     */
    public void setUsername(String username) {
      this.username = username;
    }

    /**
     * The password for the URL.
     *
     * @return the password for the URL
     */
    public String getPassword() {
      return password;
    }

    /**
     * Sets the password.
     *
     * @param password the password for the URL
     */
    public void setPassword(String password) {
      this.password = password;
    }
  }
}
