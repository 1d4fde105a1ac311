package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.SurroundingTransaction;
import io.inrvo.data.cache.CacheSettings;
import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.CachingInrvo;
import java.util.Base64;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts {@link InrvoAutoConfiguration} imports, in this order: the migrations, then the caching
 * {@code Inrvo} (when the cache module is present and on), then the plain one (when no {@code Inrvo}
 * bean exists yet). Each {@code Inrvo} bean depends on database initialization, so it is created
 * after the library's migrations and the application's Flyway.
 */
final class InrvoConfigurations {

  private InrvoConfigurations() {}

  /** The options from the properties, Spring transactions and the customizers, in that order. */
  static InrvoOptions options(DataSource dataSource, InrvoProperties properties,
      ObjectProvider<SurroundingTransaction> surrounding, ObjectProvider<InrvoOptionsCustomizer> customizers) {
    InrvoOptions.Builder builder = Inrvo.builder(dataSource).statementTimeout(properties.getStatementTimeout())
        .startupSchemaCheck(properties.isStartupSchemaCheck())
        .serverPreparedStatements(properties.isServerPreparedStatements());
    if (properties.getCursorSigningKey() != null) {
      builder.cursorSigningKey(Base64.getDecoder().decode(properties.getCursorSigningKey()));
    }
    surrounding.ifAvailable(builder::surroundingTransaction);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.options();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.inrvo.data.schema.InrvoSchema")
  @ConditionalOnProperty(prefix = "inrvo.migrations", name = "enabled", havingValue = "true", matchIfMissing = true)
  static class Migrations {

    @Bean
    @ConditionalOnMissingBean
    InrvoMigrations inrvoMigrations(DataSource dataSource) {
      return new InrvoMigrations(dataSource);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.inrvo.data.cache.CachingInrvo")
  @ConditionalOnProperty(prefix = "inrvo.cache", name = "enabled", havingValue = "true", matchIfMissing = true)
  static class Caching {

    @Bean
    @ConditionalOnMissingBean(Inrvo.class)
    @DependsOnDatabaseInitialization
    CachingInrvo inrvo(DataSource dataSource, InrvoProperties properties,
        ObjectProvider<SurroundingTransaction> surrounding, ObjectProvider<InrvoOptionsCustomizer> customizers) {
      InrvoCacheProperties cache = properties.getCache();
      CacheSettings defaults = CacheSettings.defaults();
      CacheSettings settings = new CacheSettings(
          spec(defaults.meditationHistory(), cache.getMeditationHistory()),
          spec(defaults.voiceProfiles(), cache.getVoiceProfiles()),
          spec(defaults.audioTags(), cache.getAudioTags()),
          spec(defaults.userProfile(), cache.getUserProfile()),
          spec(defaults.conversations(), cache.getConversations()),
          spec(defaults.adminLists(), cache.getAdminLists()));
      return CachingInrvo.builder(Inrvo.create(options(dataSource, properties, surrounding, customizers)))
          .settings(settings)
          .disconnectedTimeToLive(cache.getDisconnectedTimeToLive())
          .build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "inrvo.cache.listener", name = "enabled", havingValue = "true",
        matchIfMissing = true)
    InrvoListenerLifecycle inrvoListenerLifecycle(ObjectProvider<Inrvo> inrvo, InrvoProperties properties,
        DataSource dataSource) {
      InrvoCacheProperties.Listener listener = properties.getCache().getListener();
      UnaryOperator<io.inrvo.data.cache.InvalidationListener.Builder> connection = listener.getUrl() == null
          ? builder -> builder.dataSource(dataSource)
          : builder -> builder.jdbcUrl(listener.getUrl(), nonNull(listener.getUsername()),
              nonNull(listener.getPassword()));
      return new InrvoListenerLifecycle(inrvo, caching -> caching.startListener(connection));
    }

    private static CacheSpec spec(CacheSpec defaults, InrvoCacheProperties.Spec configured) {
      CacheSpec spec = defaults;
      if (configured.getTimeToLive() != null) {
        spec = spec.withTimeToLive(configured.getTimeToLive());
      }
      if (configured.getMaximumSize() != null) {
        spec = spec.withMaximumSize(configured.getMaximumSize());
      }
      return spec;
    }

    private static String nonNull(String value) {
      return value == null ? "" : value;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Plain {

    @Bean
    @ConditionalOnMissingBean(Inrvo.class)
    @DependsOnDatabaseInitialization
    Inrvo inrvo(DataSource dataSource, InrvoProperties properties,
        ObjectProvider<SurroundingTransaction> surrounding, ObjectProvider<InrvoOptionsCustomizer> customizers) {
      return Inrvo.create(options(dataSource, properties, surrounding, customizers));
    }
  }
}
