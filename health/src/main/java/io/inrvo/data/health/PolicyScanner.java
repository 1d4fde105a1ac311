package io.inrvo.data.health;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Finds calls in a deparsed policy expression ({@code pg_policies.qual} or {@code with_check})
 * that PostgreSQL evaluates once per row instead of once per statement.
 *
 * <p>A call is evaluated once when it sits in a scalar sub-select without a {@code FROM}, which
 * the planner turns into an InitPlan: PostgreSQL deparses {@code (select auth.uid())} as {@code (
 * SELECT auth.uid() AS uid)}. A call anywhere else (bare, or inside a sub-select with {@code FROM},
 * which may run per outer row and evaluates the call per inner row) is reported. String literals
 * and quoted identifiers are skipped.
 */
final class PolicyScanner {

  /** The calls that read the request's JWT claims. */
  static final List<String> CALLS = List.of("auth.uid()", "auth.jwt()", "auth.role()", "auth.email()", "current_setting(");

  private PolicyScanner() {}

  /** The calls of {@link #CALLS} in {@code expression} that are not wrapped, in order of appearance. */
  static List<String> perRowCalls(String expression) {
    List<String> found = new ArrayList<>();
    if (expression == null) {
      return found;
    }
    String lower = expression.toLowerCase(Locale.ROOT);
    Deque<Integer> open = new ArrayDeque<>(); // positions of the '(' enclosing the current position
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipQuoted(expression, i, c);
        continue;
      }
      String call = callAt(lower, i);
      if (call != null) {
        if (!wrapped(expression, lower, open)) {
          found.add(call);
        }
        // a call with arguments leaves its '(' to the loop, which pairs it with its ')'
        i += call.endsWith("()") ? call.length() : call.length() - 1;
        continue;
      }
      if (c == '(') {
        open.push(i);
      } else if (c == ')' && !open.isEmpty()) {
        open.pop();
      }
      i++;
    }
    return found;
  }

  private static String callAt(String lower, int i) {
    for (String call : CALLS) {
      if (lower.startsWith(call, i)
          && (i == 0 || !identifierChar(lower.charAt(i - 1)) && (lower.charAt(i - 1) != '.' || !call.startsWith("auth.")))) {
        return call;
      }
    }
    return null;
  }

  /** Whether the innermost enclosing sub-select of the current position exists and has no FROM. */
  private static boolean wrapped(String expression, String lower, Deque<Integer> open) {
    for (int start : open) { // innermost first
      int body = start + 1;
      while (body < lower.length() && Character.isWhitespace(lower.charAt(body))) {
        body++;
      }
      if (lower.startsWith("select", body) && body + 6 < lower.length()
          && !identifierChar(lower.charAt(body + 6))) {
        return !hasTopLevelFrom(expression, lower, start);
      }
    }
    return false;
  }

  /** Whether the parenthesized group opening at {@code start} has a FROM at its own nesting level. */
  private static boolean hasTopLevelFrom(String expression, String lower, int start) {
    int depth = 0;
    int i = start;
    while (i < lower.length()) {
      char c = lower.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipQuoted(expression, i, c);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return false;
        }
      } else if (depth == 1 && lower.startsWith("from", i) && !identifierChar(lower.charAt(i - 1))
          && (i + 4 >= lower.length() || !identifierChar(lower.charAt(i + 4)))) {
        return true;
      }
      i++;
    }
    return false;
  }

  /** The index after the literal or quoted identifier starting at {@code i}; doubled quotes escape. */
  private static int skipQuoted(String s, int i, char quote) {
    int j = i + 1;
    while (j < s.length()) {
      if (s.charAt(j) == quote) {
        if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return j;
  }

  private static boolean identifierChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
