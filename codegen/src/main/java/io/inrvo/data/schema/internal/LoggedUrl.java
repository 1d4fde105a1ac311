package io.inrvo.data.schema.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A data source whose connections report their URL without parameters or user information, for
 * Flyway, which logs the URL its connection reports at INFO ({@code Database: jdbc:...}). A JDBC
 * URL can carry a password ({@code password=}, {@code sslpassword=}, {@code user:secret@host}) and,
 * from pgjdbc's own data source, every driver property; Flyway masks only some of them. Everything
 * else about the connections is the underlying data source's: the proxies change {@link
 * DatabaseMetaData#getURL()} and nothing more.
 */
public final class LoggedUrl {

  private static final Pattern USER_INFO = Pattern.compile("//[^/@?]*@");

  private LoggedUrl() {}

  /**
   * {@code dataSource}, with connections whose metadata reports {@link #withoutCredentials} of
   * their URL.
   *
   * @param dataSource the data source to wrap
   * @return a data source that borrows every connection from {@code dataSource}
   */
  public static DataSource hidingCredentials(DataSource dataSource) {
    return proxy(DataSource.class, dataSource, (method, result) -> result instanceof Connection c ? connection(c) : result);
  }

  /**
   * The URL without its parameters and user information: {@code jdbc:postgresql://host:port/db}.
   *
   * @param url a JDBC URL, or null
   * @return the URL up to its query string, without {@code user:password@}; null for null
   */
  public static String withoutCredentials(String url) {
    if (url == null) {
      return null;
    }
    int query = url.indexOf('?');
    return USER_INFO.matcher(query < 0 ? url : url.substring(0, query)).replaceFirst("//");
  }

  private static Connection connection(Connection connection) {
    Connection[] self = new Connection[1];
    self[0] = proxy(Connection.class, connection, (method, result) -> result instanceof DatabaseMetaData metadata
        ? proxy(DatabaseMetaData.class, metadata, (m, r) -> switch (m.getName()) {
          case "getURL" -> withoutCredentials((String) r);
          case "getConnection" -> self[0]; // as a driver's: the connection the metadata came from
          default -> r;
        })
        : result);
    return self[0];
  }

  /** How a proxy changes what a call of the target returned. */
  @FunctionalInterface
  private interface Rewrite {
    Object apply(Method method, Object result);
  }

  private static <T> T proxy(Class<T> type, T target, Rewrite rewrite) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("equals") && method.getParameterCount() == 1) {
        return proxy == args[0];
      }
      if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
        return System.identityHashCode(proxy);
      }
      try {
        return rewrite.apply(method, method.invoke(target, args));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
