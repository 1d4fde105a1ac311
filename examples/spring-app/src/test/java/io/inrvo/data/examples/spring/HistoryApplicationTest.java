package io.inrvo.data.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.examples.spring.HistoryController.HistoryPage;
import io.inrvo.data.examples.spring.HistoryController.NewPrompt;
import io.inrvo.data.examples.spring.HistoryController.Saved;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUsers;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port against a real, empty PostgreSQL database: the starter
 * migrates it, the controller serves a user's history a page at a time (and never another user's),
 * {@code /actuator/health} shows the library's readiness component and {@code /actuator/metrics}
 * the library's meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HistoryApplicationTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry properties) {
    properties.add("spring.datasource.url", () -> DB.database().jdbcUrl());
    properties.add("spring.datasource.username", () -> DB.database().server().user());
    properties.add("spring.datasource.password", () -> DB.database().server().password());
  }

  @Autowired
  TestRestTemplate http;

  private static ConfigurableApplicationContext context;

  @Autowired
  void remember(ConfigurableApplicationContext applicationContext) {
    context = applicationContext;
  }

  /**
   * Before the extension drops the database (its callback runs before Spring's, which closes the
   * context): the listener (a lifecycle bean) and the pool end first, cleanly.
   */
  @AfterAll
  static void stopTheApplicationBeforeItsDatabaseGoes() {
    if (context != null) {
      context.stop();
      context.getBean(HikariDataSource.class).close();
    }
  }

  private static HttpHeaders as(UUID user) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-User-Id", user.toString());
    return headers;
  }

  private HistoryPage page(UUID user, String query) {
    ResponseEntity<HistoryPage> response = http.exchange("/history?" + query, HttpMethod.GET,
        new HttpEntity<>(as(user)), HistoryPage.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  @Test
  void servesAUsersHistoryPageByPageOverHttpAndNeverAnotherUsers() {
    UUID alice = TestUsers.create(DB.dataSource(), "alice@spring.example");
    UUID bob = TestUsers.create(DB.dataSource(), "bob@spring.example");
    for (String prompt : new String[] {"first", "second", "third"}) {
      ResponseEntity<Saved> saved = http.exchange("/history", HttpMethod.POST,
          new HttpEntity<>(new NewPrompt(prompt), as(alice)), Saved.class);
      assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    HistoryPage first = page(alice, "size=2");
    assertThat(first.items()).extracting(HistoryController.Item::prompt).containsExactly("third", "second");
    assertThat(first.next()).isNotNull();
    HistoryPage last = page(alice, "size=2&after=" + first.next());
    assertThat(last.items()).extracting(HistoryController.Item::prompt).containsExactly("first");
    assertThat(last.next()).isNull();
    assertThat(page(bob, "size=20").items()).isEmpty();
  }

  @Test
  void anInvalidPageSizeIsTheEndUsersBadRequest() {
    UUID carol = TestUsers.create(DB.dataSource(), "carol@spring.example");
    ResponseEntity<String> response = http.exchange("/history?size=1000", HttpMethod.GET,
        new HttpEntity<>(as(carol)), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theMetricsEndpointListsTheLibrarysMetersAfterAFewCalls() {
    UUID dave = TestUsers.create(DB.dataSource(), "dave@spring.example");
    page(dave, "size=5");
    page(dave, "size=5");
    ResponseEntity<Map<String, Object>> response = http.exchange("/actuator/metrics", HttpMethod.GET, null,
        new ParameterizedTypeReference<Map<String, Object>>() {});
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat((java.util.List<String>) response.getBody().get("names")).contains("inrvo.operation",
        "inrvo.operation.round.trips", "inrvo.cache.hits", "inrvo.cache.misses", "inrvo.cache.listener.connected");
    ResponseEntity<Map<String, Object>> timer = http.exchange(
        "/actuator/metrics/inrvo.operation?tag=operation:history.page", HttpMethod.GET, null,
        new ParameterizedTypeReference<Map<String, Object>>() {});
    assertThat(timer.getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theHealthEndpointShowsTheLibrarysComponent() {
    // the cache's listener connects in the background; until then the component is not UP
    Instant deadline = Instant.now().plusSeconds(30);
    Map<String, Object> inrvo;
    ResponseEntity<Map<String, Object>> response;
    do {
      response = http.exchange("/actuator/health", HttpMethod.GET, null,
          new ParameterizedTypeReference<Map<String, Object>>() {});
      Map<String, Object> components = (Map<String, Object>) response.getBody().get("components");
      inrvo = (Map<String, Object>) components.get("inrvo");
      assertThat(inrvo).as("components: " + components.keySet()).isNotNull();
    } while (!"UP".equals(inrvo.get("status")) && Instant.now().isBefore(deadline));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(inrvo).containsEntry("status", "UP");
    assertThat((Map<String, Object>) inrvo.get("details")).containsKey("database");
  }
}
