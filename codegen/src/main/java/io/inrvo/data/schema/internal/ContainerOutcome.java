package io.inrvo.data.schema.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * Either a started container or the reason none could be started.
 *
 * @param server the container, when one runs
 * @param problem why none runs; empty when one does
 */
public record ContainerOutcome(Optional<StartedContainer> server, String problem) {

  /** Checks that exactly one of the two is given. */
  public ContainerOutcome {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(problem, "problem");
    if (server.isPresent() == !problem.isEmpty()) {
      throw new IllegalArgumentException("an outcome has a server or a problem, not both or neither");
    }
  }

  /** A running container. */
  static ContainerOutcome started(StartedContainer server) {
    return new ContainerOutcome(Optional.of(server), "");
  }

  /**
   * No container, and why.
   *
   * @param problem what is missing or failed
   * @return the outcome
   */
  public static ContainerOutcome failed(String problem) {
    return new ContainerOutcome(Optional.empty(), problem);
  }
}
