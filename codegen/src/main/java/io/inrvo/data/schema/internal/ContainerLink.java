package io.inrvo.data.schema.internal;

import java.util.Optional;

/**
 * The Testcontainers link of the server chain. Testcontainers is an optional dependency, so this
 * class touches it only through {@link ContainerHolder}, which is loaded only when the library is on
 * the classpath.
 */
public final class ContainerLink {

  /** The classes the link needs; the first one missing decides. */
  private static final String[] REQUIRED_CLASSES = {
    "org.testcontainers.DockerClientFactory", "org.testcontainers.containers.PostgreSQLContainer",
  };

  private ContainerLink() {}

  /** Starts (once per JVM) a PostgreSQL container of {@code image}, or says why it cannot. */
  public static ContainerOutcome start(String image) {
    Optional<String> missing = missingClasses();
    if (missing.isPresent()) {
      return ContainerOutcome.failed(missing.get());
    }
    return ContainerHolder.start(image);
  }

  /**
   * Why Testcontainers cannot be used from this class loader, if it cannot: its classes (or those
   * it needs, such as JUnit 4's {@code TestRule}) are missing.
   */
  public static Optional<String> missingClasses() {
    for (String name : REQUIRED_CLASSES) {
      try {
        Class.forName(name, true, ContainerLink.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.of("org.testcontainers:postgresql is not on the classpath (" + name + ": " + e + ")");
      }
    }
    return Optional.empty();
  }
}
