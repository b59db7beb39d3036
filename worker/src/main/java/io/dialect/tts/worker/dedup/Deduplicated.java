package io.dialect.tts.worker.dedup;

/** A de-duplicated value and how this call came by it, so billing is counted where it happened. */
public record Deduplicated<T>(T value, Origin origin) {

  public enum Origin {
    /** This call ran the producer: it is billed here. */
    PRODUCED,
    /** Another call in this process was already working on the key; this one shared its outcome. */
    JOINED,
    /** Found by the lookup, put there by a peer (another worker, or a call that finished just before). */
    CACHED
  }

  public static <T> Deduplicated<T> produced(T value) {
    return new Deduplicated<>(value, Origin.PRODUCED);
  }

  public static <T> Deduplicated<T> joined(T value) {
    return new Deduplicated<>(value, Origin.JOINED);
  }

  public static <T> Deduplicated<T> cached(T value) {
    return new Deduplicated<>(value, Origin.CACHED);
  }

  public boolean producedHere() {
    return origin == Origin.PRODUCED;
  }
}
