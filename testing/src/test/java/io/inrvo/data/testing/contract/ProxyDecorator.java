package io.inrvo.data.testing.contract;

import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Session;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An {@link Inrvo} decorator made of dynamic proxies: every repository call of every session
 * (inside {@code inTransaction} too) goes through an {@link Interceptor}. With {@link #HONEST} it
 * changes nothing; the contract's own tests give it interceptors that change behaviour.
 */
final class ProxyDecorator {

  /** Decides what one repository call does. */
  @FunctionalInterface
  interface Interceptor {
    /**
     * Handles {@code method} of {@code repository} called with {@code args} by {@code caller};
     * {@code proceed} makes the call on the plain repository.
     */
    Object call(Caller caller, Class<?> repository, Method method, Object[] args, Proceed proceed) throws Throwable;
  }

  /** The call on the plain repository. */
  @FunctionalInterface
  interface Proceed {
    Object call() throws Throwable;
  }

  /** Passes every call through. */
  static final Interceptor HONEST = (caller, repository, method, args, proceed) -> proceed.call();

  private ProxyDecorator() {}

  /** {@code plain}, with every repository call going through {@code interceptor}. */
  static Inrvo decorate(Inrvo plain, Interceptor interceptor) {
    return proxy(Inrvo.class, (proxy, method, args) -> wrapSessions(invoke(plain, method, args), interceptor));
  }

  private static Object wrapSessions(Object result, Interceptor interceptor) {
    return result instanceof Session session ? session(session, interceptor) : result;
  }

  @SuppressWarnings("unchecked")
  private static Session session(Session plain, Interceptor interceptor) {
    return proxy(Session.class, (proxy, method, args) -> {
      if (method.getName().equals("inTransaction")) {
        Function<Session, Object> work = (Function<Session, Object>) args[0];
        return plain.inTransaction(tx -> work.apply(session(tx, interceptor)));
      }
      if (method.getName().equals("useTransaction")) {
        Consumer<Session> work = (Consumer<Session>) args[0];
        plain.useTransaction(tx -> work.accept(session(tx, interceptor)));
        return null;
      }
      Object result = invoke(plain, method, args);
      Class<?> type = method.getReturnType();
      if (type.isInterface() && type.getPackageName().startsWith("io.inrvo.data.")) {
        return repository(type, result, plain.caller(), interceptor);
      }
      return result;
    });
  }

  private static Object repository(Class<?> type, Object plain, Caller caller, Interceptor interceptor) {
    return proxy(type, (proxy, method, args) -> method.getDeclaringClass() == Object.class
        ? invoke(plain, method, args)
        : interceptor.call(caller, type, method, args == null ? new Object[0] : args,
            () -> invoke(plain, method, args)));
  }

  private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(ProxyDecorator.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
