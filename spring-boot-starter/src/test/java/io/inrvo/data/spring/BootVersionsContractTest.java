package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.testing.contract.InrvoContract;
import org.junit.jupiter.api.Nested;

/**
 * The whole repository contract on the versions Spring Boot's dependency management picks (jOOQ,
 * pgjdbc, HikariCP, Caffeine; {@link SpringBootVersionsTest} holds this module's test class path to
 * them): the plain {@code Inrvo}, and the {@code CachingInrvo} the starter makes by default.
 */
class BootVersionsContractTest {

  @Nested
  class Plain extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return plain;
    }
  }

  @Nested
  class Caching extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return CachingInrvo.wrap(plain);
    }
  }
}
