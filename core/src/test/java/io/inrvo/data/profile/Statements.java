package io.inrvo.data.profile;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.StatementListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures the statements the library sends, for the profile tests. */
final class Statements implements StatementListener {

  private final List<ExecutedStatement> sent = new CopyOnWriteArrayList<>();

  @Override
  public void executed(ExecutedStatement statement) {
    sent.add(statement);
  }

  List<ExecutedStatement> all() {
    return List.copyOf(sent);
  }

  void clear() {
    sent.clear();
  }

  /** The last statement whose SQL contains {@code fragment}. */
  ExecutedStatement last(String fragment) {
    List<ExecutedStatement> copy = all();
    for (int i = copy.size() - 1; i >= 0; i--) {
      if (copy.get(i).sql().contains(fragment)) {
        return copy.get(i);
      }
    }
    throw new AssertionError("no captured statement contains " + fragment + " among " + copy);
  }

  /** Whether {@code sql} selects {@code *} anywhere (an explicit {@code count(*)} aside). */
  static boolean selectsStar(String sql) {
    return sql.replace("count(*)", "").contains("*");
  }
}
