package io.inrvo.data.faults;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every call a fault scenario makes: which worker, which operation, when it started and ended, and
 * what it threw. A call may throw only what the scenario allows ({@code UnavailableException}
 * while a fault lasts); anything else, assertion failures of the calls' own checks included, is
 * kept as unexpected and fails the scenario. Prints throughput and p50/p99 per operation as the
 * suite's figures: reported, never asserted on.
 */
final class Figures {

  /** One finished call; {@code failure} is the simple name of what it threw, or null. */
  record Call(int worker, String operation, long startNanos, long endNanos, String failure) {
    long nanos() {
      return endNanos - startNanos;
    }

    boolean ok() {
      return failure == null;
    }
  }

  private final String scenario;
  private final Predicate<Throwable> allowed;
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
  private final long began = System.nanoTime();
  private final LongAdder total = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /**
   * @param scenario names the figures in the output
   * @param allowed what a call may throw without failing the scenario
   */
  Figures(String scenario, Predicate<Throwable> allowed) {
    this.scenario = scenario;
    this.allowed = allowed;
  }

  /** Runs and records one call; empty when it threw (an allowed failure, or an unexpected one kept for later). */
  <T> Optional<T> call(int worker, String operation, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      T value = call.get();
      calls.add(new Call(worker, operation, start, System.nanoTime(), null));
      total.increment();
      return Optional.ofNullable(value);
    } catch (RuntimeException | AssertionError e) {
      calls.add(new Call(worker, operation, start, System.nanoTime(), e.getClass().getSimpleName()));
      failed.increment();
      total.increment();
      if (!(e instanceof RuntimeException) || !allowed.test(e)) {
        unexpected.add(e);
      }
      return Optional.empty();
    }
  }

  /** {@link #call} for a call without a value; whether it succeeded. */
  boolean run(int worker, String operation, Runnable call) {
    return call(worker, operation, () -> {
      call.run();
      return Boolean.TRUE;
    }).isPresent();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  long count() {
    return total.sum();
  }

  long failures() {
    return failed.sum();
  }

  long successes() {
    return total.sum() - failed.sum();
  }

  /** Failures by the simple name of their class. */
  Map<String, Long> failuresByClass() {
    return calls.stream().filter(c -> !c.ok()).collect(Collectors.groupingBy(Call::failure, TreeMap::new, Collectors.counting()));
  }

  /** The first call to succeed that ended after {@code nanos}, if any. */
  Optional<Call> firstSuccessAfter(long nanos) {
    return calls.stream().filter(c -> c.ok() && c.endNanos() >= nanos).min((a, b) -> Long.compare(a.endNanos(), b.endNanos()));
  }

  /** Fails with the unexpected exceptions (the first three with their stack traces). */
  void assertNothingUnexpected() {
    if (unexpected.isEmpty()) {
      return;
    }
    StringWriter out = new StringWriter();
    PrintWriter print = new PrintWriter(out);
    print.printf("%s: %d calls threw what the scenario does not allow: %s%n", scenario, unexpected.size(),
        unexpected.stream().map(e -> e.getClass().getSimpleName()).collect(Collectors.groupingBy(n -> n, TreeMap::new,
            Collectors.counting())));
    unexpected.stream().limit(3).forEach(e -> e.printStackTrace(print));
    throw new AssertionError(out.toString());
  }

  /** Prints one line per operation and a total, each prefixed {@code [faults]}, to standard output. */
  void print() {
    double seconds = Duration.ofNanos(System.nanoTime() - began).toNanos() / 1e9;
    Map<String, List<Call>> byOperation = calls.stream().collect(Collectors.groupingBy(Call::operation, TreeMap::new,
        Collectors.toList()));
    byOperation.forEach((operation, list) -> System.out.println(line(operation, list, seconds)));
    System.out.println(line("all operations", List.copyOf(calls), seconds));
  }

  private String line(String operation, List<Call> list, double seconds) {
    List<Long> ok = new ArrayList<>(list.stream().filter(Call::ok).map(Call::nanos).sorted().toList());
    Map<String, Long> failed = list.stream().filter(c -> !c.ok())
        .collect(Collectors.groupingBy(Call::failure, TreeMap::new, Collectors.counting()));
    return String.format("[faults] %s | %-26s | %6d calls | %5d failed %-28s | %7.0f calls/s | p50 %7.2f ms | p99 %7.2f ms",
        scenario, operation, list.size(), list.size() - ok.size(), failed.isEmpty() ? "" : failed.toString(),
        list.size() / seconds, millis(ok, 0.50), millis(ok, 0.99));
  }

  private static double millis(List<Long> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
