package io.dialect.tts.worker.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long text into chunks a provider accepts, preferring to cut where a speaker pauses:
 * after sentence ends (。！？； and ASCII .!?; before a space), at newlines, then after commas, and
 * only as a last resort in the middle of a clause. Lengths are counted in code points.
 */
public final class SentenceSplitter {
  private static final String SENTENCE_ENDS_CJK = "。！？；…";
  private static final String SENTENCE_ENDS_ASCII = ".!?;";
  private static final String CLAUSE_ENDS = "，、：,:";

  private SentenceSplitter() {
  }

  /** Chunks of at most {@code maxCodePoints} each, in order, whitespace-only pieces dropped. */
  public static List<String> split(String text, int maxCodePoints) {
    if (maxCodePoints < 1) {
      throw new IllegalArgumentException("maxCodePoints must be positive");
    }
    List<String> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String sentence : pieces(text, true)) {
      for (String part : fit(sentence, maxCodePoints)) {
        if (length(current) + length(part) > maxCodePoints) {
          flush(current, chunks);
        }
        current.append(part);
      }
    }
    flush(current, chunks);
    return chunks;
  }

  /** A sentence that fits, or its clauses packed to fit, or hard cuts of a clause that cannot. */
  private static List<String> fit(String sentence, int max) {
    if (length(sentence) <= max) {
      return List.of(sentence);
    }
    List<String> parts = new ArrayList<>();
    for (String clause : pieces(sentence, false)) {
      int[] cps = clause.codePoints().toArray();
      for (int from = 0; from < cps.length; from += max) {
        parts.add(new String(cps, from, Math.min(max, cps.length - from)));
      }
    }
    return parts;
  }

  /** Cuts after each sentence end (or clause end), keeping the punctuation with what it ends. */
  private static List<String> pieces(String text, boolean sentences) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      int next = i + Character.charCount(c);
      if (endsPiece(c, text, next, sentences)) {
        out.add(text.substring(start, next));
        start = next;
      }
      i = next;
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  private static boolean endsPiece(int c, String text, int next, boolean sentences) {
    if (!sentences) {
      return CLAUSE_ENDS.indexOf(c) >= 0;
    }
    if (c == '\n' || SENTENCE_ENDS_CJK.indexOf(c) >= 0) {
      return true;
    }
    // "3.14" and "e.g." mid-word are not sentence ends: ASCII marks count before whitespace or the end.
    return SENTENCE_ENDS_ASCII.indexOf(c) >= 0 && (next >= text.length() || Character.isWhitespace(text.codePointAt(next)));
  }

  private static void flush(StringBuilder current, List<String> chunks) {
    String chunk = current.toString().strip();
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    current.setLength(0);
  }

  private static int length(CharSequence s) {
    return Character.codePointCount(s, 0, s.length());
  }
}
