package io.dialect.tts.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A short, stable hex hash for deriving deterministic object names. */
public final class NameHash {
  private NameHash() {
  }

  /** The first {@code chars} hex digits of the SHA-256 of {@code value}. */
  public static String of(String value, int chars) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, chars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
