package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The library over a {@code DataSource} wrapped by OpenTelemetry's JDBC instrumentation works
 * unchanged, and the spans' statement text carries the operation comment, so spans line up with
 * the operation names of {@code pg_stat_statements} and the metrics.
 */
class OpenTelemetryJdbcTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final List<AttributeKey<String>> STATEMENT =
      List.of(AttributeKey.stringKey("db.statement"), AttributeKey.stringKey("db.query.text"));

  @Test
  void anInstrumentedDataSourceWorksUnchangedAndItsSpansNameTheOperation(@TestUser("alice") UUID alice) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()) {
      DataSource traced = JdbcTelemetry.create(OpenTelemetrySdk.builder().setTracerProvider(tracing).build())
          .wrap(DB.database().pool(2));
      Session session = Inrvo.create(traced).asUser(alice);

      UUID saved = session.history().save(NewMeditation.withPrompt("traced"));
      assertEquals(List.of(saved), session.history().page(PageRequest.first(20)).items().stream()
          .map(m -> m.id()).toList());
      session.inTransaction(tx -> tx.history().find(saved));

      List<String> statements = spans.getFinishedSpanItems().stream().map(OpenTelemetryJdbcTest::statement)
          .flatMap(Optional::stream).toList();
      for (String operation : List.of("history.save", "history.page", "history.find")) {
        assertTrue(statements.stream().anyMatch(s -> s.contains("/* inrvo " + operation + " */")),
            operation + " in " + statements);
      }
      assertTrue(statements.stream().filter(s -> s.contains("/* inrvo history.page */")).allMatch(
          s -> s.startsWith("/* inrvo context */")), "one round trip: the context and the page in one span");
    }
  }

  private static Optional<String> statement(SpanData span) {
    return STATEMENT.stream().map(k -> span.getAttributes().get(k)).filter(v -> v != null).findFirst();
  }
}
