package io.inrvo.data.internal;

import java.util.Collection;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.SelectQuery;
import org.jooq.TableLike;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * How the library renders and binds SQL with jOOQ: PostgreSQL, schema-qualified names, no jOOQ
 * execute logging, timestamps as {@code OffsetDateTime}. Every statement, fixed or built per call,
 * renders with these settings, so the two paths send and read values alike.
 *
 * <p>Loading this class also turns off jOOQ's logo and "tip of the day", which jOOQ logs at INFO
 * the first time anything renders SQL, unless the application chose otherwise: jOOQ reads only the
 * system properties {@value #NO_LOGO} and {@value #NO_TIPS}, so the library sets each to {@code
 * true} when it is not set yet. Every path of the library to jOOQ passes through this class first.
 */
final class Rendering {

  /** jOOQ's switch for its logo. */
  static final String NO_LOGO = "org.jooq.no-logo";
  /** jOOQ's switch for its tip of the day. */
  static final String NO_TIPS = "org.jooq.no-tips";

  static {
    quietJooq();
  }

  /** A context for building and rendering statements; it has no connection. */
  static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, settings());

  private Rendering() {}

  private static void quietJooq() {
    try {
      System.getProperties().putIfAbsent(NO_LOGO, "true");
      System.getProperties().putIfAbsent(NO_TIPS, "true");
    } catch (SecurityException e) {
      // a security manager forbids it: jOOQ then prints its banner, nothing worse
    }
  }

  /**
   * {@code select fields from table where condition}, built as a {@link SelectQuery} rather than
   * with jOOQ's fluent steps: the same SQL, but the fluent select implements some 45 more step
   * interfaces ({@code SelectSeekStep1} to {@code 22} and the like), whose loading was the largest
   * part of a fresh instance's first call of a fixed statement.
   */
  static SelectQuery<Record> select(Collection<? extends SelectFieldOrAsterisk> fields, TableLike<?> table,
      Condition condition) {
    SelectQuery<Record> query = RENDERER.selectQuery();
    query.addSelect(fields);
    query.addFrom(table);
    query.addConditions(condition);
    return query;
  }

  /** A new copy of the library's settings. */
  static Settings settings() {
    // Timestamps bound and read as OffsetDateTime (UTC from pgjdbc), as fixed statements read them,
    // not parsed from text at the session time zone's offset: both paths return equal values.
    return new Settings().withExecuteLogging(false).withRenderSchema(true).withBindOffsetDateTimeType(true);
  }
}
