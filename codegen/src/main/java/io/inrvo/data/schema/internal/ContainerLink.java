package io.inrvo.data.schema.internal;

import java.util.Optional;

/**
 * The Testcontainers link of the server chain. Testcontainers is an optional dependency, so this
 * class touches it only through {@link ContainerHolder}, which is loaded only when the library is on
 * the classpath.
 */
public final class ContainerLink {

  /** Either a started container or the reason none could be started. */
  public record Outcome(Optional<StartedContainer> server, String problem) {}

  private ContainerLink() {}

  /** Starts (once per JVM) a PostgreSQL container of {@code image}, or says why it cannot. */
  public static Outcome start(String image) {
    try {
      Class.forName("org.testcontainers.DockerClientFactory", false, ContainerLink.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return new Outcome(Optional.empty(), "org.testcontainers:postgresql is not on the classpath");
    }
    return ContainerHolder.start(image)
        .map(started -> new Outcome(Optional.of(started), ""))
        .orElseGet(() -> new Outcome(Optional.empty(), "no Docker engine answers"));
  }
}
