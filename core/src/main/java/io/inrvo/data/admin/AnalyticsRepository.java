package io.inrvo.data.admin;

import java.time.OffsetDateTime;

/**
 * Admin analytics, read from the {@code admin_analytics_cache} materialized view through
 * SECURITY DEFINER functions (a materialized view has no row-level security of its own). Allowed
 * for admin sessions the database confirms and for service sessions.
 */
public interface AnalyticsRepository {

  /**
   * The figures as last refreshed.
   *
    * @return the figures and when they were computed
   * @throws io.inrvo.data.AccessDeniedException for anyone else
    */
  AnalyticsSnapshot current();

  /**
   * Recomputes the figures with {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} (readers are not
   * blocked) and returns the new {@code refreshedAt}.
   *
    * @return when the figures were computed by this refresh
   * @throws io.inrvo.data.AccessDeniedException for anyone else
    */
  OffsetDateTime refresh();
}
