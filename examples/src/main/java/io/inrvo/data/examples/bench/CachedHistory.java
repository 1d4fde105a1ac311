package io.inrvo.data.examples.bench;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.history.MeditationSummary;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * The seam rows 7 and 8 measure the cache module (issue 4) through: a user's first history page
 * read through the cached repositories. The cache module does not exist yet; when it lands, an
 * adapter implementing {@link Provider} (registered in {@code
 * META-INF/services/io.inrvo.data.examples.bench.CachedHistory$Provider}) switches both rows on.
 * Until then the {@code bench} command leaves them out and reports them as not measured.
 */
public interface CachedHistory extends AutoCloseable {

  /** {@code history().page(PageRequest.first(20))} of {@code user}, through cache and deduplicator. */
  Page<MeditationSummary> firstPage(UUID user);

  /** Forgets {@code user}'s cached entries, so that the next call is cold. */
  void invalidate(UUID user);

  /** Stops what the cache started (listeners, executors). */
  @Override
  void close();

  /** Builds cached histories over the library; found with {@link ServiceLoader}. */
  interface Provider {

    /**
     * A cached history over {@code inrvo}.
     *
     * @param deduplicate whether concurrent identical cold calls share one execution (row 8 compares
     *     with and without)
     */
    CachedHistory open(Inrvo inrvo, boolean deduplicate);
  }

  /** The provider on the class path, if the cache module's adapter is there. */
  static Optional<Provider> provider() {
    return ServiceLoader.load(Provider.class).findFirst();
  }

  /** The provider, or a failure that says why rows 7 and 8 cannot run. */
  static Provider requireProvider() {
    return provider().orElseThrow(() -> new IllegalStateException(
        "rows 7 and 8 need the cache module's cached repositories (issue 4): no CachedHistory.Provider"));
  }
}
