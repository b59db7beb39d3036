package io.dialect.tts.bench.targets;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One measured figure next to its ceiling from the same runs: the medians over the runs, their ratio and
 * whether that meets the target.
 *
 * @param target  P1..P4
 * @param what    what was measured
 * @param values  the figure, per run
 * @param ceiling what bounds it, per run (empty when the target is absolute)
 * @param goal    the target's wording
 * @param met     whether the medians meet it
 */
record Figure(String target, String what, String unit, double[] values, String ceilingName, double[] ceiling,
    String goal, boolean met, String note) {

  double median() {
    return median(values);
  }

  double ceilingMedian() {
    return ceiling.length == 0 ? Double.NaN : median(ceiling);
  }

  static double median(double[] runs) {
    double[] sorted = runs.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static double[] of(List<Double> runs) {
    return runs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  String row() {
    String ratio = ceiling.length == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * median() / ceilingMedian());
    String ceilingText = ceiling.length == 0 ? "–"
        : String.format(Locale.ROOT, "%s %s (runs %s)", number(ceilingMedian()), ceilingName, runs(ceiling));
    return String.format(Locale.ROOT, "| %s | %s | %s %s (runs %s) | %s | %s | %s | %s |", target, what,
        number(median()), unit, runs(values), ceilingText, ratio, goal, (met ? "met" : "**not met**")
            + (note.isEmpty() ? "" : "; " + note));
  }

  private static String runs(double[] values) {
    return String.join(", ", Arrays.stream(values).mapToObj(Figure::number).toList());
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }
}
