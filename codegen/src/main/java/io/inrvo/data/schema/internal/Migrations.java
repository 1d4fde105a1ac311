package io.inrvo.data.schema.internal;

import io.inrvo.data.schema.InrvoSchema;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway set up for the library's migrations: their location, their history, nothing else, and a
 * data source whose URL Flyway logs without credentials ({@link LoggedUrl}).
 */
public final class Migrations {

  private Migrations() {}

  /** The configuration every run of the library's migrations starts from. */
  public static FluentConfiguration configure(DataSource dataSource) {
    return Flyway.configure(InrvoSchema.class.getClassLoader())
        .dataSource(LoggedUrl.hidingCredentials(dataSource))
        .locations(InrvoSchema.LOCATION)
        .failOnMissingLocations(true)
        .defaultSchema(InrvoSchema.HISTORY_SCHEMA)
        .schemas(InrvoSchema.HISTORY_SCHEMA)
        .table(InrvoSchema.HISTORY_TABLE)
        .createSchemas(true)
        .validateMigrationNaming(true);
  }
}
