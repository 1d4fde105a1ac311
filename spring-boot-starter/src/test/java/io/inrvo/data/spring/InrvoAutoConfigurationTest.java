package io.inrvo.data.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inrvo.data.Caller;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.SurroundingTransaction;
import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.cache.InvalidationStatus;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.FilteredClassLoader;

/**
 * The starter's beans per classpath and properties, on a real database: a caching {@code Inrvo}
 * whose listener runs with the context, a plain one without the cache module or with caching off,
 * the {@code inrvo.*} properties in the options, and the application's own beans winning.
 */
class InrvoAutoConfigurationTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  static void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void withTheCacheModuleTheInrvoBeanCachesAndItsListenerRunsExactlyWhileTheContextRuns(TestDatabase db,
      @TestUser("cached") UUID user) {
    CachingInrvo[] seen = new CachingInrvo[1];
    Contexts.on(db).run(context -> {
      assertThat(context).hasSingleBean(Inrvo.class).hasSingleBean(SurroundingTransaction.class)
          .hasSingleBean(InrvoListenerLifecycle.class).hasSingleBean(InrvoMigrations.class);
      CachingInrvo inrvo = context.getBean(CachingInrvo.class);
      seen[0] = inrvo;
      await(() -> inrvo.invalidationStatus().state() == InvalidationStatus.State.LISTENING, "the listener connects");
      assertThat(inrvo.asUser(user).history().page(PageRequest.first(5)).items()).isEmpty(); // it works
    });
    assertThat(seen[0].invalidationStatus().state()).isEqualTo(InvalidationStatus.State.NO_LISTENER);
    assertThat(seen[0].listener()).isEmpty();
  }

  @Test
  void withoutTheCacheModuleTheInrvoBeanDoesNotCacheAndNoListenerIsConfigured(TestDatabase db) {
    Contexts.on(db).withClassLoader(new FilteredClassLoader("io.inrvo.data.cache")).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Inrvo.class).doesNotHaveBean(InrvoListenerLifecycle.class);
      assertThat(context.getBean(Inrvo.class).getClass().getName()).doesNotContain("Caching");
    });
  }

  @Test
  void withoutTheCodegenModuleNoMigrationsRunAndTheRestIsConfigured(TestDatabase db) {
    Contexts.on(db).withClassLoader(new FilteredClassLoader("io.inrvo.data.schema")).run(context ->
        assertThat(context).hasNotFailed().hasSingleBean(Inrvo.class).doesNotHaveBean(InrvoMigrations.class));
  }

  @Test
  void withoutSpringJdbcTransactionsCallsRunInTransactionsOfTheirOwn(TestDatabase db) {
    Contexts.on(db).withClassLoader(new FilteredClassLoader("org.springframework.jdbc.datasource.ConnectionHolder"))
        .run(context -> assertThat(context).doesNotHaveBean(SurroundingTransaction.class));
  }

  @Test
  void cachingAndTheListenerAndMigrationsCanEachBeTurnedOff(TestDatabase db) {
    Contexts.on(db).withPropertyValues("inrvo.cache.enabled=false", "inrvo.migrations.enabled=false")
        .run(context -> {
          assertThat(context).hasSingleBean(Inrvo.class).doesNotHaveBean(CachingInrvo.class)
              .doesNotHaveBean(InrvoMigrations.class);
        });
    Contexts.on(db).withPropertyValues("inrvo.cache.listener.enabled=false").run(context -> {
      assertThat(context).hasSingleBean(CachingInrvo.class).doesNotHaveBean(InrvoListenerLifecycle.class);
      assertThat(context.getBean(CachingInrvo.class).invalidationStatus().state())
          .isEqualTo(InvalidationStatus.State.NO_LISTENER);
    });
  }

  @Test
  void theListenerMayListenOnAUrlOfItsOwn(TestDatabase db) {
    Contexts.on(db).withPropertyValues("inrvo.cache.listener.url=" + db.jdbcUrl(),
        "inrvo.cache.listener.username=" + db.server().user(),
        "inrvo.cache.listener.password=" + db.server().password()).run(context -> {
          CachingInrvo inrvo = context.getBean(CachingInrvo.class);
          await(() -> inrvo.invalidationStatus().state() == InvalidationStatus.State.LISTENING, "listening");
        });
  }

  @Test
  void theInrvoPropertiesBindIntoTheOptionsAndCacheSettings(TestDatabase db) {
    byte[] key = new byte[40];
    key[0] = 7;
    Contexts.on(db).withPropertyValues("inrvo.statement-timeout=3s",
        "inrvo.cursor-signing-key=" + Base64.getEncoder().encodeToString(key),
        "inrvo.cache.disconnected-time-to-live=2s",
        "inrvo.cache.meditation-history.time-to-live=2m", "inrvo.cache.meditation-history.maximum-size=10",
        "inrvo.cache.admin-lists.maximum-size=3", "inrvo.server-prepared-statements=true").run(context -> {
          CachingInrvo inrvo = context.getBean(CachingInrvo.class);
          assertThat(inrvo.options().statementTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(inrvo.options().serverPreparedStatements()).isTrue();
          assertThat(inrvo.options().cursorSigningKey().orElseThrow()).isEqualTo(key);
          assertThat(inrvo.options().surroundingTransaction()).isInstanceOf(SpringTransactions.class);
          assertThat(inrvo.settings().meditationHistory())
              .isEqualTo(new CacheSpec("meditation-history", Duration.ofMinutes(2), 10));
          assertThat(inrvo.settings().adminLists()).isEqualTo(new CacheSpec("admin-lists", Duration.ofMinutes(1), 3));
          assertThat(inrvo.settings().voiceProfiles()).isEqualTo(
              io.inrvo.data.cache.CacheSettings.defaults().voiceProfiles());
          assertThat(inrvo.invalidationStatus().disconnectedTimeToLive()).isEqualTo(Duration.ofSeconds(2));
        });
  }

  @Test
  void aCursorSigningKeyShorterThan32BytesFailsTheStartNamingTheProperty(TestDatabase db) {
    Contexts.on(db).withPropertyValues("inrvo.cursor-signing-key=" + Base64.getEncoder().encodeToString(new byte[8]))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("cursorSigningKey").hasMessageContaining("32"));
  }

  @Test
  void theApplicationsOwnBeansWinAndCustomizersChangeTheOptions(TestDatabase db, @TestUser("own") UUID user) {
    Contexts.on(db).withBean("myInrvo", Inrvo.class, () -> Inrvo.create(db.dataSource()))
        .withBean(SurroundingTransaction.class, SurroundingTransaction::none)
        .run(context -> {
          assertThat(context).hasSingleBean(Inrvo.class).hasBean("myInrvo").hasSingleBean(SurroundingTransaction.class);
          assertThat(context.getBean(SurroundingTransaction.class)).isNotInstanceOf(SpringTransactions.class);
        });
    List<ExecutedStatement> heard = new CopyOnWriteArrayList<>();
    Contexts.on(db).withBean(InrvoOptionsCustomizer.class, () -> builder -> builder.statementListener(heard::add))
        .run(context -> {
          context.getBean(Inrvo.class).session(Caller.user(user)).history().page(PageRequest.first(5));
          assertThat(heard).isNotEmpty();
          assertThat(heard.get(0).caller()).isEqualTo(Caller.user(user));
        });
  }

  @Test
  void theConfigurationMetadataDescribesTheProperties() throws Exception {
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
      String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(json).contains("\"inrvo.statement-timeout\"", "\"inrvo.cursor-signing-key\"",
          "\"inrvo.migrations.enabled\"", "\"inrvo.cache.enabled\"", "\"inrvo.cache.listener.url\"",
          "\"inrvo.cache.listener.enabled\"", "\"inrvo.cache.meditation-history.time-to-live\"",
          "\"inrvo.server-prepared-statements\"",
          "\"inrvo.cache.disconnected-time-to-live\"", "Statement timeout the library sets");
    }
  }
}
