package io.inrvo.data.spring;

import io.inrvo.data.InrvoOptions;

/**
 * Changes the options of the auto-configured {@code Inrvo} after the {@code inrvo.*} properties
 * are applied: a bean of this type can add a statement listener, an audio store or anything else
 * {@link InrvoOptions.Builder} offers. Every customizer bean runs, in {@code @Order}.
 */
@FunctionalInterface
public interface InrvoOptionsCustomizer {

  /**
   * Changes {@code builder}.
   *
   * @param builder the options so far: the application's data source, the properties, and joining
   *     Spring transactions
   */
  void customize(InrvoOptions.Builder builder);
}
