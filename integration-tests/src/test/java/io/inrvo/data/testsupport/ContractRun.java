package io.inrvo.data.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.DatabaseServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a subclass of the repository contract ({@code InrvoContract}) from inside a test, with the
 * kit's server chain pointed at another server (its explicit-URL link), and checks that all of it
 * passed.
 */
public final class ContractRun {

  private static final List<String> KEYS = List.of("inrvo.db.url", "inrvo.db.user", "inrvo.db.password");

  private ContractRun() {}

  /** Runs {@code contract} with the kit's databases on {@code server}; the system properties are restored after. */
  public static TestExecutionSummary on(DatabaseServer server, Class<?> contract) {
    Properties saved = (Properties) System.getProperties().clone();
    System.setProperty("inrvo.db.url", server.jdbcUrl());
    System.setProperty("inrvo.db.user", server.user());
    System.setProperty("inrvo.db.password", server.password());
    try {
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(DiscoverySelectors.selectClass(contract)).build(), listener);
      return listener.getSummary();
    } finally {
      for (String key : KEYS) {
        if (saved.containsKey(key)) {
          System.setProperty(key, saved.getProperty(key));
        } else {
          System.clearProperty(key);
        }
      }
    }
  }

  /** Fails unless every test of the run passed, and at least 20 ran; prints the count under {@code what}. */
  public static void assertEveryTestPassed(TestExecutionSummary summary, String what) {
    List<String> failures = new ArrayList<>();
    summary.getFailures().forEach(f -> failures.add(f.getTestIdentifier().getDisplayName() + ": " + f.getException()));
    assertEquals(List.of(), failures);
    assertTrue(summary.getTestsSucceededCount() >= 20, "contract tests run: " + summary.getTestsSucceededCount());
    assertEquals(summary.getTestsFoundCount(), summary.getTestsSucceededCount(), "every contract test passed");
    System.out.println("repository contract " + what + ": " + summary.getTestsSucceededCount() + " of "
        + summary.getTestsFoundCount() + " tests passed");
  }
}
