package io.dialect.tts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;

/**
 * A copy of a Helm chart that helm-java can render. helm-java renders for Kubernetes v1.20 and has no
 * {@code --kube-version}, so Chart.yaml's {@code kubeVersion} would refuse every render; the copy leaves that
 * line out (the charts module's ChartLifecycleTest checks the constraint itself).
 */
public final class StagedChart {
  private StagedChart() {
  }

  /** Copies {@code chart} to {@code target} (replacing what was there) without its kubeVersion; returns target. */
  public static Path withoutKubeVersion(Path chart, Path target) {
    try {
      if (Files.exists(target)) {
        PathUtils.deleteDirectory(target); // a file the chart no longer has must not linger in the copy
      }
      PathUtils.copyDirectory(chart, target);
      Path chartYaml = target.resolve("Chart.yaml");
      Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*\\R", ""));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
