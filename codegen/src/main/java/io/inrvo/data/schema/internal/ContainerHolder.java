package io.inrvo.data.schema.internal;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Holds the one container of this JVM; only loaded when Testcontainers is on the classpath. */
final class ContainerHolder {

  private static PostgreSQLContainer<?> container;

  private ContainerHolder() {}

  /** The container of this JVM, started on first use; empty when no Docker engine answers. */
  static synchronized Optional<StartedContainer> start(String image) {
    if (container == null) {
      boolean docker;
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        docker = false;
      }
      if (!docker) {
        return Optional.empty();
      }
      PostgreSQLContainer<?> started =
          new PostgreSQLContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
      started.start(); // Testcontainers' reaper removes it when the JVM exits
      container = started;
    }
    return Optional.of(new StartedContainer(container.getJdbcUrl(), container.getUsername(), container.getPassword()));
  }
}
