package io.inrvo.data.audio;

import io.inrvo.data.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An {@link AudioStore} on a local folder, <strong>for demos and tests</strong>: it serves nothing
 * over HTTP, and its URLs ({@code file:} URIs) only mean something on this machine. Production
 * stores audio in object storage (Supabase Storage, S3) behind its own implementation.
 *
 * <p>Audio goes to {@code <root>/<ownerId>/<random UUID>.<extension>}, the extension following the
 * content type ({@code audio/mpeg} gives {@code .mp3}, {@code audio/wav} {@code .wav}, and so on).
 * Each file is written to a temporary file in the same folder, forced to disk and then renamed with
 * an atomic move, so a reader never sees a partial file. The key is the path relative to the root;
 * the URL is the file's {@code file:} URI.
 *
 * <p>Thread-safe: it holds no mutable state, and every file gets a name of its own.
 */
public final class FileSystemAudioStore implements AudioStore {

  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("mpeg", "mp3"), Map.entry("mp3", "mp3"), Map.entry("wav", "wav"), Map.entry("wave", "wav"),
      Map.entry("x-wav", "wav"), Map.entry("vnd.wave", "wav"), Map.entry("ogg", "ogg"), Map.entry("opus", "opus"),
      Map.entry("webm", "webm"), Map.entry("mp4", "m4a"), Map.entry("x-m4a", "m4a"), Map.entry("aac", "aac"),
      Map.entry("flac", "flac"), Map.entry("x-flac", "flac"));

  private final Path root;

  /**
   * A store writing under {@code root}; the folder is created when missing.
   *
    * @param root the folder to write under; made absolute
   * @throws UncheckedIOException when {@code root} cannot be created
   * @throws io.inrvo.data.InvalidInputException on field {@code root} when it is null
    */
  public FileSystemAudioStore(Path root) {
    this.root = Checks.present(root, "root").toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the audio folder " + this.root, e);
    }
  }

  /**
   * The folder this store writes under.
   *
   * @return the folder, absolute and normalized
   */
  public Path root() {
    return root;
  }

  /**
   * Writes the bytes to a new file under the owner's folder.
   *
   * @throws IllegalArgumentException when {@code audio} is empty or {@code contentType} is not an
   *     {@code audio/...} type
   * @throws UncheckedIOException when the file cannot be written (nothing is left behind then)
   */
  @Override
  public StoredAudio store(UUID ownerId, byte[] audio, String contentType) {
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(audio, "audio");
    if (audio.length == 0) {
      throw new IllegalArgumentException("audio must not be empty");
    }
    String extension = extension(Objects.requireNonNull(contentType, "contentType"));
    Path folder = root.resolve(ownerId.toString());
    Path target = folder.resolve(UUID.randomUUID() + "." + extension);
    Path temporary = null;
    try {
      Files.createDirectories(folder);
      temporary = Files.createTempFile(folder, ".upload-", ".tmp");
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(audio);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true); // durable before the row that points at it is written
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      temporary = null;
      forceQuietly(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store audio under " + folder, e);
    } finally {
      if (temporary != null) {
        deleteQuietly(temporary);
      }
    }
    return new StoredAudio(root.relativize(target).toString().replace('\\', '/'), target.toUri().toString());
  }

  /**
   * Deletes the file {@code audio} names; does nothing when it is already gone.
   *
   * @throws IllegalArgumentException when the key does not name a file under this store's root
   * @throws UncheckedIOException when the file exists but cannot be deleted
   */
  @Override
  public void delete(StoredAudio audio) {
    Objects.requireNonNull(audio, "audio");
    Path file = root.resolve(audio.key()).normalize();
    // A key is only ever one this store issued: never follow one out of the root.
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException("not a key of this store: " + audio.key());
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete stored audio " + file, e);
    }
  }

  private static String extension(String contentType) {
    String type = contentType.strip().toLowerCase(Locale.ROOT);
    int parameters = type.indexOf(';');
    if (parameters >= 0) {
      type = type.substring(0, parameters).strip();
    }
    if (!type.startsWith("audio/") || type.length() == "audio/".length()) {
      throw new IllegalArgumentException("contentType must be an audio/... type, got " + contentType);
    }
    String subtype = type.substring("audio/".length());
    String known = EXTENSIONS.get(subtype);
    if (known != null) {
      return known;
    }
    // Unknown subtypes keep a file-name-safe form of their own name.
    String safe = subtype.replaceAll("[^a-z0-9]", "");
    return safe.isEmpty() ? "bin" : safe.substring(0, Math.min(16, safe.length()));
  }

  // The rename is durable once its folder is synced; POSIX allows that, other systems may not.
  private static void forceQuietly(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not supported here (for example on Windows): the file itself was forced already
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: a leftover ".upload-*.tmp" file is never referenced by a row
    }
  }

  @Override
  public String toString() {
    return "FileSystemAudioStore[" + root + "]";
  }
}
