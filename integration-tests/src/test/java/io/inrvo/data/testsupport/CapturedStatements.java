package io.inrvo.data.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.StatementListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The statements the library sends, captured through {@link StatementListener} (thread-safe).
 *
 * <p>Registered as an extension ({@code @RegisterExtension static final CapturedStatements SQL =
 * new CapturedStatements();}, after the database extension) it also starts every test with an
 * empty capture, and fails a test, and at the end the class, when any statement sent meanwhile
 * selects {@code *} ({@link SelectStar}), including statements a test {@link #clear}ed away and
 * those sent from {@code @BeforeAll}.
 */
public final class CapturedStatements implements StatementListener, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {

  private final List<ExecutedStatement> sent = new CopyOnWriteArrayList<>();
  private final List<ExecutedStatement> sinceTestStart = new CopyOnWriteArrayList<>();
  private final List<ExecutedStatement> sinceClassStart = new CopyOnWriteArrayList<>();

  @Override
  public void executed(ExecutedStatement statement) {
    sent.add(statement);
    sinceTestStart.add(statement);
    sinceClassStart.add(statement);
  }

  /** The statements captured since the last {@link #clear}, in the order sent. */
  public List<ExecutedStatement> all() {
    return List.copyOf(sent);
  }

  /** The statements captured since the last {@link #clear} other than the transactions' context statement. */
  public List<ExecutedStatement> work() {
    return sent.stream().filter(s -> !s.sql().startsWith("select set_config('role'")).toList();
  }

  /** Forgets the statements captured so far (the select-star check still sees them). */
  public void clear() {
    sent.clear();
  }

  /** How many statements were captured since the last {@link #clear}. */
  public int size() {
    return sent.size();
  }

  /** Whether nothing was captured since the last {@link #clear}. */
  public boolean isEmpty() {
    return sent.isEmpty();
  }

  /** The {@code index}th statement captured since the last {@link #clear}. */
  public ExecutedStatement get(int index) {
    return sent.get(index);
  }

  /** The last statement whose SQL contains {@code fragment}; fails when there is none. */
  public ExecutedStatement last(String fragment) {
    List<ExecutedStatement> copy = all();
    for (int i = copy.size() - 1; i >= 0; i--) {
      if (copy.get(i).sql().contains(fragment)) {
        return copy.get(i);
      }
    }
    throw new AssertionError("no captured statement contains " + fragment + " among " + copy);
  }

  /** Asserts that nothing was sent since the last {@link #clear}: the call was refused before any SQL. */
  public void assertNothingSent() {
    assertEquals(List.of(), all(), "statements sent");
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    sent.clear();
    sinceTestStart.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    SelectStar.assertNone(sinceTestStart);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SelectStar.assertNone(sinceClassStart);
  }

  @Override
  public String toString() {
    return sent.toString();
  }
}
