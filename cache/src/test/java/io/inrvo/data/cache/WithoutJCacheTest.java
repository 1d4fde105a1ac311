package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JCache's API and resilience4j-cache are optional dependencies: an application that only uses
 * Caffeine runs without them, and one that asks for a JCache backend is told what to add. Each
 * test loads the module in a class loader built from this test's real class path minus some jars,
 * with nothing but the JDK as its parent, and runs {@link CaffeineOnlyApplication} in it.
 */
class WithoutJCacheTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final Predicate<String> JCACHE_API = jar -> jar.startsWith("cache-api-");
  private static final Predicate<String> RESILIENCE4J = jar -> jar.startsWith("resilience4j-");
  // Caffeine's JCache provider: a test dependency of this module, which needs JCache's API.
  private static final Predicate<String> JCACHE_PROVIDER = jar -> jar.startsWith("jcache-");

  @Test
  void caffeineAndNoCacheWorkWithoutJCacheOrResilience4j() throws Exception {
    try (URLClassLoader app = classPathWithout(JCACHE_API.or(RESILIENCE4J).or(JCACHE_PROVIDER))) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName("javax.cache.Cache", false, app));
      assertThrows(ClassNotFoundException.class,
          () -> Class.forName("io.github.resilience4j.cache.Cache", false, app));

      assertEquals(List.of("CacheBackend.caffeine: loaded", "CacheBackend.none: absent", "deduplicated: once"),
          run(app, "useTheBuildingBlocks"));
      DatabaseServer server = DB.database().server();
      assertEquals("hits=1 misses=1",
          run(app, "readThroughCachingInrvo", DB.database().jdbcUrl(), server.user(), server.password()));
    }
  }

  @Test
  void askingForJCacheWithoutItNamesTheArtifactsToAdd() throws Exception {
    try (URLClassLoader app = classPathWithout(JCACHE_API.or(RESILIENCE4J).or(JCACHE_PROVIDER))) {
      String message = run(app, "askForJCache");
      assertTrue(message.contains("javax.cache:cache-api:1.") && message.contains(
          "io.github.resilience4j:resilience4j-cache:2."), message);
      assertFalse(message.contains("${"), "the versions are filled in by the build: " + message);
    }
  }

  @Test
  void withJCacheButWithoutResilience4jOnlyResilience4jIsNamed() throws Exception {
    try (URLClassLoader app = classPathWithout(RESILIENCE4J)) {
      String message = run(app, "askForJCache");
      assertTrue(message.contains("io.github.resilience4j:resilience4j-cache:2."), message);
      assertFalse(message.contains("javax.cache:cache-api"), message);
    }
  }

  @Test
  void withEverythingTheCheckPassesAndTheBackendChecksItsArguments() throws Exception {
    try (URLClassLoader app = classPathWithout(jar -> false)) {
      // past the dependency check, the null manager is refused as the method documents
      InvocationTargetException e = assertThrows(InvocationTargetException.class,
          () -> app.loadClass(CaffeineOnlyApplication.class.getName()).getMethod("askForJCache").invoke(null));
      assertEquals(NullPointerException.class, e.getCause().getClass());
    }
  }

  /** This test's class path without the jars whose file names {@code excluded} matches. */
  private static URLClassLoader classPathWithout(Predicate<String> excluded) throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (excluded.test(path.getFileName().toString())) {
        dropped.add(path.getFileName().toString());
      } else {
        urls.add(path.toUri().toURL());
      }
    }
    String name = dropped.isEmpty() ? "the whole class path" : "the class path without " + String.join(", ", dropped);
    return new URLClassLoader(name, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @SuppressWarnings("unchecked")
  private static <T> T run(ClassLoader loader, String method, String... arguments) throws Exception {
    Class<?>[] types = new Class<?>[arguments.length];
    Arrays.fill(types, String.class);
    try {
      return (T) loader.loadClass(CaffeineOnlyApplication.class.getName()).getMethod(method, types)
          .invoke(null, (Object[]) arguments);
    } catch (InvocationTargetException e) {
      throw new AssertionError("failed in a class loader of " + loader.getName(), e.getCause());
    }
  }
}
