package io.inrvo.data.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A module of the build as its POM and sources declare it: the module name in its jar's manifest,
 * the packages it states as its API ({@code api.packages}), and every package it compiles (its
 * sources and what its build generates). Every package that is not API is internal.
 *
 * @param directory the module's directory under the project root, e.g. {@code core}
 * @param automaticModuleName the {@code automatic.module.name} property of its POM
 * @param apiPackages the {@code api.packages} property of its POM; empty for an application
 * @param packages every package of its main code
 */
public record LibraryModule(String directory, String automaticModuleName, Set<String> apiPackages, Set<String> packages) {

  /** The project's root directory: system property {@code inrvo.projectRoot}, else this module's parent. */
  static final Path PROJECT_ROOT =
      Path.of(System.getProperty("inrvo.projectRoot", "..")).toAbsolutePath().normalize();

  private static final Pattern MODULE_NAME = Pattern.compile("<automatic\\.module\\.name>([^<]*)<");
  private static final Pattern API_PACKAGES = Pattern.compile("<api\\.packages>([^<]*)<");

  /** Reads module {@code directory} of the project at {@code root}. */
  public static LibraryModule read(Path root, String directory) {
    Path module = root.resolve(directory);
    String pom = read(module.resolve("pom.xml"));
    String name = property(MODULE_NAME, pom, directory);
    Matcher api = API_PACKAGES.matcher(pom);
    Set<String> apiPackages = api.find()
        ? Arrays.stream(api.group(1).split(",")).map(String::trim).filter(p -> !p.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new))
        : Set.of();
    Set<String> packages = new TreeSet<>();
    packagesUnder(module.resolve("src/main/java"), packages);
    Path generated = module.resolve("target/generated-sources");
    if (Files.isDirectory(generated)) {
      try (Stream<Path> roots = Files.list(generated)) {
        roots.filter(Files::isDirectory).forEach(r -> packagesUnder(r, packages));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new LibraryModule(directory, name, apiPackages, packages);
  }

  /** The packages of this module that are not API. */
  Set<String> internalPackages() {
    Set<String> internal = new TreeSet<>(packages);
    internal.removeAll(apiPackages);
    return internal;
  }

  boolean isLibrary() {
    return !apiPackages.isEmpty();
  }

  /** Whether {@code packageName} is one of this module's packages. */
  boolean owns(String packageName) {
    return packages.contains(packageName);
  }

  private static void packagesUnder(Path sourceRoot, Set<String> packages) {
    if (!Files.isDirectory(sourceRoot)) {
      return;
    }
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      files.filter(f -> f.toString().endsWith(".java"))
          .map(f -> sourceRoot.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
          .forEach(packages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String property(Pattern pattern, String pom, String directory) {
    Matcher m = pattern.matcher(pom);
    if (!m.find()) {
      throw new AssertionError(directory + "/pom.xml does not set " + pattern.pattern());
    }
    return m.group(1).trim();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
