package io.inrvo.data.testing.server;

import io.inrvo.data.schema.DatabaseServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A throwaway PostgreSQL server with given settings, from wherever this machine can run one: a
 * {@link PostgresCluster} from the local server programs when they are installed, else a
 * Testcontainers container of {@value DatabaseServer#CONTAINER_IMAGE} started with {@code -c
 * name=value} for each setting when a Docker engine answers.
 *
 * <pre>{@code
 * try (ThrowawayServer pg = ThrowawayPostgres.start(Map.of("shared_preload_libraries", "pg_stat_statements"))) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Use it when a test needs only settings; a test that stops, restarts or replicates a server
 * needs a {@link PostgresCluster} (local programs), and a container cannot offer that.
 */
public final class ThrowawayPostgres {

  private ThrowawayPostgres() {}

  /**
   * Why neither way works on this machine, naming what was tried and how to get either; empty
   * when one does.
   *
   * @return empty when the local server programs or a Docker engine can be used; otherwise, for a
   *     skip or failure message, why each way fails and how to provide it
   */
  public static Optional<String> missingPrerequisite() {
    return missingPrerequisite(ThrowawayPostgres::missingDocker);
  }

  /** The decision of {@link #missingPrerequisite()}, with the Docker probe given. */
  static Optional<String> missingPrerequisite(Supplier<Optional<String>> docker) {
    Optional<String> local = PostgresCluster.missingPrerequisite();
    if (local.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> noDocker = docker.get();
    if (noDocker.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("no way to start a throwaway PostgreSQL server: 1. local server programs: " + local.get()
        + "; 2. Testcontainers (" + DatabaseServer.CONTAINER_IMAGE + "): " + noDocker.get());
  }

  /**
   * Starts the server: a local cluster when possible, else a container.
   *
   * @param settings server settings, such as {@code shared_preload_libraries} = {@code
   *     pg_stat_statements}
   * @return the running server, accepting connections: a {@link PostgresCluster} when the local
   *     programs are present, else a container; the caller closes it, which stops and removes it
   * @throws MissingPrerequisiteException when neither local programs nor Docker are available
   * @throws IllegalArgumentException when a setting name or value is not valid for {@code
   *     postgresql.conf}
   */
  public static ThrowawayServer start(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    // the builder checks the settings for both ways
    PostgresCluster.Builder builder = PostgresCluster.builder().name("settings").settings(settings);
    if (PostgresCluster.missingPrerequisite().isEmpty()) {
      return builder.start();
    }
    Optional<String> missing = missingPrerequisite();
    if (missing.isPresent()) {
      throw new MissingPrerequisiteException(missing.get());
    }
    return new Container(new LinkedHashMap<>(settings));
  }

  private static Optional<String> missingDocker() {
    try {
      return DockerClientFactory.instance().isDockerAvailable()
          ? Optional.empty()
          : Optional.of("no Docker engine answers (Testcontainers' log lists where it looked); "
              + "start Docker, or install the PostgreSQL server programs");
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("Testcontainers could not look for Docker: " + e);
    }
  }

  /** The container variant; Testcontainers' reaper removes it if the JVM dies first. */
  private static final class Container implements ThrowawayServer {

    private final PostgreSQLContainer<?> container;
    private final DatabaseServer server;

    Container(Map<String, String> settings) {
      List<String> command = new ArrayList<>(List.of("postgres", "-c", "fsync=off"));
      settings.forEach((name, value) -> {
        command.add("-c");
        command.add(name + "=" + value);
      });
      PostgreSQLContainer<?> started =
          new PostgreSQLContainer<>(DockerImageName.parse(DatabaseServer.CONTAINER_IMAGE).asCompatibleSubstituteFor("postgres"))
              .withDatabaseName("postgres")
              .withCommand(command.toArray(String[]::new));
      started.start();
      this.container = started;
      this.server = DatabaseServer.at(started.getJdbcUrl(), started.getUsername(), started.getPassword());
      Scratch.closeOnExit(this, toString());
    }

    @Override
    public DatabaseServer server() {
      return server;
    }

    @Override
    public void close() {
      Scratch.forget(this);
      container.close();
    }

    @Override
    public String toString() {
      return "ThrowawayPostgres[container " + DatabaseServer.CONTAINER_IMAGE + ", " + server.jdbcUrl() + "]";
    }
  }
}
