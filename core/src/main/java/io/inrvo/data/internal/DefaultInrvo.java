package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.Session;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Inrvo} of {@link Inrvo#create(InrvoOptions)}: sessions over one {@link Engine}, each
 * call in its own transaction unless the caller opened one ({@link Session#inTransaction}).
 * {@link #close()} stops the read replicas' background check (which also ends by itself once the
 * instance is no longer referenced); without replicas it does nothing.
 */
public final class DefaultInrvo implements Inrvo, AutoCloseable {

  private final Engine engine;

  private DefaultInrvo(InrvoOptions options) {
    this.engine = Engine.of(options);
  }

  /** An instance for {@code options}, after the startup schema check unless the options turn it off. */
  public static Inrvo create(InrvoOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.startupSchemaCheck()) {
      SchemaGuard.verify(options.dataSource());
    }
    return new DefaultInrvo(options);
  }

  @Override
  public Session session(Caller caller) {
    Checks.present(caller, "caller");
    // without replicas nothing reads or moves a session's position: one shared, unused holder
    return new ScopedSession(new Scope(engine, caller, null,
        engine.replicas() == null ? Consistency.UNUSED : new Consistency(0)));
  }

  @Override
  public List<ReplicaStatus> replicas() {
    return engine.replicas() == null ? List.of() : engine.replicas().statuses();
  }

  @Override
  public void close() {
    if (engine.replicas() != null) {
      engine.replicas().close();
    }
  }

  @Override
  public InrvoOptions options() {
    return engine.options();
  }

  /** What this instance's sessions run on. */
  Engine engine() {
    return engine;
  }
}
