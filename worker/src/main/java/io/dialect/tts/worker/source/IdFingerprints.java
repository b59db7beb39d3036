package io.dialect.tts.worker.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The ids seen so far, as 64-bit fingerprints (the first 8 bytes of their SHA-256) in an
 * open-addressing table of longs: about 16 bytes per id instead of the ~100 of a HashSet of
 * strings, so a million-item source costs ~16 MiB. Two different ids share a fingerprint with a
 * probability around n²/2⁶⁵ (≈3·10⁻⁸ for a million ids); such a pair would be reported as a duplicate.
 * Not thread-safe: one source is read by one thread.
 */
final class IdFingerprints {
  private final MessageDigest sha256;
  private long[] table = new long[1 << 10];
  private int size;

  IdFingerprints() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Records the id; false if it was recorded before. */
  boolean add(String id) {
    long fingerprint = fingerprint(id);
    if (!insert(table, fingerprint)) {
      return false;
    }
    if (++size * 2 > table.length) {
      long[] larger = new long[table.length * 2];
      for (long existing : table) {
        if (existing != 0) {
          insert(larger, existing);
        }
      }
      table = larger;
    }
    return true;
  }

  private static boolean insert(long[] slots, long fingerprint) {
    int mask = slots.length - 1;
    for (int slot = (int) (fingerprint ^ (fingerprint >>> 32)) & mask; ; slot = (slot + 1) & mask) {
      if (slots[slot] == fingerprint) {
        return false;
      }
      if (slots[slot] == 0) {
        slots[slot] = fingerprint;
        return true;
      }
    }
  }

  private long fingerprint(String id) {
    byte[] digest = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << 8) | (digest[i] & 0xFF);
    }
    return value == 0 ? 1 : value; // 0 marks an empty slot
  }
}
