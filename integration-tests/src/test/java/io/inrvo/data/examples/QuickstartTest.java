package io.inrvo.data.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Page;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's quickstart runs from an empty database to its first page, and the README shows
 * exactly the code of {@code Quickstart.java} that the build compiles.
 */
class QuickstartTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  private static final Path ROOT = Path.of("..");

  @Test
  void theQuickstartTakesAnEmptyDatabaseToTheFirstPage(TestDatabase database) {
    assertEquals(0L, TestSql.count(database.dataSource(),
        "select count(*) from pg_tables where schemaname = 'public'"), "an empty database");

    Page<MeditationSummary> page = Quickstart.run(database.jdbcUrl(), database.server().user(),
        database.server().password());

    assertEquals(List.of("Calm before sleep"), page.items().stream().map(MeditationSummary::prompt).toList());
    assertEquals(1L, TestSql.count(database.dataSource(),
        "select count(*) from public.users where email = 'alice@example.org' and role = 'user'"));
  }

  @Test
  void theReadmeShowsTheQuickstartExactlyAsCompiled() throws IOException {
    String source = Files.readString(ROOT.resolve("examples/src/main/java/io/inrvo/data/examples/Quickstart.java"));
    String compiled = between(source, "    // --- quickstart: begin ---\n", "    // --- quickstart: end ---")
        .lines().map(l -> l.startsWith("    ") ? l.substring(4) : l).reduce((a, b) -> a + "\n" + b).orElseThrow();
    String readme = Files.readString(ROOT.resolve("README.md"));
    String shown = between(readme.substring(readme.indexOf("<!-- quickstart: ")), "```java\n", "\n```");

    assertEquals(compiled, shown);
  }

  @Test
  void theReadmeNamesThePoolAtTheVersionTheBuildTests() throws IOException {
    Matcher version = Pattern.compile("<hikaricp.version>([^<]+)</hikaricp.version>")
        .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertTrue(version.find());

    assertTrue(Files.readString(ROOT.resolve("README.md")).contains("`com.zaxxer:HikariCP:" + version.group(1) + "`"));
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, "no " + start);
    int to = text.indexOf(end, from + start.length());
    assertTrue(to >= 0, "no " + end);
    return text.substring(from + start.length(), to);
  }
}
