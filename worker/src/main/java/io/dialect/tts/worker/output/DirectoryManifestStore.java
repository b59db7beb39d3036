package io.dialect.tts.worker.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Manifest files in the output directory, appended in place. */
public final class DirectoryManifestStore implements ManifestStore {
  private final DirectoryPlace place;

  public DirectoryManifestStore(Path base, String prefix) {
    this(new DirectoryPlace(base, prefix));
  }

  DirectoryManifestStore(DirectoryPlace place) {
    this.place = place;
  }

  @Override
  public ManifestWriter open(String fileName) throws IOException {
    return ManifestWriter.appendingTo(place.pathForWriting(fileName));
  }

  @Override
  public EarlierResults earlier(String fileName) throws IOException {
    Path path = place.path(fileName);
    return Files.isRegularFile(path) ? EarlierResults.read(Files.newInputStream(path)) : EarlierResults.NONE;
  }

  @Override
  public String merge(List<String> partNames, String fileName) throws IOException {
    Path target = place.pathForWriting(fileName);
    AtomicFiles.write(target, temp -> {
      try (OutputStream out = Files.newOutputStream(temp)) {
        for (String part : partNames) {
          Path path = place.path(part);
          if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "manifest part missing");
          }
          Files.copy(path, out);
        }
      }
    });
    return place.uri(fileName);
  }

  @Override
  public String uriOf(String fileName) {
    return place.uri(fileName);
  }
}
