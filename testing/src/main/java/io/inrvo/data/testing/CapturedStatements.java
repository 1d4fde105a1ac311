package io.inrvo.data.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.StatementListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The statements an {@link io.inrvo.data.Inrvo} sent, in the order they were reported: a {@link
 * StatementListener} that keeps them for assertions ("no SQL was sent", "two statements", "the
 * query names the caller"). Thread-safe.
 *
 * <p>{@link InrvoDatabaseExtension} resolves a parameter of this type to the capture of the
 * {@code Inrvo} it injects, and empties it before each test (after the {@code @BeforeEach}
 * callbacks of extensions, before {@code @BeforeEach} methods). Pass it to {@link
 * io.inrvo.data.InrvoOptions.Builder#statementListener} to capture another instance too; a
 * capture made with {@code new} is emptied only by {@link #clear()}.
 *
 * <p>The library reports every transaction's context statement ({@code select
 * set_config('role', ...)}) as a statement of its own, also when it travels in one round trip with
 * the work: {@link #all()} includes it, {@link #work()} leaves it out, {@link #transactions()}
 * counts it.
 */
public final class CapturedStatements implements StatementListener {

  private static final String CONTEXT_PREFIX = "select set_config('role'";

  private final List<ExecutedStatement> sent = new CopyOnWriteArrayList<>();
  // What the extension's statement checks see: nothing a test clears.
  private final List<ExecutedStatement> sinceTestStart = new CopyOnWriteArrayList<>();
  private final List<ExecutedStatement> sinceClassStart = new CopyOnWriteArrayList<>();
  private final boolean keepClassHistory;

  /** An empty capture. */
  public CapturedStatements() {
    this(false);
  }

  CapturedStatements(boolean keepClassHistory) {
    this.keepClassHistory = keepClassHistory;
  }

  /**
   * Records {@code statement}; called by the library.
   *
   * @param statement the statement the library sent
   */
  @Override
  public void executed(ExecutedStatement statement) {
    Objects.requireNonNull(statement, "statement");
    sent.add(statement);
    sinceTestStart.add(statement);
    if (keepClassHistory) {
      sinceClassStart.add(statement);
    }
  }

  /**
   * The statements captured since the last {@link #clear()}, in the order reported.
   *
   * @return the statements, oldest first
   */
  public List<ExecutedStatement> all() {
    return List.copyOf(sent);
  }

  /**
   * {@link #all()} without the transactions' context statements: the queries and writes.
   *
   * @return the statements other than context statements, oldest first
   */
  public List<ExecutedStatement> work() {
    return sent.stream().filter(s -> !isContext(s)).toList();
  }

  /**
   * How many transactions began since the last {@link #clear()}: one context statement opens each.
   *
   * @return the number of context statements
   */
  public int transactions() {
    return (int) sent.stream().filter(CapturedStatements::isContext).count();
  }

  /**
   * How many statements were captured since the last {@link #clear()}, context statements included.
   *
   * @return the number of statements
   */
  public int size() {
    return sent.size();
  }

  /**
   * Whether nothing was captured since the last {@link #clear()}.
   *
   * @return {@code true} when nothing was captured
   */
  public boolean isEmpty() {
    return sent.isEmpty();
  }

  /**
   * The {@code index}th statement captured since the last {@link #clear()}.
   *
   * @param index the position, from 0
   * @return the statement
   * @throws IndexOutOfBoundsException when fewer were captured
   */
  public ExecutedStatement get(int index) {
    return sent.get(index);
  }

  /**
   * The last statement whose SQL (as sent, with placeholders) contains {@code fragment}.
   *
   * @param fragment text the SQL contains
   * @return the last such statement
   * @throws AssertionError when none does, listing what was captured
   */
  public ExecutedStatement last(String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    List<ExecutedStatement> copy = all();
    for (int i = copy.size() - 1; i >= 0; i--) {
      if (copy.get(i).sql().contains(fragment)) {
        return copy.get(i);
      }
    }
    throw new AssertionError("no captured statement contains " + fragment + " among " + copy);
  }

  /**
   * Runs {@code call} and returns the statements captured while it ran, from every thread. What
   * {@code call} throws propagates (wrap an expected failure in {@code assertThrows}).
   *
   * @param call the code whose statements to return
   * @return the statements, oldest first
   */
  public List<ExecutedStatement> during(Runnable call) {
    Objects.requireNonNull(call, "call");
    int before = sent.size();
    call.run();
    List<ExecutedStatement> now = all();
    return List.copyOf(now.subList(Math.min(before, now.size()), now.size()));
  }

  /** Forgets the statements captured so far. */
  public void clear() {
    sent.clear();
  }

  /**
   * Asserts that nothing was captured since the last {@link #clear()}: the call was refused before
   * any SQL.
   *
   * @throws AssertionError listing what was sent
   */
  public void assertNothingSent() {
    assertEquals(List.of(), all(), "statements sent");
  }

  /** Empties the capture at the start of a test. */
  void startTest() {
    sent.clear();
    sinceTestStart.clear();
  }

  /** Everything captured since the test started, including what the test cleared. */
  List<ExecutedStatement> sinceTestStart() {
    return List.copyOf(sinceTestStart);
  }

  /** Everything captured since the class started, including what tests cleared. */
  List<ExecutedStatement> sinceClassStart() {
    return List.copyOf(sinceClassStart);
  }

  private static boolean isContext(ExecutedStatement statement) {
    return statement.sql().startsWith(CONTEXT_PREFIX);
  }

  @Override
  public String toString() {
    return sent.toString();
  }
}
