package io.dialect.tts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics table of docs/operations.md ({@code | `name` | type | labels | from | meaning |}): the tests that
 * scrape the operator and the gateway check that each metric documented as theirs is in a real scrape.
 */
public final class DocumentedMetrics {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|[^|]*\\|[^|]*\\| ([^|]*) \\|");

  private DocumentedMetrics() {
  }

  /**
   * @param component as the table's "from" column names it: {@code operator} or {@code gateway}
   * @return the names of the metrics documented as this component's, as Prometheus shows them
   */
  public static List<String> of(String component) {
    String docs;
    try {
      // Tests run in their module's directory, one level below the repository's root.
      docs = Files.readString(Path.of("../docs/operations.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher row = ROW.matcher(docs);
    List<String> names = new ArrayList<>();
    while (row.find()) {
      if (row.group(2).contains(component)) {
        names.add(row.group(1));
      }
    }
    return names;
  }
}
