package io.inrvo.data.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On an empty database the starter applies the library's migrations before the application's
 * own Flyway runs and before the {@code Inrvo} bean exists: the application's migration may
 * reference the library's tables, and each keeps its own history.
 */
class MigrationsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  @Test
  void theLibrarysMigrationsRunFirstThenTheApplicationsFlywayEachWithItsOwnHistory(TestDatabase db) {
    Contexts.on(db).withPropertyValues("spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/app-migration")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(InrvoMigrations.class).result().appliedVersions()).isNotEmpty();
          assertThat(TestSql.column(db.dataSource(),
              "select version from inrvo_meta.inrvo_schema_history where success order by installed_rank"))
              .isNotEmpty().endsWith(InrvoSchema.currentVersion(db.dataSource()).orElseThrow());
          assertThat(TestSql.column(db.dataSource(),
              "select version from public.flyway_schema_history where success and version is not null"))
              .containsExactly("1");
          // the application's migration referenced the library's table, and the Inrvo bean works on it
          UUID user = TestUsers.create(db.dataSource(), "migrated@app.test");
          Inrvo inrvo = context.getBean(Inrvo.class);
          assertThat(inrvo.asUser(user).history().page(PageRequest.first(1)).items()).isEmpty();
          assertThat(TestSql.count(db.dataSource(), "select count(*) from public.app_meditation_notes")).isZero();
        });
    // started again: nothing left to apply for either
    Contexts.on(db).withPropertyValues("spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/app-migration")
        .run(context -> assertThat(context.getBean(InrvoMigrations.class).result().appliedVersions()).isEmpty());
  }
}
