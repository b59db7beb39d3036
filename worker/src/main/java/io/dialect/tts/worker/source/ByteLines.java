package io.dialect.tts.worker.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Physical lines of a stream as bytes, one at a time. Lines are decoded separately (and strictly),
 * so one line of bad UTF-8 spoils only itself; a line longer than {@link #MAX_LINE_BYTES} is
 * reported, not buffered, so no single line can exhaust the heap.
 */
final class ByteLines implements Closeable {
  /** Room for a maximal item even with every character JSON-escaped, and then some. */
  static final int MAX_LINE_BYTES = 4 << 20;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /**
   * @param oversized   the line was longer than the limit; {@code bytes} holds only its start
   * @param quotesOdd   the line holds an odd number of '"' bytes (a CSV field continues on the next line);
   *                    exact even for bad UTF-8, as '"' never occurs inside a multi-byte sequence
   */
  record Line(long number, byte[] bytes, boolean oversized, boolean quotesOdd) {
    boolean isBlank() {
      for (byte b : bytes) {
        if (b != ' ' && b != '\t') {
          return false;
        }
      }
      return !oversized;
    }
  }

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int position;
  private int limit;
  private long lineNumber;
  private byte[] line = new byte[256];

  ByteLines(InputStream in) {
    this.in = in;
  }

  /** The next line without its terminator (LF or CRLF), or null at the end of the stream. */
  Line next() throws IOException {
    int length = 0;
    boolean oversized = false;
    boolean quotesOdd = false;
    boolean sawAny = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!sawAny) {
          return null;
        }
        break;
      }
      sawAny = true;
      byte b = buffer[position++];
      if (b == '\n') {
        break;
      }
      if (b == '"') {
        quotesOdd = !quotesOdd;
      }
      if (length == MAX_LINE_BYTES) {
        oversized = true;
        continue;
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
      }
      line[length++] = b;
    }
    lineNumber++;
    if (!oversized && length > 0 && line[length - 1] == '\r') {
      length--;
    }
    int start = lineNumber == 1 && startsWithBom(length) ? BOM.length : 0;
    return new Line(lineNumber, Arrays.copyOfRange(line, start, length), oversized, quotesOdd);
  }

  /** Decodes a line as UTF-8, refusing malformed input. */
  String decode(byte[] bytes) throws CharacterCodingException {
    return strict.reset().decode(ByteBuffer.wrap(bytes)).toString();
  }

  /** Decodes with replacement characters: only to recover an id for a problem report. */
  static String decodeLeniently(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private boolean startsWithBom(int length) {
    return length >= BOM.length && line[0] == BOM[0] && line[1] == BOM[1] && line[2] == BOM[2];
  }

  private boolean fill() throws IOException {
    int read = in.read(buffer);
    if (read <= 0) {
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
