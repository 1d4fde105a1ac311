package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import io.inrvo.data.cache.CachingInrvo;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the invalidation listener of the context's {@link CachingInrvo} when the context starts,
 * and closes it when the context stops (a {@link SmartLifecycle}, so {@code close()} of the
 * context, or its shutdown hook, stops it before the {@code DataSource} goes). It leaves alone an
 * {@code Inrvo} bean that does not cache, and a {@code CachingInrvo} whose listener already runs
 * (the application started its own). A stopped listener is not started again: after {@code
 * stop()} the caches work on with their time to live as the only bound, as the library documents
 * for {@link CachingInrvo#close()}. Thread-safe.
 */
public class InrvoListenerLifecycle implements SmartLifecycle {

  private final ObjectProvider<Inrvo> inrvo;
  private final Consumer<CachingInrvo> start;
  private CachingInrvo started; // guarded by this
  private boolean running; // guarded by this

  /**
   * A lifecycle for the context's {@code Inrvo} bean.
   *
   * @param inrvo the context's {@code Inrvo} bean, looked up when the context starts
   * @param start starts the listener of the given instance (on the configured URL or data source)
   */
  public InrvoListenerLifecycle(ObjectProvider<Inrvo> inrvo, Consumer<CachingInrvo> start) {
    this.inrvo = Objects.requireNonNull(inrvo, "inrvo");
    this.start = Objects.requireNonNull(start, "start");
  }

  /** Starts the listener, unless the {@code Inrvo} bean does not cache or already listens. */
  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    if (started == null && inrvo.getIfUnique() instanceof CachingInrvo caching && caching.listener().isEmpty()) {
      start.accept(caching);
      started = caching;
    }
  }

  /** Closes the listener this lifecycle started. */
  @Override
  public synchronized void stop() {
    running = false;
    if (started != null) {
      started.close();
    }
  }

  /**
   * Whether the context has started this lifecycle and not stopped it.
   *
   * @return true between {@link #start()} and {@link #stop()}
   */
  @Override
  public synchronized boolean isRunning() {
    return running;
  }
}
