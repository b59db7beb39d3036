package io.dialect.tts.bench.targets;

import java.nio.file.Path;
import java.util.List;

/**
 * What one data-path job did.
 *
 * @param timeline     (seconds since the workers were launched, audio files written) samples
 * @param written      audio files in the output when the workers had exited
 * @param vendorServed the vendor's 200 answers during the job
 * @param vendorRefused its 429 answers during the job
 * @param workerCpuSeconds CPU the worker processes used (last reading before they exited)
 * @param gatewayCpuSeconds CPU this JVM used meanwhile: the gateway and the simulated vendor
 */
record JobRun(String name, int items, List<Integer> exitCodes, double seconds, List<double[]> timeline, long written,
    long vendorServed, long vendorRefused, double workerCpuSeconds, double gatewayCpuSeconds, Path audioDir,
    Path jobDir) {

  /** Every worker exited 0 and every item has its audio file: a number from a broken run would be a lie. */
  JobRun requireComplete() {
    if (exitCodes.stream().anyMatch(code -> code != 0) || written != items) {
      throw new IllegalStateException("job " + name + " did not complete: exit codes " + exitCodes + ", " + written
          + " of " + items + " audio files (worker logs in " + jobDir + ")");
    }
    return this;
  }

  /** Items per second from launch to the last worker's exit (JVM start-up included). */
  double wallRate() {
    return items / seconds;
  }

  /**
   * Items per second while the workers were in their stride: between the samples where 10 % and 90 % of
   * the audio files were written (leaves out JVM start-up and the last stragglers).
   */
  double sustainedRate() {
    double[] from = firstReaching(0.10);
    double[] to = firstReaching(0.90);
    if (from == null || to == null || to[0] <= from[0]) {
      return wallRate();
    }
    return (to[1] - from[1]) / (to[0] - from[0]);
  }

  /** Seconds from launch to the first audio file. */
  double firstAudioSeconds() {
    double[] first = firstReaching(Double.MIN_VALUE);
    return first == null ? Double.NaN : first[0];
  }

  double refusedShare() {
    long calls = vendorServed + vendorRefused;
    return calls == 0 ? 0 : (double) vendorRefused / calls;
  }

  private double[] firstReaching(double share) {
    double needed = Math.max(1, share * items);
    return timeline.stream().filter(sample -> sample[1] >= needed).findFirst().orElse(null);
  }
}
