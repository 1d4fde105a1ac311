package io.inrvo.data.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The child JVM of {@link Startup}: what a freshly started application instance does before its
 * first result, and nothing else. {@code library}: a HikariCP pool as an application sizes one,
 * {@code Inrvo.create(pool)} (defaults: startup schema check, cursor keys read) and one service
 * voice-profile lookup. {@code jdbc}: the same pool and the library's query text sent by hand on a
 * borrowed connection. {@value #UNCHECKED}: {@code library} with the startup schema check off, to
 * show what the check costs. {@value #JOOQ}: the same pool and the lookup as a typed query of plain
 * jOOQ, its table and columns declared by name and data type ({@code DSL.using(pool,
 * POSTGRES).select(...).fetchOptional}; no generated model, which is the library's own), what any
 * jOOQ application pays before its first result. Prints one line, {@link #PREFIX} then {@code key=value} pairs: milliseconds
 * since the JVM started at each step, classes loaded at each step, and a second call's time.
 *
 * <p>Arguments: {@code library|unchecked|jooq|jdbc url user password profileId ownerId querySql}.
 */
final class StartupProbe {

  /** The start of the line the parent reads. */
  static final String PREFIX = "startup-probe ";
  /** The mode that builds the instance with the startup schema check off. */
  static final String UNCHECKED = "unchecked";
  /** The mode that sends the lookup as a typed query of plain jOOQ: jOOQ's own start-up. */
  static final String JOOQ = "jooq";
  /** Connections of the pool, as a small service sizes it. */
  static final int POOL_SIZE = 4;

  private StartupProbe() {}

  public static void main(String[] args) throws SQLException {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    var classes = ManagementFactory.getClassLoadingMXBean();
    boolean library = !args[0].equals("jdbc");
    UUID profile = UUID.fromString(args[4]);
    UUID owner = UUID.fromString(args[5]);
    String query = args[6];
    long main = System.currentTimeMillis() - jvmStart;
    int mainClasses = classes.getLoadedClassCount();

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[1]);
    config.setUsername(args[2]);
    if (!args[3].isEmpty()) {
      config.setPassword(args[3]);
    }
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setPoolName("startup-probe");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      long poolReady = System.currentTimeMillis() - jvmStart;
      int poolClasses = classes.getLoadedClassCount();
      boolean jooq = args[0].equals(JOOQ);
      DSLContext plainJooq = jooq ? DSL.using(pool, SQLDialect.POSTGRES) : null;
      Inrvo inrvo = !library || jooq ? null
          : args[0].equals(UNCHECKED) ? Inrvo.builder(pool).startupSchemaCheck(false).build() : Inrvo.create(pool);
      long built = System.currentTimeMillis() - jvmStart;
      int builtClasses = classes.getLoadedClassCount();
      String first = jooq ? jooqCall(plainJooq, profile, owner)
          : library ? libraryCall(inrvo, profile, owner) : jdbcCall(pool, query, profile, owner);
      long firstResult = System.currentTimeMillis() - jvmStart;
      int firstClasses = classes.getLoadedClassCount();
      if (first == null) {
        throw new IllegalStateException("the probe's voice profile " + profile + " was not found");
      }
      long secondStart = System.nanoTime();
      String second = jooq ? jooqCall(plainJooq, profile, owner)
          : library ? libraryCall(inrvo, profile, owner) : jdbcCall(pool, query, profile, owner);
      double secondMillis = (System.nanoTime() - secondStart) / 1e6;
      if (!first.equals(second)) {
        throw new IllegalStateException("the second call read another row: " + first + " / " + second);
      }
      System.out.printf(Locale.ROOT, "%smode=%s main=%d pool=%d built=%d first=%d second=%.2f"
              + " classes.main=%d classes.pool=%d classes.built=%d classes.first=%d%n",
          PREFIX, args[0], main, poolReady, built, firstResult, secondMillis,
          mainClasses, poolClasses, builtClasses, firstClasses);
    }
  }

  private static String libraryCall(Inrvo inrvo, UUID profile, UUID owner) {
    return inrvo.asService().voiceProfiles().lookup(profile, owner).map(l -> l.name()).orElse(null);
  }

  private static String jooqCall(DSLContext jooq, UUID profile, UUID owner) {
    // declared here, not as constants: the other modes must not load jOOQ
    Table<?> voiceProfiles = DSL.table(DSL.name("public", "voice_profiles"));
    Field<String> name = DSL.field(DSL.name("name"), SQLDataType.CLOB);
    Field<UUID> id = DSL.field(DSL.name("id"), SQLDataType.UUID);
    Field<UUID> userId = DSL.field(DSL.name("user_id"), SQLDataType.UUID);
    return jooq.select(name).from(voiceProfiles).where(id.eq(profile).and(userId.eq(owner)))
        .fetchOptional(name).orElse(null);
  }

  private static String jdbcCall(HikariDataSource pool, String query, UUID profile, UUID owner) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
      ps.setObject(1, profile);
      ps.setObject(2, owner);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        for (int i = 1; i < 7; i++) {
          rs.getString(i);
        }
        return rs.getString(7); // the name, as the library's call returns it
      }
    }
  }
}
