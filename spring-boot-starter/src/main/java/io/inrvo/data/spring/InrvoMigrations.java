package io.inrvo.data.spring;

import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.schema.MigrationResult;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies the library's migrations ({@link InrvoSchema#migrate}) when the context creates this
 * bean: before the {@code Inrvo} bean and everything else that depends on database initialization,
 * and before the application's own Flyway (its {@code FlywayMigrationInitializer}), so the
 * application's migrations may build on the library's tables. The two never clash: the library's
 * migrations live in {@value InrvoSchema#LOCATION} with their history in {@code
 * inrvo_meta.inrvo_schema_history}, the application's in its own locations and {@code
 * flyway_schema_history}. Turn it off with {@code inrvo.migrations.enabled=false}.
 */
public class InrvoMigrations implements InitializingBean {

  private final DataSource dataSource;
  private volatile MigrationResult result;

  /**
   * Migrations for {@code dataSource}, applied when the bean is initialized.
   *
   * @param dataSource a data source whose user may create roles and objects (see {@link
   *     InrvoSchema#migrate})
   */
  public InrvoMigrations(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Applies every pending migration of the library. */
  @Override
  public void afterPropertiesSet() {
    result = InrvoSchema.migrate(dataSource);
  }

  /**
   * What the start-up migration applied.
   *
   * @return the result; null before the bean is initialized
   */
  public MigrationResult result() {
    return result;
  }
}
