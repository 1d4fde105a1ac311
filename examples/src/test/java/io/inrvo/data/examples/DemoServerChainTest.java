package io.inrvo.data.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.internal.ContainerLink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the demo finds its database, and what it says when there is none: the demo runs as its own
 * JVM on this module's runtime classpath (what the shaded jar is made of), with no explicit URL,
 * the local probe pointed at a port where nothing listens, and Docker looked for where there is
 * none.
 */
class DemoServerChainTest {

  /** The one place Testcontainers always looks, whatever the environment says. */
  private static final Path DEFAULT_DOCKER_SOCKET = Path.of("/var/run/docker.sock");

  @Test
  void theDemoClasspathCarriesTestcontainers() {
    assertEquals(Optional.empty(), ContainerLink.missingClasses());
  }

  @Test
  void withoutServerAndDockerTheDemoNamesEachOptionAndWhyItFailed(@TempDir Path home) throws Exception {
    int deadPort = portNobodyListensOn();
    String localUrl = "jdbc:postgresql://127.0.0.1:" + deadPort + "/postgres";
    String dockerHost = "unix://" + home.resolve("no-docker.sock");

    Run run = demo(home, localUrl, dockerHost);

    if (run.exitCode() == 0) {
      // Only possible where a Docker engine listens on its default socket, which no setting hides
      // from Testcontainers: then the demo must have run on a container.
      assertTrue(Files.exists(DEFAULT_DOCKER_SOCKET), run::toString);
      assertTrue(run.stdout().contains("(testcontainers)"), run::toString);
      return;
    }
    assertEquals(1, run.exitCode(), run::toString);
    String err = run.stderr();
    assertTrue(err.contains("inrvo-examples: No PostgreSQL server found for inrvo-data. Tried:"), err);
    assertTrue(err.contains("1. " + DatabaseServer.URL_VARIABLE + ": not set"), err);
    assertTrue(err.contains("2. local server " + localUrl + " as postgres: Connection to 127.0.0.1:" + deadPort
        + " refused"), err);
    assertTrue(err.contains("3. Testcontainers (" + DatabaseServer.CONTAINER_IMAGE + "): no Docker engine answers"
        + " (DOCKER_HOST=" + dockerHost + " does not answer; " + DEFAULT_DOCKER_SOCKET), err);
    assertFalse(err.contains("not on the classpath"), err);
    assertTrue(err.contains("Provide one: set " + DatabaseServer.URL_VARIABLE), err);
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run demo(Path home, String localUrl, String dockerHost) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Duser.home=" + home, "-D" + DatabaseServer.LOCAL_URL_PROPERTY + "=" + localUrl,
        Main.class.getName(), "demo");
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("INRVO_DB_") || name.startsWith("TESTCONTAINERS_")
        || name.startsWith("DOCKER_") || name.equals("XDG_RUNTIME_DIR"));
    environment.put("DOCKER_HOST", dockerHost);
    Path out = home.resolve("stdout.txt");
    Path err = home.resolve("stderr.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the demo did not finish within 3 minutes: " + Files.readString(err));
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static int portNobodyListensOn() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
