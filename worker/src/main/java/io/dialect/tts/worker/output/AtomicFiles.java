package io.dialect.tts.worker.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file under a temporary name beside it and moves it into place in one step. */
final class AtomicFiles {
  private AtomicFiles() {
  }

  interface Content {
    void writeTo(Path temp) throws IOException;
  }

  static void write(Path target, Content content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
    try {
      content.writeTo(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
