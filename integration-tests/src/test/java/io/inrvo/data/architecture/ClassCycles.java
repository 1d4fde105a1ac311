package io.inrvo.data.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cycles between the classes of one package: the strongly connected components (Tarjan) of
 * the graph whose nodes are its top-level classes and whose edges are ArchUnit's dependencies
 * between them. A nested class counts as part of its top-level class (it is one source file).
 */
final class ClassCycles {

  private final Map<String, Set<String>> edges = new TreeMap<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> lowLink = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Set<String> onStack = new TreeSet<>();
  private final List<Set<String>> cycles = new ArrayList<>();
  private int next;

  private ClassCycles(JavaClasses classes, String packageName) {
    for (JavaClass c : classes) {
      if (!c.getPackageName().equals(packageName)) {
        continue;
      }
      String from = topLevel(c).getName();
      Set<String> targets = edges.computeIfAbsent(from, k -> new TreeSet<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass().getBaseComponentType();
        if (target.getPackageName().equals(packageName)) {
          String to = topLevel(target).getName();
          if (!to.equals(from)) {
            targets.add(to);
          }
        }
      }
    }
  }

  /** Every cycle between top-level classes of {@code packageName}, each as the classes on it. */
  static List<Set<String>> in(JavaClasses classes, String packageName) {
    ClassCycles graph = new ClassCycles(classes, packageName);
    for (String node : graph.edges.keySet()) {
      if (!graph.index.containsKey(node)) {
        graph.connect(node);
      }
    }
    return graph.cycles;
  }

  /** The edges of a cycle, each with the first dependency that makes it: for the failure message. */
  static String describe(JavaClasses classes, Set<String> cycle) {
    Map<String, String> edges = new TreeMap<>();
    for (JavaClass c : classes) {
      String from = topLevel(c).getName();
      if (!cycle.contains(from)) {
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = topLevel(d.getTargetClass().getBaseComponentType()).getName();
        if (cycle.contains(to) && !to.equals(from)) {
          edges.putIfAbsent(simpleName(from) + " -> " + simpleName(to), d.getDescription());
        }
      }
    }
    StringBuilder out = new StringBuilder();
    edges.forEach((edge, example) -> out.append("\n    ").append(edge).append(": ").append(example));
    return out.toString();
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private void connect(String node) {
    index.put(node, next);
    lowLink.put(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (String target : edges.getOrDefault(node, Set.of())) {
      if (!index.containsKey(target)) {
        connect(target);
        lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(target)));
      } else if (onStack.contains(target)) {
        lowLink.put(node, Math.min(lowLink.get(node), index.get(target)));
      }
    }
    if (lowLink.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass top = c;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }
}
