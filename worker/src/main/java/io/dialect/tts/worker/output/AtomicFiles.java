package io.dialect.tts.worker.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file under a temporary name beside it and moves it into place in one step. The file is
 * readable by everyone (rw-r--r--, before the umask), as a file written in place would be: outputs on
 * a shared claim are read by other pods, often of another uid.
 */
final class AtomicFiles {
  private static final FileAttribute<Set<PosixFilePermission>> READABLE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

  private AtomicFiles() {
  }

  interface Content {
    void writeTo(Path temp) throws IOException;
  }

  static void write(Path target, Content content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part", READABLE);
    try {
      content.writeTo(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
