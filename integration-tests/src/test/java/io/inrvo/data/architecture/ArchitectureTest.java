package io.inrvo.data.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.inrvo.data.testing.server.ServerExtension;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the main classes of every module as the build made them.
 *
 * <ul>
 *   <li>Each library module states its API packages in its POM ({@code api.packages}); its other
 *       packages are internal. No class of another module (library, examples, the Spring example
 *       or benchmarks) depends on an internal type, and no API signature exposes one.
 *   <li>A type of an internal package is public only when another package uses it (or it is a
 *       main class the build runs).
 *   <li>The classes of an internal package form no dependency cycle.
 *   <li>A class keeps to {@value SourceSizes#LIMIT} lines of code unless its Javadoc says why it is
 *       long.
 *   <li>Comments name no issue, no "spec" and no migration version.
 *   <li>Each library jar names its module in its manifest ({@code Automatic-Module-Name}).
 * </ul>
 *
 * <p>{@link BoundaryRulesTest} shows the two boundary rules failing on a fixture that breaks them.
 */
class ArchitectureTest {

  private static final Path ROOT = LibraryModule.PROJECT_ROOT;
  private static final List<String> MODULES =
      List.of("codegen", "core", "testing", "cache", "health", "micrometer", "spring-boot-starter", "examples",
          "examples/spring-app", "benchmarks");
  private static final List<LibraryModule> ALL = MODULES.stream().map(m -> LibraryModule.read(ROOT, m)).toList();
  private static final List<LibraryModule> LIBRARIES = ALL.stream().filter(LibraryModule::isLibrary).toList();

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.inrvo.data");

  @Test
  void everyLibraryModuleStatesApiPackagesItHas() {
    assertEquals(List.of("codegen", "core", "testing", "cache", "health", "micrometer", "spring-boot-starter"),
        LIBRARIES.stream().map(LibraryModule::directory).toList());
    for (LibraryModule module : LIBRARIES) {
      for (String api : module.apiPackages()) {
        assertTrue(module.owns(api), module.directory() + " states API package " + api + ", which it does not have");
      }
    }
  }

  @Test
  void everyClassBelongsToOneModule() {
    Set<String> unowned = new TreeSet<>();
    for (JavaClass c : CLASSES) {
      long owners = ALL.stream().filter(m -> m.owns(c.getPackageName())).count();
      if (owners != 1) {
        unowned.add(c.getPackageName() + " (" + owners + " modules)");
      }
    }
    assertTrue(unowned.isEmpty(), "packages not owned by exactly one module: " + unowned);
    for (LibraryModule module : ALL) {
      assertTrue(CLASSES.stream().anyMatch(c -> module.owns(c.getPackageName())),
          "no class of " + module.directory() + " on the classpath: is it a test dependency of integration-tests?");
    }
    assertTrue(CLASSES.size() > 300, "imported only " + CLASSES.size() + " classes: is every module on the classpath?");
  }

  @Test
  void noModuleReachesAnotherModulesInternalTypes() {
    List<String> reached = BoundaryRules.internalTypesReachedFromOutside(LIBRARIES, CLASSES);
    assertTrue(reached.isEmpty(), "classes use another module's internal types:\n  " + String.join("\n  ", reached));
  }

  @Test
  void noApiSignatureExposesAnInternalType() {
    List<String> exposed = BoundaryRules.internalTypesInApiSignatures(LIBRARIES, CLASSES);
    assertTrue(exposed.isEmpty(), "API signatures expose internal types:\n  " + String.join("\n  ", exposed));
  }

  @Test
  void internalTypesArePublicOnlyWhenAnotherPackageUsesThem() {
    List<String> needlesslyPublic = new ArrayList<>();
    for (LibraryModule module : LIBRARIES) {
      for (JavaClass c : CLASSES) {
        String pkg = c.getPackageName();
        if (!module.internalPackages().contains(pkg) || pkg.startsWith("io.inrvo.data.model")
            || !c.getModifiers().contains(JavaModifier.PUBLIC) || c.getEnclosingClass().isPresent()) {
          continue;
        }
        boolean usedElsewhere = c.getDirectDependenciesToSelf().stream()
            .anyMatch(d -> !d.getOriginClass().getPackageName().equals(pkg));
        boolean mainClass = c.getMethods().stream().anyMatch(m -> m.getName().equals("main")
            && m.getModifiers().contains(JavaModifier.STATIC) && m.getModifiers().contains(JavaModifier.PUBLIC));
        if (!usedElsewhere && !mainClass) {
          needlesslyPublic.add(c.getName());
        }
      }
    }
    assertTrue(needlesslyPublic.isEmpty(),
        "public internal types no other package uses (make them package-private): " + needlesslyPublic);
  }

  @Test
  void internalClassesFormNoCycles() {
    List<String> found = new ArrayList<>();
    for (LibraryModule module : LIBRARIES) {
      for (String pkg : module.internalPackages()) {
        if (pkg.startsWith("io.inrvo.data.model")) {
          continue; // generated by jOOQ: its tables, keys and schema refer to each other by design
        }
        for (Set<String> cycle : ClassCycles.in(CLASSES, pkg)) {
          found.add(cycle + ClassCycles.describe(CLASSES, cycle));
        }
      }
    }
    assertTrue(found.isEmpty(), "cycles between internal classes:\n  " + String.join("\n  ", found));
  }

  @Test
  void classesAreShortOrSayWhyTheyAreLong() throws IOException {
    List<String> tooLong = new ArrayList<>();
    List<Path> sources = mainSources("src/main/java", f -> f.toString().endsWith(".java"));
    for (Path file : sources) {
      int loc = SourceSizes.linesOfCode(SourceSizes.lines(file));
      if (loc > SourceSizes.LIMIT && !SourceSizes.saysWhyItIsLong(Files.readString(file))) {
        tooLong.add(ROOT.relativize(file) + ": " + loc + " lines of code");
      }
    }
    assertTrue(sources.size() > 100, "checked only " + sources.size() + " source files under " + ROOT);
    assertTrue(tooLong.isEmpty(), "classes over " + SourceSizes.LIMIT + " lines of code whose Javadoc does not say"
        + " why they are \"long because\" ...:\n  " + String.join("\n  ", tooLong));
  }

  /**
   * Comments name no issue, no "spec" and no migration version (V13): they would rot. The
   * migrations themselves (their SQL and the README beside them) are exempt: they are what the
   * versions name.
   */
  @Test
  void commentsSpeakOfTheLibraryAlone() throws IOException {
    List<String> rotting = new ArrayList<>();
    List<Path> sources = mainSources("src/main/java", f -> f.toString().endsWith(".java"));
    for (Path file : sources) {
      for (SourceComments.Comment comment : SourceComments.in(Files.readString(file))) {
        SourceComments.rottingIn(comment).forEach(r -> rotting.add(ROOT.relativize(file) + " " + r));
      }
    }
    List<Path> resources = mainSources("src/main/resources", f -> !f.toString().contains("/migrations/"));
    for (Path file : resources) {
      SourceComments.rottingInText(Files.readString(file)).forEach(r -> rotting.add(ROOT.relativize(file) + " " + r));
    }
    assertTrue(sources.size() > 100 && !resources.isEmpty(),
        "checked only " + sources.size() + " sources and " + resources.size() + " resources under " + ROOT);
    assertTrue(rotting.isEmpty(), "comments name an issue, \"the spec\" or a migration version; say what the"
        + " library does instead:\n  " + String.join("\n  ", rotting));
  }

  /** The files under {@code folder} (e.g. {@code src/main/java}) of every module that {@code keep} keeps, sorted. */
  private static List<Path> mainSources(String folder, Predicate<Path> keep) throws IOException {
    List<Path> found = new ArrayList<>();
    for (String module : MODULES) {
      Path root = ROOT.resolve(module).resolve(folder);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(Files::isRegularFile).filter(keep).sorted().forEach(found::add);
      }
    }
    return found;
  }

  @Test
  void libraryJarsNameTheirModule() throws IOException, URISyntaxException {
    Set<String> names = new TreeSet<>();
    for (LibraryModule module : ALL) {
      assertTrue(names.add(module.automaticModuleName()), "two modules are named " + module.automaticModuleName());
    }
    for (LibraryModule module : LIBRARIES) {
      String apiPackage = module.apiPackages().iterator().next();
      JavaClass sample = CLASSES.stream().filter(c -> c.getPackageName().equals(apiPackage)).findFirst()
          .orElseThrow(() -> new AssertionError("no class of " + apiPackage + " on the classpath"));
      Path location = Path.of(sample.reflect().getProtectionDomain().getCodeSource().getLocation().toURI());
      String notAJar = "the manifest is checked on jars; " + module.directory() + " is on the classpath as "
          + location + " (run the verify phase)";
      ServerExtension.assumePrerequisite("ArchitectureTest.libraryJarsNameTheirModule",
          Files.isRegularFile(location) ? Optional.empty() : Optional.of(notAJar));
      try (JarFile jar = new JarFile(location.toFile())) {
        assertEquals(module.automaticModuleName(), jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"),
            location.toString());
      }
      assertFalse(module.automaticModuleName().isBlank());
    }
  }
}
