package io.dialect.tts.worker.source;

import java.util.Objects;

/**
 * One entry of an item source, in source order. The ordinal (0-based, counting every entry,
 * problems included) decides the shard; the line (1-based, where the entry starts; for inline
 * items its position in the list) locates it for the user.
 */
public sealed interface SourceEntry {

  long ordinal();

  long line();

  /** The manifest id: the item's own id, or for a problem without a usable one {@code line-N}. */
  String id();

  /** An item that can be synthesized (once validated by {@link ItemValidator}). */
  record Item(long ordinal, long line, SourceItem item) implements SourceEntry {
    public Item {
      Objects.requireNonNull(item, "item");
    }

    @Override
    public String id() {
      return item.id();
    }
  }

  /** An entry that cannot be synthesized; the rest of the source goes on. */
  record Problem(long ordinal, long line, String id, ProblemReason reason, String message) implements SourceEntry {
    public Problem {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** A problem reported under the entry's id, or under {@code line-N} when none could be recovered (null). */
    public static Problem of(long ordinal, long line, String idOrNull, ProblemReason reason, String message) {
      return new Problem(ordinal, line, idOrNull == null ? syntheticId(line) : idOrNull, reason, message);
    }

    /** An entry that cannot be read as an item. */
    public static Problem invalidInput(long ordinal, long line, String idOrNull, String message) {
      return of(ordinal, line, idOrNull, ProblemReason.InvalidInput, message);
    }

    /** The same problem under another id. */
    Problem withId(String otherId) {
      return new Problem(ordinal, line, otherId, reason, message);
    }
  }

  static String syntheticId(long line) {
    return "line-" + line;
  }
}
