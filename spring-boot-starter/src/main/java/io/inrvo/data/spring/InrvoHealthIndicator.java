package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.cache.InvalidationStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Objects;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.util.ClassUtils;

/**
 * The {@code inrvo} component of {@code /actuator/health}: UP when the database answers; DOWN with
 * the reason when it does not. With caches, the details also show the invalidation listener's
 * state, and a listener that runs without its connection is reported OUT_OF_SERVICE (the caches
 * still work, but another writer's change may go unseen for the disconnected time to live).
 */
public class InrvoHealthIndicator extends AbstractHealthIndicator {

  private final Inrvo inrvo;

  /**
   * An indicator for {@code inrvo}.
   *
   * @param inrvo the instance whose database and caches to report
   */
  public InrvoHealthIndicator(Inrvo inrvo) {
    super("inrvo-data health check failed");
    this.inrvo = Objects.requireNonNull(inrvo, "inrvo");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    try (Connection connection = inrvo.options().dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select 1")) {
      rs.next();
    }
    builder.up().withDetail("database", "reachable");
    if (CACHE_PRESENT) {
      Caches.report(inrvo, builder);
    }
  }

  private static final boolean CACHE_PRESENT =
      ClassUtils.isPresent("io.inrvo.data.cache.CachingInrvo", InrvoHealthIndicator.class.getClassLoader());

  /** What needs the cache module, loaded only when it is present. */
  private static final class Caches {
    static void report(Inrvo inrvo, Health.Builder builder) {
      if (inrvo instanceof CachingInrvo caching) {
        InvalidationStatus status = caching.invalidationStatus();
        builder.withDetail("invalidation", status.state().name());
        if (status.isDegraded()) {
          builder.outOfService();
        }
      }
    }
  }
}
