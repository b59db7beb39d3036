package io.dialect.tts.worker.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A job's output place in a directory: files are {@code {base}/{prefix}{name}} and never outside base.
 *
 * @param uriBase what a file's URI starts with instead of its local path: {@code pvc://CLAIM/} for a
 *                claim mounted in a pod (the path means nothing to the claim's readers); null for a
 *                local directory ({@code file:} URIs)
 */
record DirectoryPlace(Path base, String prefix, String uriBase) {

  DirectoryPlace {
    base = Objects.requireNonNull(base, "base").toAbsolutePath().normalize();
    prefix = OutputPrefix.normalize(prefix);
  }

  DirectoryPlace(Path base, String prefix) {
    this(base, prefix, null);
  }

  /** The URI a manifest and the status give for the file. */
  String uri(String fileName) {
    Path path = path(fileName);
    return uriBase == null ? path.toUri().toString() : uriBase + base.relativize(path);
  }

  Path path(String fileName) {
    Path path = base.resolve(prefix).resolve(fileName).normalize();
    if (!path.startsWith(base)) {
      throw new IllegalArgumentException("'" + prefix + fileName + "' resolves outside the output directory");
    }
    return path;
  }

  /**
   * The file's path with its directory created, checked again after following symbolic links, so a
   * link planted in the volume cannot redirect a write elsewhere.
   */
  Path pathForWriting(String fileName) throws IOException {
    Path path = path(fileName);
    Path directory = Files.createDirectories(path.getParent()).toRealPath();
    if (!directory.startsWith(Files.createDirectories(base).toRealPath())) {
      throw new IllegalArgumentException("'" + prefix + "' leads outside the output directory");
    }
    return directory.resolve(path.getFileName());
  }
}
