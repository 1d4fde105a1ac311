package io.inrvo.data.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's error table cites, in its Test column, a test for every row, and every test it
 * cites exists: {@code EndUser.aMissingPrivilege…} is a test method of {@code EndUserErrorsTest}
 * whose name starts so, {@code …RaisedByAFunction…} one of the cell's last-named class whose name
 * contains it, {@code schema.StartupSchemaCheckTest.name} one of that class of {@code
 * io.inrvo.data}, named exactly so.
 */
class ErrorTableTest {

  private static final Path README = Path.of("../README.md");
  private static final String HEADER = "| SQLSTATE, or what the driver or pool reports |";
  private static final Pattern CITATION = Pattern.compile("`([^`]+)`");
  private static final String ELLIPSIS = "…";

  @Test
  void everyRowCitesATestAndEveryCitedTestMethodExists() throws IOException {
    List<String> rows = tableRows();
    int columns = cells(rows.get(0)).size();
    List<String> problems = new ArrayList<>();
    int citations = 0;
    for (String row : rows.subList(2, rows.size())) {
      List<String> cells = cells(row);
      assertEquals(columns, cells.size(), row);
      String testCell = cells.get(columns - 1);
      Matcher cited = CITATION.matcher(testCell);
      Class<?> current = null;
      boolean any = false;
      while (cited.find()) {
        any = true;
        citations++;
        String citation = cited.group(1);
        int dot = citation.lastIndexOf('.');
        if (dot >= 0) {
          current = testClass(citation.substring(0, dot), problems);
        }
        if (current == null) {
          problems.add(citation + ": names no test class (cell: " + testCell + ")");
          continue;
        }
        String method = citation.substring(dot + 1);
        if (!hasTestMethod(current, method)) {
          problems.add(citation + ": " + current.getSimpleName() + " has no test method "
              + (method.startsWith(ELLIPSIS) ? "containing " : method.endsWith(ELLIPSIS) ? "starting with " : "named ")
              + method.replace(ELLIPSIS, ""));
        }
      }
      if (!any) {
        problems.add("a row without a test: " + row);
      }
    }

    assertTrue(rows.size() > 20, "the table was not found whole: " + rows.size() + " lines");
    assertTrue(citations >= rows.size() - 2, citations + " citations");
    assertEquals(List.of(), problems);
  }

  /** The table's lines, from its header on: header, separator, rows. */
  private static List<String> tableRows() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(HEADER)) {
        assertEquals(-1, start, "one error table");
        start = i;
      }
    }
    assertTrue(start >= 0, "README.md has no line starting " + HEADER);
    List<String> rows = new ArrayList<>();
    for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      rows.add(lines.get(i));
    }
    return rows;
  }

  private static List<String> cells(String row) {
    String inner = row.strip();
    inner = inner.substring(1, inner.length() - (inner.endsWith("|") ? 1 : 0));
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }

  /**
   * {@code EndUser} is {@code errors.EndUserErrorsTest}; a name with a package ({@code
   * schema.StartupSchemaCheckTest}) is that class of {@code io.inrvo.data}.
   */
  private static Class<?> testClass(String name, List<String> problems) {
    String className = name.contains(".") ? "io.inrvo.data." + name : "io.inrvo.data.errors." + name + "ErrorsTest";
    try {
      return Class.forName(className);
    } catch (ClassNotFoundException e) {
      problems.add(name + ": no test class " + className);
      return null;
    }
  }

  private static boolean hasTestMethod(Class<?> type, String cited) {
    boolean anywhere = cited.startsWith(ELLIPSIS);
    boolean prefix = cited.endsWith(ELLIPSIS);
    String name = cited.replace(ELLIPSIS, "");
    for (Method method : type.getDeclaredMethods()) {
      boolean isTest = Arrays.stream(method.getAnnotations())
          .anyMatch(a -> a.annotationType().getName().startsWith("org.junit.jupiter.")
              && a.annotationType().getSimpleName().endsWith("Test"));
      String candidate = method.getName();
      boolean matches = anywhere ? candidate.contains(name) : prefix ? candidate.startsWith(name) : candidate.equals(name);
      if (isTest && matches) {
        return true;
      }
    }
    return false;
  }
}
