package io.inrvo.data.schema.internal;

import java.util.Objects;
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

  /** A running container's coordinates. */
  public record Started(String url, String user, String password) {}

  /**
   * Either a started container or the reason none could be started.
   *
   * @param server the container, when one runs
   * @param problem why none runs; empty when one does
   */
  public record Outcome(Optional<Started> server, String problem) {

    /** Checks that exactly one of the two is given. */
    public Outcome {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(problem, "problem");
      if (server.isPresent() == !problem.isEmpty()) {
        throw new IllegalArgumentException("an outcome has a server or a problem, not both or neither");
      }
    }

    /** A running container. */
    public static Outcome started(Started server) {
      return new Outcome(Optional.of(server), "");
    }

    /** No container, and why. */
    public static Outcome failed(String problem) {
      return new Outcome(Optional.empty(), problem);
    }
  }

  private ContainerLink() {}

  /** Starts (once per JVM) a PostgreSQL container of {@code image}, or says why it cannot. */
  public static Outcome start(String image) {
    Optional<String> missing = missingClasses();
    if (missing.isPresent()) {
      return Outcome.failed(missing.get());
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
