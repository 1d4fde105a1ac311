package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Readiness;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code inrvo} component of {@code /actuator/health}, backed by the library's readiness check
 * ({@link Inrvo#ready()}: the database answers, its schema is at the version the library expects,
 * and, for a {@code CachingInrvo}, its invalidation listener hears other writers). Each check is a
 * detail ({@code ok} and what it found or what to do; never a user's data). UP when every check is
 * ok; DOWN when the database or schema check fails; OUT_OF_SERVICE when only the listener's does
 * (the caches still work, but another writer's change may go unseen for the disconnected time to
 * live).
 */
public class InrvoHealthIndicator extends AbstractHealthIndicator {

  private final Inrvo inrvo;

  /**
   * An indicator for {@code inrvo}.
   *
   * @param inrvo the instance whose readiness to report
   */
  public InrvoHealthIndicator(Inrvo inrvo) {
    super("inrvo-data readiness check failed");
    this.inrvo = Objects.requireNonNull(inrvo, "inrvo");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Readiness readiness = inrvo.ready();
    boolean onlyTheListener = readiness.checks().stream()
        .allMatch(c -> c.ok() || c.name().equals(Readiness.INVALIDATION_LISTENER));
    builder.status(readiness.ready() ? Status.UP : onlyTheListener ? Status.OUT_OF_SERVICE : Status.DOWN);
    for (Readiness.Check check : readiness.checks()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("ok", check.ok());
      detail.put("detail", check.detail());
      builder.withDetail(check.name(), detail);
    }
  }
}
