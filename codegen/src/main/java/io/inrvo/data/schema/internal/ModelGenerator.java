package io.inrvo.data.schema.internal;

import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.InrvoSchema;
import java.sql.Connection;
import java.util.UUID;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ model from a real PostgreSQL migrated with exactly this module's migrations.
 * The build of {@code inrvo-data-core} runs it in {@code generate-sources}, so the model is always
 * the migrations' model: it is never committed and cannot drift.
 *
 * <p>Usage: {@code ModelGenerator <output directory> <package>}. It finds a server through {@link
 * DatabaseServer#locate()}, migrates a scratch database, generates, and drops the scratch database.
 */
public final class ModelGenerator {

  private ModelGenerator() {}

  /** Entry point; see the class description. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ModelGenerator <output directory> <package>");
    }
    DatabaseServer server = DatabaseServer.locate();
    String scratch = "inrvo_codegen_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server.createDatabase(scratch);
    try {
      var dataSource = server.dataSource(scratch);
      String version = InrvoSchema.migrate(dataSource).schemaVersion()
          .orElseThrow(() -> new IllegalStateException("migrating left no schema version"));
      try (Connection connection = dataSource.getConnection()) {
        GenerationTool tool = new GenerationTool();
        tool.setConnection(connection);
        tool.run(configuration(args[0], args[1]));
      }
      writeSchemaVersion(java.nio.file.Path.of(args[0]), args[1], version);
    } finally {
      server.dropDatabase(scratch);
    }
  }

  /**
   * Writes {@code SchemaVersion} beside the model: the version the model was generated from,
   * which is the version the code built on it expects of a database (its readiness check).
   */
  private static void writeSchemaVersion(java.nio.file.Path directory, String packageName, String version)
      throws java.io.IOException {
    java.nio.file.Path file = directory.resolve(packageName.replace('.', '/')).resolve("SchemaVersion.java");
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, """
        package %s;

        /** The schema version this model was generated from: the last migration of the build. */
        public final class SchemaVersion {

          /** The version the code built on this model expects of a database. */
          public static final String EXPECTED = "%s";

          private SchemaVersion() {}
        }
        """.formatted(packageName, version));
  }

  private static Configuration configuration(String directory, String packageName) {
    return new Configuration()
        .withGenerator(new Generator()
            .withDatabase(new Database()
                .withName("org.jooq.meta.postgres.PostgresDatabase")
                .withInputSchema("public")
                .withOutputSchemaToDefault(false)
                .withIncludes(".*")
                // an application's Flyway history, created empty beside the library's tables
                .withExcludes(Histories.APPLICATION_HISTORY))
            .withGenerate(new Generate()
                .withRecords(true)
                .withPojos(false)
                .withDaos(false)
                .withRoutines(true)
                .withJavaTimeTypes(true)
                .withGeneratedAnnotation(false)
                .withComments(true)
                .withIndexes(true)
                .withKeys(true)
                .withFluentSetters(true))
            .withTarget(new Target()
                .withPackageName(packageName)
                .withDirectory(directory)
                .withClean(true)));
  }
}
