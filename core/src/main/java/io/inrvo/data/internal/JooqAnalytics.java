package io.inrvo.data.internal;

import io.inrvo.data.admin.*;
import io.inrvo.data.admin.AnalyticsRepository;
import java.time.OffsetDateTime;

/** Work in progress: AnalyticsRepository on jOOQ. */
final class JooqAnalytics implements AnalyticsRepository {

  private final Scope scope;

  JooqAnalytics(Scope scope) {
    this.scope = scope;
  }

  @Override
  public AnalyticsSnapshot current() {
    throw new UnsupportedOperationException("current: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public OffsetDateTime refresh() {
    throw new UnsupportedOperationException("refresh: not implemented yet, scope " + scope.caller().scope());
  }
}
