package io.dialect.tts.bench.targets;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU used by the worker processes and by this JVM (gateway + vendor) during a job. On a busy machine
 * wall-clock rates say little; CPU per item says what the machine's cores would allow.
 */
final class CpuTime {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<ProcessHandle> workers;
  private final Map<Long, Duration> lastSeen = new ConcurrentHashMap<>();
  private final long thisJvmAtStart = OS.getProcessCpuTime();
  private volatile long thisJvmAtEnd = -1;

  CpuTime(List<ProcessHandle> workers) {
    this.workers = workers;
  }

  /** Reads each live worker's CPU time (a process's is gone once it has exited) and this JVM's. */
  void sample() {
    for (ProcessHandle worker : workers) {
      worker.info().totalCpuDuration().ifPresent(cpu -> lastSeen.put(worker.pid(), cpu));
    }
    thisJvmAtEnd = OS.getProcessCpuTime();
  }

  double workerSeconds() {
    return lastSeen.values().stream().mapToLong(Duration::toNanos).sum() / 1e9;
  }

  double thisJvmSeconds() {
    return thisJvmAtEnd < 0 ? 0 : (thisJvmAtEnd - thisJvmAtStart) / 1e9;
  }
}
