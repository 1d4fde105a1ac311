package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.Session;
import java.util.Objects;

/**
 * The {@link Inrvo} of {@link Inrvo#create(InrvoOptions)}: sessions over one {@link Engine}, each
 * call in its own transaction unless the caller opened one ({@link Session#inTransaction}).
 */
public final class DefaultInrvo implements Inrvo {

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
    return new ScopedSession(new Scope(engine, Checks.present(caller, "caller"), null));
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
