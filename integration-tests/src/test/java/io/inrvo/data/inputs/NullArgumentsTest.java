package io.inrvo.data.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.OperationListener;
import io.inrvo.data.ReplicaReads;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AnalyticsRefresher;
import io.inrvo.data.audio.FileSystemAudioStore;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A null where the configuration and entry points of the API need a value (the {@link Inrvo}
 * statics, every {@link InrvoOptions.Builder} method, {@link FileSystemAudioStore}, {@link
 * AnalyticsRefresher#builder}, {@link ReplicaReads#track}, {@link Session#inTransaction}) is the
 * library's {@link InvalidInputException} naming the argument, as for the value types, never a bare
 * {@code NullPointerException}; a session's transaction sends nothing then.
 */
class NullArgumentsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  /** Never connected: the builders only keep it. */
  private static final DataSource UNUSED = new PGSimpleDataSource();

  static Stream<Arguments> configurationNulls() {
    InrvoOptions.Builder builder = Inrvo.builder(UNUSED);
    return Stream.of(
        Arguments.of("Inrvo.create(DataSource)", "dataSource", (Executable) () -> Inrvo.create((DataSource) null)),
        Arguments.of("Inrvo.create(InrvoOptions)", "options", (Executable) () -> Inrvo.create((InrvoOptions) null)),
        Arguments.of("Inrvo.builder", "dataSource", (Executable) () -> Inrvo.builder(null)),
        Arguments.of("InrvoOptions.builder", "dataSource", (Executable) () -> InrvoOptions.builder(null)),
        Arguments.of("Inrvo.checkSchema", "dataSource", (Executable) () -> Inrvo.checkSchema(null)),
        Arguments.of("Inrvo.rotateCursorSigningKey", "dataSource",
            (Executable) () -> Inrvo.rotateCursorSigningKey(null, Duration.ZERO)),
        Arguments.of("statementTimeout", "statementTimeout", (Executable) () -> builder.statementTimeout(null)),
        Arguments.of("cursorSigningKey", "cursorSigningKey", (Executable) () -> builder.cursorSigningKey(null)),
        Arguments.of("audioStore", "audioStore", (Executable) () -> builder.audioStore(null)),
        Arguments.of("statementListener", "statementListener", (Executable) () -> builder.statementListener(null)),
        Arguments.of("readReplicas", "readReplicas", (Executable) () -> builder.readReplicas((DataSource[]) null)),
        Arguments.of("readReplicas holding null", "readReplicas",
            (Executable) () -> builder.readReplicas(new PGSimpleDataSource(), null)),
        Arguments.of("surroundingTransaction", "surroundingTransaction",
            (Executable) () -> builder.surroundingTransaction(null)),
        Arguments.of("operationListener", "operationListener", (Executable) () -> builder.operationListener(null)),
        Arguments.of("addOperationListener", "operationListener",
            (Executable) () -> builder.addOperationListener(null)),
        Arguments.of("OperationListener.andThen", "next",
            (Executable) () -> ((OperationListener) operation -> { }).andThen(null)),
        Arguments.of("maxReplicaLag", "maxReplicaLag", (Executable) () -> builder.maxReplicaLag(null)),
        Arguments.of("replicaWait", "replicaWait", (Executable) () -> builder.replicaWait(null)),
        Arguments.of("replicaCheckInterval", "replicaCheckInterval",
            (Executable) () -> builder.replicaCheckInterval(null)),
        Arguments.of("voiceLookupBatching", "voiceLookupBatching", (Executable) () -> builder.voiceLookupBatching(null)),
        Arguments.of("FileSystemAudioStore", "root", (Executable) () -> new FileSystemAudioStore(null)),
        Arguments.of("AnalyticsRefresher.builder", "dataSource", (Executable) () -> AnalyticsRefresher.builder(null)),
        Arguments.of("ReplicaReads.track", "work", (Executable) () -> ReplicaReads.track(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurationNulls")
  void aNullConfigurationArgumentIsRefusedNamingIt(String call, String field, Executable nullCall) {
    InvalidInputException e = assertThrows(InvalidInputException.class, nullCall, call);

    assertEquals(field, e.field(), call);
  }

  @Test
  void aNullTransactionWorkIsRefusedNamingItAndSendsNothing(@TestUser("alice") Session alice, CapturedStatements sql) {
    InvalidInputException function = assertThrows(InvalidInputException.class,
        () -> alice.inTransaction((Function<Session, Object>) null));
    InvalidInputException consumer = assertThrows(InvalidInputException.class,
        () -> alice.useTransaction((Consumer<Session>) null));
    InvalidInputException nested = assertThrows(InvalidInputException.class,
        () -> alice.inTransaction(session -> session.inTransaction(null)));

    assertEquals("work", function.field());
    assertEquals("work", consumer.field());
    assertEquals("work", nested.field());
    assertEquals(1, sql.size(), "only the outer transaction's context statement: " + sql);
  }
}
