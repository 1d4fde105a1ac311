package io.inrvo.data.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one cache behaves: its name, how long a value lives after it was written, and how many
 * entries it may hold.
 *
 * <p>A value written at time {@code t} is returned up to, but not at, {@code t + timeToLive}:
 * expiry is measured on the backend's injected clock, so tests move a fake clock instead of
 * sleeping. When full, the Caffeine backend evicts the entries least likely to be used again;
 * for JCache, see {@link CacheBackend#jcache(javax.cache.CacheManager,
 * java.util.function.Function, java.time.Clock)}.
 *
 * @param name 1 to 63 characters of {@code [a-z0-9.-]}, starting with a letter or digit; the
 *     JCache backend names its cache {@code inrvo.<name>}
 * @param timeToLive at least 1 ms
 * @param maximumSize 1 to 10,000,000 entries
 */
public record CacheSpec(String name, Duration timeToLive, long maximumSize) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
  private static final long MAX_ENTRIES = 10_000_000;

  /**
   * Checks the rules above.
   *
    * @param name 1 to 63 characters of {@code [a-z0-9.-]}, starting with a letter or digit
    * @param timeToLive at least 1 ms
    * @param maximumSize 1 to 10,000,000 entries
   * @throws IllegalArgumentException naming the parameter and its value when a rule is broken
    */
  public CacheSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeToLive, "timeToLive");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match " + NAME + ", got \"" + name + "\"");
    }
    if (timeToLive.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("timeToLive must be at least 1 ms, got " + timeToLive);
    }
    if (maximumSize < 1 || maximumSize > MAX_ENTRIES) {
      throw new IllegalArgumentException("maximumSize must be between 1 and " + MAX_ENTRIES + ", got " + maximumSize);
    }
  }

  /**
   * This spec with another time to live.
   *
   * @param timeToLive at least 1 ms
   * @return a copy with it
   */
  public CacheSpec withTimeToLive(Duration timeToLive) {
    return new CacheSpec(name, timeToLive, maximumSize);
  }

  /**
   * This spec with another maximum size.
   *
   * @param maximumSize 1 to 10,000,000 entries
   * @return a copy with it
   */
  public CacheSpec withMaximumSize(long maximumSize) {
    return new CacheSpec(name, timeToLive, maximumSize);
  }
}
