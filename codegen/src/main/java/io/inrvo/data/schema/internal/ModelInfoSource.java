package io.inrvo.data.schema.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes {@code ModelInfo}, generated beside the jOOQ model: the schema version the model was
 * generated at (the newest migration) and an instance of every generated routine class, so that
 * the library's startup check derives what it expects from the model itself, not from a list kept
 * by hand.
 */
final class ModelInfoSource {

  private ModelInfoSource() {}

  /** Writes {@code <packageName>.ModelInfo} under {@code directory} for the migrations {@code versions}. */
  static void write(Path directory, String packageName, List<String> versions) {
    Path packageDirectory = directory.resolve(packageName.replace('.', '/'));
    List<String> routines;
    try (Stream<Path> files = Files.exists(packageDirectory.resolve("routines"))
        ? Files.list(packageDirectory.resolve("routines")) : Stream.empty()) {
      routines = files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".java"))
          .map(n -> n.substring(0, n.length() - ".java".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String source = """
        package %1$s;

        /** Generated with the jOOQ model: the schema version it was generated at and its routines. */
        public final class ModelInfo {

            private ModelInfo() {}

            /** The newest migration's version: the schema version this model was generated from. */
            public static final String SCHEMA_VERSION = "%2$s";

            /** A new instance of every generated routine. */
            public static java.util.List<org.jooq.Routine<?>> routines() {
                return java.util.List.of(%3$s);
            }
        }
        """.formatted(packageName, versions.get(versions.size() - 1),
        routines.stream().map(r -> "new " + packageName + ".routines." + r + "()").collect(Collectors.joining(", ")));
    try {
      Files.createDirectories(packageDirectory);
      Files.writeString(packageDirectory.resolve("ModelInfo.java"), source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
