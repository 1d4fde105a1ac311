package io.inrvo.data.internal;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * How the library renders and binds SQL with jOOQ: PostgreSQL, schema-qualified names, no jOOQ
 * execute logging, timestamps as {@code OffsetDateTime}. Every statement, fixed or built per call,
 * renders with these settings, so the two paths send and read values alike.
 */
final class Rendering {

  /** A context for building and rendering statements; it has no connection. */
  static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, settings());

  private Rendering() {}

  /** A new copy of the library's settings. */
  static Settings settings() {
    // Timestamps bound and read as OffsetDateTime (UTC from pgjdbc), as fixed statements read them,
    // not parsed from text at the session time zone's offset: both paths return equal values.
    return new Settings().withExecuteLogging(false).withRenderSchema(true).withBindOffsetDateTimeType(true);
  }
}
