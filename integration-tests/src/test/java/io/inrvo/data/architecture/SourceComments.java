package io.inrvo.data.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comments of a Java source file (Javadoc, block and line comments; not string or character
 * literals, nor text blocks), and what in them would rot: the library's comments speak of the
 * library alone, so they name no issue, no "spec" and no migration version, which a renumbering
 * or a closed tracker would leave pointing nowhere.
 */
final class SourceComments {

  /** What comments must not say: a migration version, an issue number, "the spec". */
  static final List<Pattern> ROTTING = List.of(
      Pattern.compile("\\bV\\d+\\b"),                                   // a migration version: V13
      Pattern.compile("\\bissues?\\s*#?\\d+", Pattern.CASE_INSENSITIVE), // issue 10, issue #10
      Pattern.compile("(?<![&\\w])#\\d+\\b"),                           // #10 (but not the entity &#47;)
      Pattern.compile("\\bthe\\s+spec\\b", Pattern.CASE_INSENSITIVE));

  private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\n\\s*\\*?\\s*");

  /**
   * A comment as it stands in the source.
   *
   * @param line the line it starts on, from 1
   * @param text its text, delimiters included
   */
  record Comment(int line, String text) {}

  private SourceComments() {}

  /** The comments of Java source {@code source}, in order. */
  static List<Comment> in(String source) {
    List<Comment> comments = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i) || source.startsWith("/*", i)) {
        boolean block = source.charAt(i + 1) == '*';
        int end = block ? source.indexOf("*/", i + 2) : source.indexOf('\n', i);
        end = end < 0 ? n : (block ? end + 2 : end);
        String text = source.substring(i, end);
        comments.add(new Comment(line, text));
        line += (int) text.chars().filter(ch -> ch == '\n').count();
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = closing(source, i + 3, "\"\"\"");
        line += (int) source.substring(i, end).chars().filter(ch -> ch == '\n').count();
        i = end;
      } else if (c == '"' || c == '\'') {
        i = closing(source, i + 1, String.valueOf(c));
      } else {
        if (c == '\n') {
          line++;
        }
        i++;
      }
    }
    return comments;
  }

  /** What {@code comment} says that would rot, as "line N: match" entries; empty when nothing. */
  static List<String> rottingIn(Comment comment) {
    // the comment as one line of prose (line breaks and their leading '*' folded into a space),
    // with the source line of each of its characters
    StringBuilder text = new StringBuilder();
    List<Integer> lines = new ArrayList<>();
    Matcher lineBreak = LINE_BREAK.matcher(comment.text());
    int line = comment.line();
    int from = 0;
    while (lineBreak.find()) {
      append(text, lines, comment.text().substring(from, lineBreak.start()), line);
      line += (int) lineBreak.group().chars().filter(ch -> ch == '\n').count();
      append(text, lines, " ", line);
      from = lineBreak.end();
    }
    append(text, lines, comment.text().substring(from), line);
    List<String> found = new ArrayList<>();
    for (Pattern pattern : ROTTING) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        found.add("line " + lines.get(m.end() - 1) + ": \"" + m.group() + "\"");
      }
    }
    return found;
  }

  private static void append(StringBuilder text, List<Integer> lines, String part, int line) {
    text.append(part);
    for (int i = 0; i < part.length(); i++) {
      lines.add(line);
    }
  }

  /** What text {@code text} (a resource, all of it read as prose) says that would rot. */
  static List<String> rottingInText(String text) {
    List<String> found = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int l = 0; l < lines.length; l++) {
      found.addAll(rottingIn(new Comment(l + 1, lines[l])));
    }
    return found;
  }

  /** The index just past the literal closed by {@code delimiter}, escapes skipped. */
  private static int closing(String source, int from, String delimiter) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(delimiter, i)) {
        return i + delimiter.length();
      } else if (delimiter.length() == 1 && source.charAt(i) == '\n') {
        return i; // an unterminated literal ends at its line, as javac would have refused it
      } else {
        i++;
      }
    }
    return source.length();
  }
}
