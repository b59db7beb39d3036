package io.dialect.tts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics table of docs/operations.md ({@code | `name` | type | labels | from | meaning |}): the tests that
 * scrape the operator and the gateway check that each metric documented as theirs is in a real scrape, with
 * exactly the labels the table names.
 */
public final class DocumentedMetrics {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|[^|]*\\|([^|]*)\\|([^|]*)\\|");
  /** A label's values or meaning, in parentheses after its name: not a label. */
  private static final Pattern EXPLANATION = Pattern.compile("\\([^)]*\\)");
  private static final Pattern NAME = Pattern.compile("`([a-z_]+)`");
  private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");
  /** What Prometheus adds to a histogram's or summary's series besides the metric's own labels. */
  private static final Set<String> SERIES_PARTS = Set.of("_bucket", "_count", "_sum", "_max");
  private static final Set<String> SERIES_LABELS = Set.of("le", "quantile");

  /** A documented metric: its name as Prometheus shows it and its label names. */
  public record Metric(String name, Set<String> labels) {
  }

  private DocumentedMetrics() {
  }

  /**
   * @param component as the table's "from" column names it: {@code operator} or {@code gateway}
   * @return the metrics documented as this component's
   */
  public static List<Metric> of(String component) {
    String docs;
    try {
      // Tests run in their module's directory, one level below the repository's root.
      docs = Files.readString(Path.of("../docs/operations.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher row = ROW.matcher(docs);
    List<Metric> metrics = new ArrayList<>();
    while (row.find()) {
      if (row.group(3).contains(component)) {
        Set<String> labels = new TreeSet<>();
        NAME.matcher(EXPLANATION.matcher(row.group(2)).replaceAll("")).results().forEach(m -> labels.add(m.group(1)));
        metrics.add(new Metric(row.group(1), labels));
      }
    }
    return metrics;
  }

  /**
   * Where a Prometheus scrape and the table disagree for this component: a documented metric without a
   * series, or a series whose label names are not the documented ones. Empty when they agree.
   */
  public static List<String> disagreements(String component, String scrape) {
    List<String> found = new ArrayList<>();
    for (Metric metric : of(component)) {
      int series = 0;
      for (String line : scrape.split("\n")) {
        Matcher matcher = SERIES.matcher(line);
        if (line.startsWith("#") || !matcher.find() || !isSeriesOf(matcher.group(1), metric.name())) {
          continue;
        }
        series++;
        Set<String> labels = new TreeSet<>();
        if (matcher.group(2) != null) {
          LABEL.matcher(matcher.group(2)).results().map(m -> m.group(1)).filter(l -> !SERIES_LABELS.contains(l))
              .forEach(labels::add);
        }
        if (!labels.equals(metric.labels())) {
          found.add("%s has labels %s, documented %s".formatted(line, labels, metric.labels()));
        }
      }
      if (series == 0) {
        found.add(metric.name() + " is documented but has no series");
      }
    }
    return found;
  }

  private static boolean isSeriesOf(String series, String metric) {
    return series.equals(metric) || series.startsWith(metric)
        && SERIES_PARTS.contains(series.substring(metric.length()));
  }
}
