package io.inrvo.data.cache.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The names a backend has created caches for: each at most once. */
final class NamedCaches {

  private final Set<String> names = ConcurrentHashMap.newKeySet();

  void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalStateException(
          "this backend already created cache \"" + name + "\": create each cache once and share it");
    }
  }
}
