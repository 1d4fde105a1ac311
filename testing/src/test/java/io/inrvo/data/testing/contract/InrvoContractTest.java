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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
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
      return ProxyDecorator.decorate(plain, cachingReads(true, false));
    }
  }

  /** Caches reads by their arguments alone (not by caller); drops everything on any write. */
  static class SharedAcrossUsers extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return ProxyDecorator.decorate(plain, cachingReads(false, true));
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

  /**
   * A new cache of reads: keyed by the call and its arguments, and by the caller when {@code
   * perCaller}; emptied after every write when {@code dropOnWrite}.
   */
  private static Interceptor cachingReads(boolean perCaller, boolean dropOnWrite) {
    Map<List<Object>, Object> cache = new ConcurrentHashMap<>();
    return (caller, repository, method, args, proceed) -> {
      if (!READS.contains(repository.getSimpleName() + "." + method.getName())) {
        try {
          return proceed.call();
        } finally {
          if (dropOnWrite) {
            cache.clear();
          }
        }
      }
      List<Object> key = List.of(perCaller ? caller.scope() : "anyone", repository.getName(), method.getName(),
          Arrays.asList(args));
      Object cached = cache.get(key);
      if (cached == null) {
        cached = proceed.call();
        cache.put(key, cached);
      }
      return cached;
    };
  }

  @Test
  void aDecoratorThatChangesNothingPassesEveryTest() {
    Outcome outcome = run(Honest.class);

    assertEquals(Set.of(), outcome.failed(), outcome::toString);
    assertTrue(outcome.succeeded() >= 40, outcome::toString);
  }

  /** Each wrong decorator, and the contract's tests that must catch it. */
  static Stream<Arguments> wrongDecorators() {
    return Stream.of(
        Arguments.of(StaleReads.class, Set.of(
            "aWriteIsSeenByTheWritersNextRead",
            "aTransactionSeesItsOwnWritesAndOneThatThrowsLeavesNothing",
            "aCursorContinuesWhereItLeftOffThoughRowsWereSavedMeanwhile")),
        Arguments.of(SharedAcrossUsers.class, Set.of(
            "oneUserNeverSeesAnothersRowsThroughAnyRepository")),
        Arguments.of(ExtraRoundTrip.class, Set.of(
            "aWriteSendsExactlyWhatThePlainInrvoSends",
            "aReadSendsWhatThePlainInrvoSendsOrNothingAndReturnsWhatItReturns",
            "aTamperedCursorIsRejectedBeforeAnySql",
            "brokenInputIsRejectedNamingItsFieldBeforeAnySqlAndNothingIsWritten")),
        Arguments.of(LostExceptionClasses.class, Set.of(
            "aMissingRowIsNotFoundAndAMissingFindIsEmpty",
            "adminCallsOfNonAdminsAreDenied",
            "aTakenConversationIdIsAConflict",
            "brokenInputIsRejectedNamingItsFieldBeforeAnySqlAndNothingIsWritten",
            "anotherUsersCursorIsRejectedBeforeAnySql")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongDecorators")
  void aDecoratorThatChangesBehaviourFailsTheTestsOfThatBehaviour(Class<? extends InrvoContract> suite,
      Set<String> mustFail) {
    Outcome outcome = run(suite);

    assertTrue(outcome.failed().containsAll(mustFail), outcome::toString);
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
          if (at.get().getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.MethodSource source) {
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
