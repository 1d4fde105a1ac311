package io.inrvo.data.cache;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that passes every request through to another, except the next one after {@link
 * #holdNext}: that one waits at the gate until the test opens it, then connects or fails; and,
 * between {@link #refuse(boolean) refuse(true)} and {@code refuse(false)}, every request fails as a
 * server that cannot be reached would (SQLSTATE 08001).
 */
public final class GateDataSource implements DataSource {

  private final DataSource delegate;
  private final AtomicReference<Gate> armed = new AtomicReference<>();
  private volatile boolean refusing;

  public GateDataSource(DataSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Holds the next connection request at a gate; {@code fail}: it then fails with SQLSTATE 08001. */
  public Gate holdNext(boolean fail) {
    Gate gate = new Gate(fail);
    if (!armed.compareAndSet(null, gate)) {
      throw new IllegalStateException("a gate is already set");
    }
    return gate;
  }

  /** From now on every connection request fails ({@code true}), or none does ({@code false}). */
  public void refuse(boolean refuse) {
    this.refusing = refuse;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (refusing) {
      throw new SQLException("connection refused by the test", "08001");
    }
    Gate gate = armed.getAndSet(null);
    if (gate != null) {
      gate.entered.countDown();
      Await.await(gate.open, "the test to open the gate");
      if (gate.fail) {
        throw new SQLException("connection refused by the test's gate", "08001");
      }
    }
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return delegate.getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate.isWrapperFor(type);
  }

  /** One held connection request. */
  public static final class Gate {
    private final boolean fail;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    private Gate(boolean fail) {
      this.fail = fail;
    }

    /** Waits until a connection request is held here. */
    public void awaitEntered() {
      Await.await(entered, "a connection request at the gate");
    }

    /** Lets the held request go on (to connect, or to fail). */
    public void open() {
      open.countDown();
    }
  }
}
