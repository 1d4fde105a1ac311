package io.inrvo.data.schema.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Holds the one container of this JVM; only loaded when Testcontainers is on the classpath. */
final class ContainerHolder {

  /** Where a Docker engine on Linux and in Docker Desktop's default setup listens. */
  private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

  private static PostgreSQLContainer<?> container;

  private ContainerHolder() {}

  static synchronized ContainerOutcome start(String image) {
    if (container == null) {
      boolean docker;
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        docker = false;
      }
      if (!docker) {
        return ContainerOutcome.failed(noDockerReason());
      }
      PostgreSQLContainer<?> started =
          new PostgreSQLContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
      try {
        started.start(); // Testcontainers' reaper removes it when the JVM exits
      } catch (RuntimeException e) {
        started.close();
        return ContainerOutcome.failed("a Docker engine answers, but the container did not start: " + e.getMessage());
      }
      container = started;
    }
    return ContainerOutcome.started(
        new StartedContainer(container.getJdbcUrl(), container.getUsername(), container.getPassword()));
  }

  /** The two places nearly every Docker setup is found, and what was there. */
  private static String noDockerReason() {
    String dockerHost = System.getenv("DOCKER_HOST");
    return "no Docker engine answers (DOCKER_HOST" + (dockerHost == null || dockerHost.isBlank()
        ? " is not set" : "=" + dockerHost + " does not answer")
        + "; " + DEFAULT_SOCKET + (Files.exists(DEFAULT_SOCKET) ? " exists but does not answer" : " does not exist")
        + "; Testcontainers' log lists every place it looked)";
  }
}
