package io.inrvo.data.internal;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;

/** Builds a column list from others, so a list that extends another cannot drift from it. */
final class Columns {

  private Columns() {}

  /** The columns of {@code parts}, in order, as one immutable list. */
  @SafeVarargs
  static List<Field<?>> join(List<? extends Field<?>>... parts) {
    List<Field<?>> all = new ArrayList<>();
    for (List<? extends Field<?>> part : parts) {
      all.addAll(part);
    }
    return List.copyOf(all);
  }
}
