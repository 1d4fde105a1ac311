package io.inrvo.data.internal;

import io.inrvo.data.DatabaseErrors;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;

/**
 * The cursor keys kept in the database ({@code inrvo_meta.cursor_signing_keys}),
 * read and rotated as {@code service_role}, which the library's login may switch to; {@code anon}
 * and {@code authenticated} cannot read them.
 *
 * <p>No round trip per page: the keys are loaded once (when the instance is created, or at the
 * first cursor) and kept. They are loaded again when a cursor names a key newer than any this
 * instance knows (a rotation through another instance), and before signing once the loaded set is
 * older than {@link #REFRESH} (so an instance stops signing with a rotated key within a minute, and
 * learns of an expiry set elsewhere as late). Expiry is measured on this JVM's monotonic clock from the
 * database's {@code expires_at - now()}, so clock skew between hosts does not matter.
 */
final class CursorKeyStore implements CursorKeys {

  static final String SCHEMA = "inrvo_meta";
  static final String TABLE = "cursor_signing_keys";
  /** The columns the statements below use, for the startup check ({@link ExpectedSchema}). */
  static final Map<String, DataType<?>> COLUMNS;

  static {
    Map<String, DataType<?>> columns = new LinkedHashMap<>();
    columns.put("id", SQLDataType.INTEGER);
    columns.put("secret", SQLDataType.BLOB);
    columns.put("created_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    columns.put("expires_at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    COLUMNS = java.util.Collections.unmodifiableMap(columns);
  }

  /** How long a loaded set of keys is used for signing before it is loaded again. */
  static final Duration REFRESH = Duration.ofMinutes(1);

  private static final String AS_SERVICE = Operation.comment("cursorKeys.asService") + "select pg_catalog.set_config('role', 'service_role', true)";
  private static final String LOAD = Operation.comment("cursorKeys.load") + "select id, secret, (extract(epoch from (expires_at - now())) * 1000)::bigint "
      + "from inrvo_meta.cursor_signing_keys where expires_at is null or expires_at > now() order by id";
  private static final String EXPIRE = Operation.comment("cursorKeys.rotate") + "update inrvo_meta.cursor_signing_keys "
      + "set expires_at = least(coalesce(expires_at, 'infinity'), now() + ? * interval '1 millisecond') "
      + "where expires_at is null or expires_at > now()";
  private static final String ADD = Operation.comment("cursorKeys.rotate") + "insert into inrvo_meta.cursor_signing_keys (secret) values (?) returning id";

  private record Loaded(List<Key> keys, long atNanos) {}

  private final DataSource dataSource;
  private volatile Loaded loaded;

  CursorKeyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Loads the keys now, so that the first page costs no extra round trip. */
  CursorKeyStore preload() {
    reload();
    return this;
  }

  @Override
  public Key signing() {
    Loaded current = loaded;
    if (stale(current)) {
      current = refresh();
    }
    long now = System.nanoTime();
    for (int i = current.keys().size() - 1; i >= 0; i--) {
      if (current.keys().get(i).acceptedAt(now)) {
        return current.keys().get(i);
      }
    }
    throw new io.inrvo.data.SchemaMismatchException("no cursor signing key in " + SCHEMA + "." + TABLE
        + " is current: rotate one with Inrvo.rotateCursorSigningKey(dataSource, grace)");
  }

  @Override
  public Optional<Key> accepted(int id) {
    Loaded current = loaded;
    if (current == null) {
      current = refresh();
    }
    Optional<Key> key = find(current, id);
    if (key.isEmpty() && id > current.keys().stream().mapToInt(Key::id).max().orElse(0)) {
      key = find(reload(), id); // a key added since: a rotation through another instance
    }
    return key.filter(k -> k.acceptedAt(System.nanoTime()));
  }

  private static Optional<Key> find(Loaded loaded, int id) {
    return loaded.keys().stream().filter(k -> k.id() == id).findFirst();
  }

  private static boolean stale(Loaded loaded) {
    return loaded == null || System.nanoTime() - loaded.atNanos() > REFRESH.toNanos();
  }

  /**
   * The keys, reloaded unless another thread did while this one waited: when they go stale under
   * load, one caller reloads them and the others use its result, instead of each making a round
   * trip in turn.
   */
  private synchronized Loaded refresh() {
    Loaded current = loaded;
    return stale(current) ? reload() : current;
  }

  private synchronized Loaded reload() {
    Loaded fresh = asService(dataSource, c -> {
      List<Key> keys = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LOAD)) {
        long now = System.nanoTime();
        while (rs.next()) {
          long validMillis = rs.getLong(3);
          long expiresAt = rs.wasNull() ? Long.MAX_VALUE : now + Duration.ofMillis(validMillis).toNanos();
          keys.add(new Key(rs.getInt(1), rs.getBytes(2), expiresAt));
        }
      }
      return new Loaded(List.copyOf(keys), System.nanoTime());
    });
    loaded = fresh;
    return fresh;
  }

  /**
   * Adds a new signing key and gives every current key an expiry {@code grace} from now (a key
   * that expires sooner keeps its expiry), in one transaction as {@code service_role}.
   *
   * @return the new key's id
   */
  static int rotate(DataSource dataSource, Duration grace) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return asService(dataSource, c -> {
      try (PreparedStatement expire = c.prepareStatement(EXPIRE); PreparedStatement add = c.prepareStatement(ADD)) {
        expire.setLong(1, grace.toMillis());
        expire.executeUpdate();
        add.setBytes(1, secret);
        try (ResultSet rs = add.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  /** Work of this class on one connection. */
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction of its own as {@code service_role}, its statements unnamed
   * on the server like every statement of the library ({@link Connections}) and led by their
   * {@code cursorKeys.*} comment; translates failures.
   */
  private static <T> T asService(DataSource dataSource, Work<T> work) {
    Connections.Borrowed borrowed = null;
    boolean committed = false;
    try {
      borrowed = Connections.borrow(dataSource);
      Connection c = borrowed.connection();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(AS_SERVICE);
      }
      T result = work.run(c);
      c.commit();
      committed = true;
      return result;
    } catch (SQLException | RuntimeException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      if (borrowed != null) {
        Connections.release(borrowed, committed);
      }
    }
  }
}
