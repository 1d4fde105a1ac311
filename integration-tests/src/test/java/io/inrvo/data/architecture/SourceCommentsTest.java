package io.inrvo.data.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SourceComments} finds what would rot in comments, on which line, and nowhere else. */
class SourceCommentsTest {

  private static final String SOURCE = String.join("\n",
      "/** Reads the keys (migration V13). */",
      "class Sample {",
      "  String v = \"V13 in a string, issue #4 and the spec /* not a comment */\";",
      "  char quote = '\"';",
      "  String block = \"\"\"",
      "      // V2 in a text block",
      "      \"\"\";",
      "  // fixed for issue 10, see",
      "  /* as the",
      "   * spec says; <code>/* a *&#47;</code> */",
      "  int x; // #12",
      "}");

  @Test
  void commentsAreFoundWithTheirLinesAndLiteralsAreNotComments() {
    List<SourceComments.Comment> comments = SourceComments.in(SOURCE);

    assertEquals(List.of(1, 8, 9, 11), comments.stream().map(SourceComments.Comment::line).toList());
    assertEquals("// #12", comments.get(3).text());
  }

  @Test
  void migrationVersionsIssueNumbersAndTheSpecAreReportedOnTheirLinesEvenAcrossLines() {
    List<String> rotting = SourceComments.in(SOURCE).stream().flatMap(c -> SourceComments.rottingIn(c).stream()).toList();

    assertEquals(List.of("line 1: \"V13\"", "line 8: \"issue 10\"", "line 10: \"the spec\"", "line 11: \"#12\""), rotting);
  }

  @Test
  void libraryWordsAndHtmlEntitiesAreNotReported() {
    List<String> rotting = SourceComments.rottingInText(
        "The CacheSpec this cache was created with; a Supabase-compatible v2 shim; <code>*&#47;</code>; value #v1");

    assertEquals(List.of(), rotting);
  }
}
