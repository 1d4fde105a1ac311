package io.inrvo.data.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a public type of an API package shows its users: its supertypes and type parameter bounds,
 * and the types of its public and protected fields, methods and constructors (parameters, return
 * type, exceptions, type parameter bounds), generic type arguments included.
 */
final class ApiSignatures {

  private ApiSignatures() {}

  /** The places where {@code c}'s signature mentions a type of one of {@code internal} packages. */
  static List<String> internalTypesIn(JavaClass c, Set<String> internal) {
    List<String> found = new ArrayList<>();
    if (!isVisible(c)) {
      return found;
    }
    c.getRawSuperclass().ifPresent(s -> check(c.getName() + " extends", c.getSuperclass().orElseThrow(), internal, found));
    c.getInterfaces().forEach(i -> check(c.getName() + " implements", i, internal, found));
    bounds(c.getName(), c.getTypeParameters(), internal, found);
    for (JavaField field : c.getFields()) {
      if (isVisible(field.getModifiers())) {
        check(field.getFullName(), field.getType(), internal, found);
      }
    }
    for (JavaCodeUnit unit : c.getCodeUnits()) {
      if (!isVisible(unit.getModifiers()) || unit.getModifiers().contains(JavaModifier.SYNTHETIC)
          || unit.getModifiers().contains(JavaModifier.BRIDGE)) {
        continue;
      }
      String where = unit.getFullName();
      check(where + " returns", unit.getReturnType(), internal, found);
      unit.getParameterTypes().forEach(p -> check(where + " takes", p, internal, found));
      unit.getThrowsClause().getTypes().forEach(t -> check(where + " throws", t, internal, found));
      bounds(where, unit.getTypeParameters(), internal, found);
    }
    return found;
  }

  private static void bounds(String where, List<? extends JavaTypeVariable<?>> parameters, Set<String> internal,
      List<String> found) {
    for (JavaTypeVariable<?> parameter : parameters) {
      parameter.getUpperBounds().forEach(b -> check(where + " bounds " + parameter.getName() + " by", b, internal, found));
    }
  }

  private static void check(String where, JavaType type, Set<String> internal, List<String> found) {
    for (JavaClass involved : type.getAllInvolvedRawTypes()) {
      JavaClass base = involved.getBaseComponentType();
      if (internal.contains(base.getPackageName())) {
        found.add(where + " " + base.getName());
      }
    }
  }

  /** Public, and every enclosing class public too: a type users can name. */
  private static boolean isVisible(JavaClass c) {
    for (JavaClass t = c; t != null; t = t.getEnclosingClass().orElse(null)) {
      if (!t.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVisible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }
}
