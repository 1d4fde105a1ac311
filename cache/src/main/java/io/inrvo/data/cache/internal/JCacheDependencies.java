package io.inrvo.data.cache.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The JCache backend's optional dependencies: JCache's API and resilience4j-cache. An application
 * that only uses Caffeine (or no cache) does not have them; {@code CacheBackend.jcache} checks for
 * them first and, when one is missing, says which artifacts to add instead of failing deep inside
 * with a {@link NoClassDefFoundError}.
 */
public final class JCacheDependencies {

  /** For each artifact, a class it contains, looked up without initialising it. */
  private static final Map<String, String> PROBES = Map.of(
      "javax.cache", "javax.cache.Cache",
      "io.github.resilience4j.cache", "io.github.resilience4j.cache.Cache");

  private JCacheDependencies() {}

  /**
   * Returns when every dependency of the JCache backend can be loaded.
   *
   * @throws IllegalStateException naming the Maven coordinates of each missing artifact
   */
  public static void require() {
    Properties coordinates = coordinates();
    List<String> missing = new ArrayList<>();
    for (String artifact : List.of("javax.cache", "io.github.resilience4j.cache")) {
      try {
        Class.forName(PROBES.get(artifact), false, JCacheDependencies.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(coordinates.getProperty(artifact));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("CacheBackend.jcache needs " + String.join(" and ", missing)
          + " on the classpath: inrvo-data-cache declares JCache's API and resilience4j-cache as optional"
          + " dependencies, so an application that uses JCache adds them itself, with a JCache provider"
          + " (for example com.github.ben-manes.caffeine:jcache); CacheBackend.caffeine() and none() need neither");
    }
  }

  private static Properties coordinates() {
    Properties properties = new Properties();
    try (InputStream in = JCacheDependencies.class.getResourceAsStream("jcache-dependencies.properties")) {
      if (in == null) {
        throw new IllegalStateException("jcache-dependencies.properties is missing from inrvo-data-cache");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
