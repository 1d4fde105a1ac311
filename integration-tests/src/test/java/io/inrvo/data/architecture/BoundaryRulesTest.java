package io.inrvo.data.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.inrvo.data.architecture.fixture.api.Leaky;
import io.inrvo.data.architecture.fixture.app.ReachesIntoCore;
import io.inrvo.data.architecture.fixture.internal.Hidden;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The boundary rules {@link ArchitectureTest} runs do fire: over the test-only {@code fixture}
 * package, which breaks each rule once, each reports exactly that break and nothing else. The
 * libraries are core as its POM states it and a fixture library whose API package is {@code
 * fixture.api}.
 */
class BoundaryRulesTest {

  private static final String FIXTURE = "io.inrvo.data.architecture.fixture";
  private static final LibraryModule FIXTURE_LIBRARY = new LibraryModule("fixture", "io.inrvo.data.fixture",
      Set.of(FIXTURE + ".api"), Set.of(FIXTURE + ".api", FIXTURE + ".internal"));
  private static final List<LibraryModule> LIBRARIES =
      List.of(LibraryModule.read(LibraryModule.PROJECT_ROOT, "core"), FIXTURE_LIBRARY);
  private static final JavaClasses FIXTURE_CLASSES = new ClassFileImporter().importPackages(FIXTURE);

  @Test
  void theFixtureIsWhatTheRulesAreRunOn() {
    assertTrue(LIBRARIES.get(0).internalPackages().contains("io.inrvo.data.internal"), LIBRARIES.get(0).toString());
    for (Class<?> type : List.of(ReachesIntoCore.class, Leaky.class, Hidden.class)) {
      assertTrue(FIXTURE_CLASSES.contain(type), type + " was not imported");
    }
  }

  @Test
  void aClassOutsideCoreCallingCoresInternalChecksIsTheOneReachReported() {
    List<String> reached = BoundaryRules.internalTypesReachedFromOutside(LIBRARIES, FIXTURE_CLASSES);

    assertEquals(1, reached.size(), () -> String.join("\n", reached));
    assertTrue(reached.get(0).contains(ReachesIntoCore.class.getName() + ".named(java.lang.String)")
        && reached.get(0).contains("io.inrvo.data.internal.Checks.present("), reached.get(0));
  }

  @Test
  void anApiMethodReturningAnInternalTypeIsTheOneExposureReported() {
    List<String> exposed = BoundaryRules.internalTypesInApiSignatures(LIBRARIES, FIXTURE_CLASSES);

    assertEquals(List.of(Leaky.class.getName() + ".hidden() returns " + Hidden.class.getName()), exposed);
  }
}
