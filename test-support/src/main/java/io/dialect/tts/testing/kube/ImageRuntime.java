package io.dialect.tts.testing.kube;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an image "contains" for {@link ProcessKubelet}: the entry point a container of that image runs
 * (the image's ENTRYPOINT, followed by the container's {@code command}/{@code args} as a container
 * runtime does), the environment the image sets (its ENV lines) and the files it ships (host files
 * bind-mounted read-only at their path in the image, e.g. {@code /app/tts-worker.jar}).
 *
 * @param repository the image name without tag; a container's image matches when it equals this or
 *                   starts with {@code repository + ":"}
 */
public record ImageRuntime(String repository, List<String> entrypoint, Map<String, String> env,
    Map<String, Path> files) {
  public ImageRuntime {
    Objects.requireNonNull(repository, "repository");
    entrypoint = List.copyOf(entrypoint);
    env = Map.copyOf(env);
    files = Map.copyOf(files);
  }

  public ImageRuntime(String repository, List<String> entrypoint, Map<String, String> env) {
    this(repository, entrypoint, env, Map.of());
  }

  boolean runs(String image) {
    return image != null && (image.equals(repository) || image.startsWith(repository + ":")
        || image.startsWith(repository + "@"));
  }
}
