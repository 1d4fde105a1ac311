package io.inrvo.data.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The two boundary rules, each returning its violations (empty when the rule holds): no class
 * reaches another module's internal types, and no API signature exposes an internal type. {@link
 * ArchitectureTest} runs them on the build's main classes; {@link BoundaryRulesTest} runs them on a
 * fixture that breaks each once, to show they fire.
 */
final class BoundaryRules {

  private BoundaryRules() {}

  /**
   * The dependencies of {@code classes} on an internal package of one of {@code libraries} from
   * outside that library, one line each as ArchUnit words them.
   */
  static List<String> internalTypesReachedFromOutside(List<LibraryModule> libraries, JavaClasses classes) {
    List<String> found = new ArrayList<>();
    for (LibraryModule module : libraries) {
      String[] internal = module.internalPackages().toArray(String[]::new);
      if (internal.length == 0) {
        continue;
      }
      found.addAll(noClasses().that().resideOutsideOfPackages(module.packages().toArray(String[]::new))
          .should().dependOnClassesThat().resideInAnyPackage(internal)
          .as("classes outside " + module.directory() + " should not use its internal packages " + module.internalPackages())
          .evaluate(classes).getFailureReport().getDetails());
    }
    return found;
  }

  /**
   * The places where the signature of a class of {@code classes} in an API package of {@code
   * libraries} names a type of any library's internal packages (see {@link ApiSignatures}).
   */
  static List<String> internalTypesInApiSignatures(List<LibraryModule> libraries, JavaClasses classes) {
    Set<String> internal = libraries.stream().flatMap(m -> m.internalPackages().stream()).collect(Collectors.toSet());
    Set<String> api = libraries.stream().flatMap(m -> m.apiPackages().stream()).collect(Collectors.toSet());
    List<String> exposed = new ArrayList<>();
    for (JavaClass c : classes) {
      if (api.contains(c.getPackageName())) {
        exposed.addAll(ApiSignatures.internalTypesIn(c, internal));
      }
    }
    return exposed;
  }
}
