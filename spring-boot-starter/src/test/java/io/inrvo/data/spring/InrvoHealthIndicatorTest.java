package io.inrvo.data.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inrvo.data.Readiness;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code inrvo} component of the health endpoint, backed by the library's readiness check: UP
 * with a detail per check on a database that answers, DOWN on one that does not, OUT_OF_SERVICE
 * when only the cache's listener lacks its connection, absent when turned off or without the
 * actuator.
 */
class InrvoHealthIndicatorTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  /** The {@code ok} of one check's detail. */
  private static Object ok(Health health, String check) {
    return ((java.util.Map<?, ?>) health.getDetails().get(check)).get("ok");
  }

  @Test
  void theInrvoComponentIsUpWithTheListenersStateOnADatabaseThatAnswers(TestDatabase db) {
    Contexts.on(db).run(context -> {
      var inrvo = context.getBean(io.inrvo.data.cache.CachingInrvo.class);
      InrvoAutoConfigurationTest.await(() -> inrvo.invalidationStatus().state().name().equals("LISTENING"), "listening");
      Health health = (Health) context.getBean(HealthEndpoint.class).healthForPath("inrvo");
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      // the library's readiness check, one detail per check
      assertThat(health.getDetails()).containsOnlyKeys(Readiness.DATABASE, Readiness.SCHEMA,
          Readiness.INVALIDATION_LISTENER);
      assertThat(health.getDetails().keySet()).allSatisfy(check -> assertThat(ok(health, check)).isEqualTo(true));
    });
  }

  @Test
  void theInrvoComponentIsDownWhenTheDatabaseDoesNotAnswer(TestDatabase db) throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // free again once closed: nothing listens there
    }
    Contexts.on(db).withPropertyValues(
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/nowhere",
        "spring.datasource.hikari.initialization-fail-timeout=-1",
        "spring.datasource.hikari.connection-timeout=1000",
        "inrvo.migrations.enabled=false", "inrvo.cache.listener.enabled=false",
        "inrvo.startup-schema-check=false").run(context -> {
          Health health = (Health) context.getBean(HealthEndpoint.class).healthForPath("inrvo");
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(ok(health, Readiness.DATABASE)).isEqualTo(false);
        });
  }

  @Test
  void aListenerWithoutItsConnectionMakesTheComponentOutOfService(TestDatabase db) throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Contexts.on(db).withPropertyValues("inrvo.cache.listener.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/nowhere")
        .run(context -> {
          Health health = (Health) context.getBean(HealthEndpoint.class).healthForPath("inrvo");
          assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
          assertThat(ok(health, Readiness.DATABASE)).isEqualTo(true);
          assertThat(ok(health, Readiness.INVALIDATION_LISTENER)).isEqualTo(false);
        });
  }

  @Test
  void theComponentIsAbsentWhenTurnedOffOrWithoutTheActuator(TestDatabase db) {
    Contexts.on(db).withPropertyValues("management.health.inrvo.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(InrvoHealthIndicator.class));
    Contexts.on(db).withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
        "org.springframework.boot.actuate.health"))
        .run(context -> assertThat(context).doesNotHaveBean(InrvoHealthIndicator.class));
  }
}
