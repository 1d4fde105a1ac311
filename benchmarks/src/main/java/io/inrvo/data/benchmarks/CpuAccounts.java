package io.inrvo.data.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Where a measurement's CPU went, besides its caller threads: this JVM as a whole (callers, the
 * garbage collector, the JIT compiler, the pool's housekeeping), the PostgreSQL server's processes
 * on this machine, and the machine as a whole. A snapshot is taken before and after a run; their
 * difference, divided by the run's calls, says whether a side that makes fewer calls per second
 * spends more CPU per call, and where.
 *
 * <p>The server's share is read from {@code /proc}: user and system time of every process named
 * {@code postgres}, plus what their ended children used (so a backend or parallel worker that exits
 * during the run still counts). The machine's is the {@code cpu} line of {@code /proc/stat}: busy
 * (user, nice, system, interrupts, soft interrupts, steal) and idle (idle, I/O wait). What neither
 * process is charged with is mostly the kernel's soft interrupts, which deliver loopback packets
 * and are accounted apart from any process, and the machine's other processes. Each part is empty
 * where it cannot be read (no {@code /proc}, or a server on another machine or in a container).
 */
final class CpuAccounts {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  /** Linux reports these times in clock ticks of 1/100 s (USER_HZ) on x86-64 and ARM64. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /**
   * CPU time so far: this JVM's; the local server's, the machine's busy and idle time (all cores),
   * each when it can be read.
   */
  record Snapshot(long jvmNanos, OptionalLong serverNanos, OptionalLong machineBusyNanos,
      OptionalLong machineIdleNanos) {

    /** What was used since {@code before}. */
    Snapshot since(Snapshot before) {
      return new Snapshot(jvmNanos - before.jvmNanos, minus(serverNanos, before.serverNanos),
          minus(machineBusyNanos, before.machineBusyNanos), minus(machineIdleNanos, before.machineIdleNanos));
    }

    private static OptionalLong minus(OptionalLong after, OptionalLong before) {
      return after.isPresent() && before.isPresent()
          ? OptionalLong.of(after.getAsLong() - before.getAsLong())
          : OptionalLong.empty();
    }
  }

  private CpuAccounts() {}

  static Snapshot now() {
    long[] machine = machineTicks();
    return new Snapshot(OS.getProcessCpuTime(), serverNanos(), nanos(machine, 0), nanos(machine, 1));
  }

  /** Element {@code i} of {@code ticks} in nanoseconds; empty when {@code ticks} is. */
  private static OptionalLong nanos(long[] ticks, int i) {
    return ticks.length == 0 ? OptionalLong.empty() : OptionalLong.of(ticks[i] * NANOS_PER_TICK);
  }

  /** Busy and idle ticks of all cores from {@code /proc/stat}; no element when it cannot be read. */
  private static long[] machineTicks() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is within user)
      String[] f = cpu.trim().split("\\s+");
      if (!f[0].equals("cpu") || f.length < 9) {
        return new long[0];
      }
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return new long[] {busy, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException | RuntimeException unreadable) {
      return new long[0];
    }
  }

  private static OptionalLong serverNanos() {
    long ticks = 0;
    boolean seen = false;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        String stat;
        try {
          stat = Files.readString(process.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || !stat.substring(open + 1, close).equals("postgres")) {
          continue;
        }
        // after the name: state, ppid, ... utime is the 14th field of the line, stime, cutime, cstime follow
        String[] fields = stat.substring(close + 2).split(" ");
        for (int i = 11; i <= 14; i++) {
          ticks += Long.parseLong(fields[i]);
        }
        seen = true;
      }
    } catch (IOException | RuntimeException unreadable) {
      return OptionalLong.empty();
    }
    return seen ? OptionalLong.of(ticks * NANOS_PER_TICK) : OptionalLong.empty();
  }
}
