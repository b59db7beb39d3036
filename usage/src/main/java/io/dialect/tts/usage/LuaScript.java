package io.dialect.tts.usage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script from the classpath, run by its SHA-1 (EVALSHA) and sent in full (EVAL) only when
 * Redis does not know it yet, e.g. after a restart or a SCRIPT FLUSH.
 */
final class LuaScript {
  private final String source;
  private final String sha;

  private LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  /** A script next to this class, e.g. "reserve.lua". */
  static LuaScript fromResource(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("script missing from the classpath: " + name);
      }
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the script; it must return a Lua table (a Redis array). */
  List<Object> run(RedisCommands<String, String> redis, String[] keys, String... args) {
    try {
      return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(source, ScriptOutputType.MULTI, keys, args);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
