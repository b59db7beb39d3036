package io.dialect.tts.worker.cache;

/**
 * A cache tier that is switched on cannot work as configured (unreachable, missing bucket, no write
 * permission). Raised at start-up so a broken tier stops the worker instead of silently missing.
 */
public class CacheTierMisconfiguredException extends IllegalStateException {

  public CacheTierMisconfiguredException(String tier, String problem, Throwable cause) {
    super("cache tier '" + tier + "' is misconfigured: " + problem, cause);
  }
}
