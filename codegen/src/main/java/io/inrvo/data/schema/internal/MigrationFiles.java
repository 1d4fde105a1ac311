package io.inrvo.data.schema.internal;

import io.inrvo.data.schema.InrvoSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Reads the migration scripts that ship with this module, without a database. */
public final class MigrationFiles {

  private static final String FOLDER = "io/inrvo/data/schema/migrations/";

  private MigrationFiles() {}

  /**
   * A short hex digest over every migration's name and content: equal digests mean equal schemas.
   * The test kit names its template database after it, so a changed migration gets a new template.
   */
  public static String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> file : scripts().entrySet()) {
        digest.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(file.getValue());
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * The versions the shipped scripts declare ({@code V<version>__<description>.sql}), in numeric
   * order: what a migration of an empty database applies.
   */
  public static java.util.List<String> versions() {
    return scripts().keySet().stream()
        .map(name -> name.substring(1, name.indexOf("__")))
        .sorted(java.util.Comparator.comparing(java.math.BigInteger::new))
        .toList();
  }

  /** Every migration script by file name, in name order. */
  public static Map<String, byte[]> scripts() {
    URL folder = InrvoSchema.class.getClassLoader().getResource(FOLDER);
    if (folder == null) {
      throw new IllegalStateException("no " + FOLDER + " on the classpath of " + InrvoSchema.class);
    }
    Map<String, byte[]> scripts = new TreeMap<>();
    try {
      if ("jar".equals(folder.getProtocol())) {
        String jarPath = folder.getPath().substring("file:".length(), folder.getPath().indexOf('!'));
        try (JarFile jar = new JarFile(java.net.URLDecoder.decode(jarPath, java.nio.charset.StandardCharsets.UTF_8))) {
          for (var entry : java.util.Collections.list(jar.entries())) {
            if (entry.getName().startsWith(FOLDER) && entry.getName().endsWith(".sql")) {
              try (InputStream in = jar.getInputStream(entry)) {
                scripts.put(entry.getName().substring(FOLDER.length()), in.readAllBytes());
              }
            }
          }
        }
      } else {
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
          for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".sql"))::iterator) {
            scripts.put(file.getFileName().toString(), Files.readAllBytes(file));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read migrations from " + folder, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unreadable migration folder " + folder, e);
    }
    return scripts;
  }
}
