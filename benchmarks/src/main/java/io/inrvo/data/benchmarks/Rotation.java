package io.inrvo.data.benchmarks;

import java.util.List;

/**
 * Hands out the ids picked at setup one after another, so consecutive invocations touch different
 * rows (no single hot row) while every run touches the same set; or, with {@link #at}, the item of
 * a numbered use (an interleaved cycle). Single-threaded, like the benchmarks that use it.
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

  /** The item for the {@code index}-th use, wrapping around: {@code at(i)} is what the i-th {@link #next} returns. */
  T at(int index) {
    return items.get(Math.floorMod(index, items.size()));
  }

  int size() {
    return items.size();
  }
}
