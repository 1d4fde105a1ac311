package io.inrvo.data.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a source file is, counted as a reader meets it: lines of code, that is neither blank,
 * nor comment, nor {@code package}/{@code import}. Javadoc does not count against a class, so
 * documenting a contract never pushes it over the limit.
 */
final class SourceSizes {

  /** The most lines of code a class has unless its Javadoc says why it needs more. */
  static final int LIMIT = 200;

  /** The phrase a longer class's Javadoc uses to give its reason. */
  static final Pattern REASON = Pattern.compile("\\blong because\\b", Pattern.CASE_INSENSITIVE);

  // The Javadoc right before the top-level type's declaration (after annotations, if any).
  private static final Pattern TYPE_JAVADOC = Pattern.compile(
      "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*"
          + "(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*(?:class|interface|enum|record|@interface)\\s",
      Pattern.DOTALL);

  private SourceSizes() {}

  /** The lines of code of {@code source}. */
  static int linesOfCode(List<String> source) {
    int count = 0;
    boolean inComment = false;
    for (String raw : source) {
      String line = raw.strip();
      if (inComment) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.isEmpty() || line.startsWith("//") || line.startsWith("import ") || line.startsWith("package ")) {
        continue;
      }
      if (line.startsWith("/*")) {
        inComment = !line.contains("*/");
        continue;
      }
      count++;
    }
    return count;
  }

  /** Whether the Javadoc of the file's top-level type says why the type is long. */
  static boolean saysWhyItIsLong(String source) {
    Matcher m = TYPE_JAVADOC.matcher(source);
    // the first Javadoc before a type declaration, and none of a nested type's (after the first brace)
    return m.find() && m.start() <= source.indexOf('{') && REASON.matcher(m.group(1)).find();
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
