package io.inrvo.data.history;

import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotSignedUpException;
import io.inrvo.data.audio.AudioStore;
import io.inrvo.data.audio.FileSystemAudioStore;
import io.inrvo.data.audio.StoredAudio;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HistorySaveWithAudioTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private static final byte[] AUDIO = "ID3 not really an mp3".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path root;

  private FileSystemAudioStore store;
  private Inrvo inrvo;

  /** An Inrvo of the test's own, storing audio in the test's directory; the class's capture hears it. */
  @BeforeEach
  void instance(DataSource ds, CapturedStatements sql) {
    store = new FileSystemAudioStore(root);
    inrvo = Inrvo.builder(ds).statementListener(sql).audioStore(store).build();
  }

  @Test
  void theRowPointsAtTheStoredFileHoldingTheBytes(@TestUser("alice") UUID alice, CapturedStatements sql) throws IOException {
    UUID id = inrvo.asUser(alice).history().saveWithAudio(NewMeditation.withPrompt("with audio"), AUDIO, "audio/mpeg");
    int statements = sql.size();

    String url = inrvo.asUser(alice).history().find(id).orElseThrow().summary().audioUrl().orElseThrow();
    Path file = Path.of(URI.create(url));

    assertArrayEquals(AUDIO, Files.readAllBytes(file));
    assertEquals(root.toAbsolutePath().resolve(alice.toString()), file.getParent());
    assertTrue(file.getFileName().toString().endsWith(".mp3"), file.toString());
    assertEquals(List.of(file), files(root));
    assertEquals(2, statements, "the context statement and the save");
  }

  @Test
  void whenTheDatabaseRejectsTheRowTheStoredFileIsDeleted(DataSource ds, CapturedStatements sql) {
    UUID ghost = UUID.randomUUID(); // no public.users row: the foreign key fails

    NotSignedUpException e = assertThrows(NotSignedUpException.class, () -> inrvo.asUser(ghost).history()
        .saveWithAudio(NewMeditation.withPrompt("doomed"), AUDIO, "audio/wav"));

    assertEquals("23503", e.sqlState().orElseThrow());
    assertEquals(List.of(), files(root));
    assertEquals(0, TestSql.count(ds, "select count(*) from public.meditation_history where user_id = ?", ghost));
    assertTrue(sql.all().stream().anyMatch(s -> s.sql().contains("save_meditation_with_audio")));
  }

  @Test
  void aFailingDeleteIsAddedAsSuppressedAndTheSaveFailureStillPropagates(DataSource ds) {
    UncheckedIOException deleteFailure = new UncheckedIOException(new IOException("disk gone"));
    AtomicInteger deletes = new AtomicInteger();
    AudioStore failingDelete = new AudioStore() {
      @Override
      public StoredAudio store(UUID ownerId, byte[] audio, String contentType) {
        return store.store(ownerId, audio, contentType);
      }

      @Override
      public void delete(StoredAudio audio) {
        deletes.incrementAndGet();
        throw deleteFailure;
      }
    };
    Inrvo withFailingStore = Inrvo.builder(ds).audioStore(failingDelete).build();

    NotSignedUpException e = assertThrows(NotSignedUpException.class, () -> withFailingStore.asUser(UUID.randomUUID())
        .history().saveWithAudio(NewMeditation.withPrompt("doomed"), AUDIO, "audio/ogg"));

    assertEquals(1, deletes.get());
    assertEquals(1, e.getSuppressed().length);
    assertSame(deleteFailure, e.getSuppressed()[0]);
  }

  @Test
  void withoutAnAudioStoreItFailsNamingTheOptionAndStoresAndSendsNothing(@TestUser("alice") UUID alice, DataSource ds, CapturedStatements sql) {
    Inrvo storeless = Inrvo.builder(ds).statementListener(sql).build();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> storeless.asUser(alice).history()
        .saveWithAudio(NewMeditation.withPrompt("nowhere to go"), AUDIO, "audio/mpeg"));

    assertTrue(e.getMessage().contains("InrvoOptions.Builder#audioStore"), e.getMessage());
    sql.assertNothingSent();
  }

  @Test
  void badArgumentsAreRejectedBeforeAnythingIsStoredOrSent(@TestUser("alice") UUID alice, CapturedStatements sql) {
    MeditationHistoryRepository history = inrvo.asUser(alice).history();
    NewMeditation ok = NewMeditation.withPrompt("fine");

    assertInvalid("audio", () -> history.saveWithAudio(ok, null, "audio/mpeg"));
    assertInvalid("audio", () -> history.saveWithAudio(ok, new byte[0], "audio/mpeg"));
    assertInvalid("audio", () -> history.saveWithAudio(ok, new byte[50 * 1024 * 1024 + 1], "audio/mpeg"));
    assertInvalid("contentType", () -> history.saveWithAudio(ok, AUDIO, null));
    assertInvalid("contentType", () -> history.saveWithAudio(ok, AUDIO, "video/mp4"));
    assertInvalid("contentType", () -> history.saveWithAudio(ok, AUDIO, "audio/"));
    assertInvalid("contentType", () -> history.saveWithAudio(ok, AUDIO, "audio/../../etc"));
    assertInvalid("audioUrl", () -> history.saveWithAudio(ok.withAudioUrl("https://elsewhere/a.mp3"), AUDIO, "audio/mpeg"));
    assertInvalid("prompt", () -> history.saveWithAudio(NewMeditation.withPrompt(" "), AUDIO, "audio/mpeg"));
    assertInvalid("meditation", () -> history.saveWithAudio(null, AUDIO, "audio/mpeg"));

    assertEquals(List.of(), files(root));
    sql.assertNothingSent();
  }

  @Test
  void theLargestAudioAndTypeParametersAreAccepted(@TestUser("alice") UUID alice) throws IOException {
    byte[] largest = new byte[50 * 1024 * 1024];
    largest[largest.length - 1] = 7;

    UUID id = inrvo.asUser(alice).history()
        .saveWithAudio(NewMeditation.withPrompt("long one"), largest, "audio/ogg; codecs=opus");

    Path file = Path.of(URI.create(inrvo.asUser(alice).history().find(id).orElseThrow().summary().audioUrl().orElseThrow()));
    assertEquals(largest.length, Files.size(file));
    assertTrue(file.toString().endsWith(".ogg"), file.toString());
  }

  @Test
  void aServiceSessionIsNotAuthenticatedAndStoresNothing(CapturedStatements sql) {
    assertThrows(NotAuthenticatedException.class, () -> inrvo.asService().history()
        .saveWithAudio(NewMeditation.withPrompt("job"), AUDIO, "audio/mpeg"));

    assertEquals(List.of(), files(root));
    sql.assertNothingSent();
  }

  @Test
  void aStoreFailurePropagatesAndNoRowIsWritten(@TestUser("alice") UUID alice, DataSource ds, CapturedStatements sql) {
    UncheckedIOException storeFailure = new UncheckedIOException(new IOException("bucket unavailable"));
    AudioStore broken = new AudioStore() {
      @Override
      public StoredAudio store(UUID ownerId, byte[] audio, String contentType) {
        throw storeFailure;
      }

      @Override
      public void delete(StoredAudio audio) {
        throw new AssertionError("nothing was stored");
      }
    };
    Inrvo withBrokenStore = Inrvo.builder(ds).statementListener(sql).audioStore(broken).build();

    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> withBrokenStore.asUser(alice).history()
        .saveWithAudio(NewMeditation.withPrompt("never saved"), AUDIO, "audio/mpeg"));

    assertSame(storeFailure, e);
    sql.assertNothingSent();
  }

  /** The documented limit: a rollback of the caller's transaction cannot un-store the audio. */
  @Test
  void insideARolledBackTransactionTheRowIsGoneButTheAudioStays(@TestUser("alice") UUID alice, DataSource ds) {
    assertThrows(IllegalStateException.class, () -> inrvo.asUser(alice).useTransaction(s -> {
      s.history().saveWithAudio(NewMeditation.withPrompt("rolled back with audio"), AUDIO, "audio/mpeg");
      throw new IllegalStateException("the caller's transaction fails later");
    }));

    assertEquals(0, TestSql.count(ds, "select count(*) from public.meditation_history where prompt = 'rolled back with audio'"));
    assertEquals(1, files(root).size());
  }

  @Test
  void theFileSystemStoreDeletesIdempotentlyAndOnlyUnderItsRoot(@TestUser("alice") UUID alice) throws IOException {
    StoredAudio stored = store.store(alice, AUDIO, "audio/x-wav");

    store.delete(stored);
    store.delete(stored);

    assertEquals(List.of(), files(root));
    assertTrue(stored.key().startsWith(alice + "/"), stored.key());
    Path outside = Files.writeString(root.getParent().resolve("outside-" + UUID.randomUUID() + ".txt"), "keep");
    try {
      assertThrows(IllegalArgumentException.class,
          () -> store.delete(new StoredAudio("../" + outside.getFileName(), "file:///x")));
      assertTrue(Files.exists(outside));
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void theFileSystemStoreGivesConcurrentStoresFilesOfTheirOwn(@TestUser("alice") UUID alice) throws Exception {
    int threads = 4;
    int perThread = 25;
    List<Thread> workers = new ArrayList<>();
    Set<String> urls = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      byte[] bytes = ("thread " + t).getBytes(StandardCharsets.US_ASCII);
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < perThread; i++) {
          urls.add(store.store(alice, bytes, "audio/flac").url());
        }
      });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertEquals(threads * perThread, urls.size());
    assertEquals(threads * perThread, files(root).size());
    for (Path file : files(root)) {
      assertTrue(Files.readString(file).startsWith("thread "), file.toString());
      assertTrue(file.toString().endsWith(".flac"), file.toString());
    }
  }

  /** Every regular file under {@code folder}, temporary files included. */
  private static List<Path> files(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).map(Path::toAbsolutePath).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
