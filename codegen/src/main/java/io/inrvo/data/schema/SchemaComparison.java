package io.inrvo.data.schema;

import java.util.List;
import java.util.Objects;

/**
 * A live schema compared with the library's baseline (version {@value InrvoSchema#BASELINE_VERSION}):
 * tables, columns and their types, NOT NULL and defaults, constraints, the named indexes,
 * row-level security and policies, functions, triggers and the API roles' privileges.
 *
 * @param differences every difference, grouped by verdict (incompatible first), then in the order
 *     of the objects' kinds and names; empty when the schema is exactly the baseline
 */
public record SchemaComparison(List<SchemaDifference> differences) {

  /**
   * Copies the list.
   *
   * @param differences every difference; copied
   */
  public SchemaComparison {
    differences = List.copyOf(Objects.requireNonNull(differences, "differences"));
  }

  /**
   * Whether the database can be adopted.
   *
   * @return true when no difference is {@link SchemaDifference.Verdict#INCOMPATIBLE}
   */
  public boolean compatible() {
    return incompatible().isEmpty();
  }

  /**
   * The differences that block adoption.
   *
   * @return the {@link SchemaDifference.Verdict#INCOMPATIBLE} differences, in order
   */
  public List<SchemaDifference> incompatible() {
    return of(SchemaDifference.Verdict.INCOMPATIBLE);
  }

  /**
   * The differences with one verdict.
   *
   * @param verdict the verdict
   * @return the differences with {@code verdict}, in order
   */
  public List<SchemaDifference> of(SchemaDifference.Verdict verdict) {
    return differences.stream().filter(d -> d.verdict() == verdict).toList();
  }

  /**
   * The comparison for a reader: a verdict line, then one section per verdict with one line per
   * difference.
   *
   * @return the text, ending with a line break
   */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append("Schema compared with the inrvo-data baseline (version ").append(InrvoSchema.BASELINE_VERSION)
        .append("): ").append(compatible() ? "compatible" : "NOT compatible, " + incompatible().size()
            + (incompatible().size() == 1 ? " difference blocks" : " differences block") + " adoption")
        .append('\n');
    section(out, SchemaDifference.Verdict.INCOMPATIBLE,
        "INCOMPATIBLE: the library depends on these; nothing is changed until they are fixed");
    section(out, SchemaDifference.Verdict.REPLACED, "REPLACED by the migrations after the baseline");
    section(out, SchemaDifference.Verdict.KEPT, "KEPT as they are");
    return out.toString();
  }

  private void section(StringBuilder out, SchemaDifference.Verdict verdict, String title) {
    List<SchemaDifference> listed = of(verdict);
    if (listed.isEmpty()) {
      return;
    }
    out.append('\n').append(title).append(" (").append(listed.size()).append(")\n");
    for (SchemaDifference d : listed) {
      out.append("  ").append(verdict == SchemaDifference.Verdict.INCOMPATIBLE ? "x " : verdict
          == SchemaDifference.Verdict.REPLACED ? "~ " : "+ ").append(d.object()).append(": ").append(d.detail())
          .append('\n');
    }
  }
}
