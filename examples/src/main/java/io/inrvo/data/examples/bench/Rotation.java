package io.inrvo.data.examples.bench;

import java.util.List;

/**
 * Hands out the ids picked at setup one after another, so consecutive invocations touch different
 * rows (no single hot row) while every run touches the same set. Single-threaded, like the
 * benchmarks that use it.
 */
final class Rotation<T> {

  private final List<T> items;
  private int next;

  Rotation(List<T> items) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("nothing to rotate through");
    }
    this.items = List.copyOf(items);
  }

  T next() {
    T item = items.get(next);
    next = next + 1 == items.size() ? 0 : next + 1;
    return item;
  }

  int size() {
    return items.size();
  }
}
