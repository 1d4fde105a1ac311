package io.inrvo.data.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts what goes over the wire: statement executions and commits/rollbacks.
 * pgjdbc sends BEGIN together with the first statement of a transaction, and a statement string
 * holding several statements in one message sequence, so executions + commits + rollbacks is the
 * number of round trips. Used only by the audit, never in a timed benchmark.
 */
final class CountingDataSource {

  final AtomicInteger executions = new AtomicInteger();
  final AtomicInteger commits = new AtomicInteger();
  final AtomicInteger rollbacks = new AtomicInteger();

  DataSource wrap(DataSource target) {
    return proxy(DataSource.class, target, (method, result) ->
        method.getName().equals("getConnection") ? proxy(Connection.class, result, this::onConnection) : result);
  }

  void reset() {
    executions.set(0);
    commits.set(0);
    rollbacks.set(0);
  }

  int roundTrips() {
    return executions.get() + commits.get() + rollbacks.get();
  }

  private Object onConnection(Method method, Object result) {
    switch (method.getName()) {
      case "commit" -> commits.incrementAndGet();
      case "rollback" -> rollbacks.incrementAndGet();
      case "prepareStatement", "createStatement", "prepareCall" -> {
        Class<? extends Statement> type = result instanceof java.sql.CallableStatement
            ? java.sql.CallableStatement.class
            : result instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        return proxy(type, result, this::onStatement);
      }
      default -> {
        // not a round trip we count
      }
    }
    return result;
  }

  private Object onStatement(Method method, Object result) {
    if (method.getName().startsWith("execute")) {
      executions.incrementAndGet();
    }
    return result;
  }

  /** What to do with the result of a call on the real object. */
  private interface After {
    Object apply(Method method, Object result);
  }

  private static <T> T proxy(Class<T> type, Object target, After after) {
    InvocationHandler handler = (self, method, args) -> {
      if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
        return invoke(method, target, args);
      }
      return after.apply(method, invoke(method, target, args));
    };
    return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
