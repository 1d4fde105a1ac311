package io.inrvo.data;

import java.util.Objects;

/**
 * An argument broke a rule. Thrown before any SQL is sent when the library can check the rule
 * itself (nothing is written then), or mapped from the database's data and integrity errors
 * (SQLSTATE class 22, 23502, 23514) when only the database could tell.
 *
 * <p>The end user corrects the input; retrying the same call does not help. {@link #field()} names
 * the argument (for example {@code prompt} or {@code page.size}) and {@link #rule()} states the
 * rule it broke (for example {@code must not be blank}); the message is {@code "<field>: <rule>"},
 * plus the rejected value where echoing it is harmless.
 */
public class InvalidInputException extends InrvoException {

  private static final long serialVersionUID = 1L;

  /** The argument that broke the rule. */
  private final String field;
  /** The rule it broke. */
  private final String rule;

  /**
   * A rule the library checked before sending SQL.
   *
   * @param field the argument that broke the rule, for example {@code prompt} or {@code page.size}
   * @param rule the rule it broke, for example {@code must not be blank}
   */
  public InvalidInputException(String field, String rule) {
    super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"));
    this.field = field;
    this.rule = rule;
  }

  /**
   * A rule the database enforced; the field is what the database's error names, if anything.
   *
   * @param field what the database's error names (a column or constraint), or {@code input}
   * @param rule the server's primary message, without its DETAIL
   * @param sqlState the SQLSTATE of the database error
   * @param cause the database error
   */
  public InvalidInputException(String field, String rule, String sqlState, Throwable cause) {
    super(field + ": " + rule, sqlState, cause);
    this.field = field;
    this.rule = rule;
  }

  /**
   * The argument that broke the rule.
   *
   * @return the argument's name, as the caller knows it
   */
  public String field() {
    return field;
  }

  /**
   * The rule it broke.
   *
   * @return the rule, in words
   */
  public String rule() {
    return rule;
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link WhoMustAct#END_USER}
   */
  @Override
  public WhoMustAct whoMustAct() {
    return WhoMustAct.END_USER;
  }
}
