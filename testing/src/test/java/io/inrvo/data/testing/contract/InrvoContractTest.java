package io.inrvo.data.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.testing.contract.ProxyDecorator.Interceptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contract on itself: a decorator that changes nothing passes it, and each decorator that
 * changes behaviour (stale reads, results shared across users, an extra round trip, lost exception
 * classes) fails it where the contract says it should. The suites run through the JUnit Platform
 * launcher, as a build runs them.
 */
class InrvoContractTest {

  /** The repository calls that only read. */
  private static final Set<String> READS = Set.of(
      "MeditationHistoryRepository.page", "MeditationHistoryRepository.favorites",
      "MeditationHistoryRepository.withAudio", "MeditationHistoryRepository.find",
      "VoiceProfileRepository.list", "VoiceProfileRepository.lookup", "VoiceCloneRepository.active",
      "ConversationRepository.latest", "ConversationRepository.find", "ConversationRepository.search",
      "ConversationRepository.transcript", "ProfileRepository.find", "ProfileRepository.get",
      "AudioTagRepository.presets", "AudioTagRepository.preferences", "AdminRepository.users",
      "AdminRepository.meditations", "AdminRepository.voiceProfiles", "AnalyticsRepository.current");

  /** Passes every call through. Run only by {@link #aDecoratorThatChangesNothingPassesEveryTest}. */
  static class Honest extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return ProxyDecorator.decorate(plain, ProxyDecorator.HONEST);
    }
  }

  /** Caches every read per caller and never drops an entry. */
  static class StaleReads extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      Map<List<Object>, Object> cache = new ConcurrentHashMap<>();
      Interceptor interceptor = (caller, repository, method, args, proceed) -> {
        if (!READS.contains(repository.getSimpleName() + "." + method.getName())) {
          return proceed.call();
        }
        List<Object> key = List.of(caller.scope(), repository.getName(), method.getName(), Arrays.asList(args));
        Object cached = cache.get(key);
        if (cached == null) {
          cached = proceed.call();
          cache.put(key, cached);
        }
        return cached;
      };
      return ProxyDecorator.decorate(plain, interceptor);
    }
  }

  /** Caches reads by their arguments alone (not by caller); drops everything on any write. */
  static class SharedAcrossUsers extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      Map<List<Object>, Object> cache = new ConcurrentHashMap<>();
      Interceptor interceptor = (caller, repository, method, args, proceed) -> {
        if (!READS.contains(repository.getSimpleName() + "." + method.getName())) {
          try {
            return proceed.call();
          } finally {
            cache.clear();
          }
        }
        List<Object> key = List.of(repository.getName(), method.getName(), Arrays.asList(args));
        Object cached = cache.get(key);
        if (cached == null) {
          cached = proceed.call();
          cache.put(key, cached);
        }
        return cached;
      };
      return ProxyDecorator.decorate(plain, interceptor);
    }
  }

  /** Reads the audio tag presets before every call: one round trip more each time. */
  static class ExtraRoundTrip extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return ProxyDecorator.decorate(plain, (caller, repository, method, args, proceed) -> {
        plain.asService().audioTags().presets();
        return proceed.call();
      });
    }
  }

  /** Rethrows every library exception as a plain {@link InrvoException}: the class is lost. */
  static class LostExceptionClasses extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return ProxyDecorator.decorate(plain, (caller, repository, method, args, proceed) -> {
        try {
          return proceed.call();
        } catch (InrvoException e) {
          throw new InrvoException(e.getMessage());
        }
      });
    }
  }

  @Test
  void aDecoratorThatChangesNothingPassesEveryTest() {
    Outcome outcome = run(Honest.class);

    assertEquals(Set.of(), outcome.failed(), outcome::toString);
    assertTrue(outcome.succeeded() >= 40, outcome::toString);
  }

  @Test
  void staleReadsFailTheCoherenceTests() {
    Outcome outcome = run(StaleReads.class);

    assertTrue(outcome.failed().containsAll(Set.of(
        "aWriteIsSeenByTheWritersNextRead",
        "aTransactionSeesItsOwnWritesAndOneThatThrowsLeavesNothing",
        "aCursorContinuesWhereItLeftOffThoughRowsWereSavedMeanwhile")), outcome::toString);
  }

  @Test
  void readsSharedAcrossUsersFailTheIsolationTest() {
    Outcome outcome = run(SharedAcrossUsers.class);

    assertTrue(outcome.failed().contains("oneUserNeverSeesAnothersRowsThroughAnyRepository"), outcome::toString);
  }

  @Test
  void anExtraRoundTripFailsTheRoundTripTestsAndTheNoSqlTests() {
    Outcome outcome = run(ExtraRoundTrip.class);

    assertTrue(outcome.failed().containsAll(Set.of(
        "aWriteSendsExactlyWhatThePlainInrvoSends",
        "aReadSendsWhatThePlainInrvoSendsOrNothingAndReturnsWhatItReturns",
        "aTamperedCursorIsRejectedBeforeAnySql",
        "brokenInputIsRejectedNamingItsFieldBeforeAnySqlAndNothingIsWritten")), outcome::toString);
  }

  @Test
  void lostExceptionClassesFailTheErrorTests() {
    Outcome outcome = run(LostExceptionClasses.class);

    assertTrue(outcome.failed().containsAll(Set.of(
        "aMissingRowIsNotFoundAndAMissingFindIsEmpty",
        "adminCallsOfNonAdminsAreDenied",
        "aTakenConversationIdIsAConflict",
        "brokenInputIsRejectedNamingItsFieldBeforeAnySqlAndNothingIsWritten",
        "anotherUsersCursorIsRejectedBeforeAnySql")), outcome::toString);
  }

  /**
   * What a run of one contract class gave: the contract's test methods with a failure (a dynamic
   * test's failure counts for its factory method), and how many tests succeeded.
   */
  private record Outcome(Set<String> failed, long succeeded, List<String> failures) {}

  private static Outcome run(Class<? extends InrvoContract> suite) {
    Set<String> failed = new TreeSet<>();
    List<String> failures = new ArrayList<>();
    long[] succeeded = {0};
    TestExecutionListener listener = new TestExecutionListener() {
      private TestPlan plan;

      @Override
      public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
      }

      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
          result.getThrowable().ifPresent(t -> failures.add(test.getDisplayName() + ": " + t));
          return;
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
          succeeded[0]++;
          return;
        }
        method(test).ifPresent(failed::add);
        failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse("?"));
      }

      private Optional<String> method(TestIdentifier test) {
        for (Optional<TestIdentifier> at = Optional.of(test); at.isPresent(); at = plan.getParent(at.get())) {
          if (at.get().getSource().orElse(null) instanceof MethodSource source) {
            return Optional.of(source.getMethodName());
          }
        }
        return Optional.empty();
      }
    };
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(suite)).build(), listener);
    return new Outcome(failed, succeeded[0], failures);
  }
}
