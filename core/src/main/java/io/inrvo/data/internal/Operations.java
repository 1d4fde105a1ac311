package io.inrvo.data.internal;

import io.inrvo.data.CompletedOperation;
import io.inrvo.data.OperationListener;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every repository method a named operation: a session hands out a proxy of the
 * repository's interface; each call builds the repository for a new {@link Operation} (on a scope
 * that carries it) (named {@code <repository>.<method>}, {@code history.page}), so its
 * statements carry the operation's comment and count its round trips, then tells the {@link
 * OperationListener}, if any, how the call went. One place for every method of every repository,
 * and no thread-local state: the name travels with the scope.
 */
final class Operations {

  private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

  /** Operations per method, named and checked once; each call runs {@link Operation#another} of one. */
  private static final Map<Method, Operation> NAMED = new ConcurrentHashMap<>();

  private final Optional<OperationListener> listener;

  Operations(Optional<OperationListener> listener) {
    this.listener = listener;
  }

  /**
   * A {@code type} whose every call runs on a repository {@code factory} builds for the call's
   * operation (named {@code repository.method}).
   */
  <T> T repository(Class<T> type, String repository, Function<Operation, ? extends T> factory) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args, repository);
      }
      Operation operation = NAMED.computeIfAbsent(method, m -> new Operation(repository + "." + m.getName())).another();
      return run(operation, () -> {
        try {
          return method.invoke(factory.apply(operation), args);
        } catch (InvocationTargetException e) {
          throw new Rethrown(e.getCause());
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      });
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** Runs {@code work} as {@code operation} and reports it when it returns or throws. */
  <T> T run(Operation operation, Supplier<T> work) {
    long started = System.nanoTime();
    Throwable failure = null;
    try {
      return work.get();
    } catch (Rethrown e) {
      failure = e.getCause();
      throw sneaky(failure);
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      if (listener.isPresent()) {
        tell(listener.get(), operation, System.nanoTime() - started, failure);
      }
    }
  }

  private static void tell(OperationListener listener, Operation operation, long nanos, Throwable failure) {
    try {
      listener.completed(new CompletedOperation(operation.name(), Duration.ofNanos(nanos),
          Optional.ofNullable(failure).map(Throwable::getClass), operation.roundTrips()));
    } catch (RuntimeException e) {
      LOG.warn("operation listener failed; ignored", e);
    }
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args, String repository) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "Repository[" + repository + "]";
    };
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** Carries what a repository method threw through {@link Supplier#get()}, unchanged. */
  private static final class Rethrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Rethrown(Throwable cause) {
      super(null, cause, false, false);
    }
  }
}
