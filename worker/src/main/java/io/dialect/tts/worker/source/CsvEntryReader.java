package io.dialect.tts.worker.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CSV with a header row naming the columns: id and text, optionally dialect, voice, speed, emotion,
 * in any order. A quoted field may hold commas, doubled quotes and line breaks; records are put
 * together from physical lines by counting quotes on the bytes, then each record is decoded
 * strictly and parsed on its own. Empty optional fields mean "the job's value".
 */
final class CsvEntryReader implements EntryReader {
  private static final Set<String> COLUMNS = Set.of("id", "text", "dialect", "voice", "speed", "emotion");
  private static final ObjectReader ROW = new CsvMapper().readerFor(String[].class);

  private final ByteLines lines;
  private List<String> header;
  private long ordinal;

  CsvEntryReader(ByteLines lines) {
    this.lines = lines;
  }

  private record Record(long line, byte[] bytes, boolean oversized) {
  }

  @Override
  public SourceEntry next() throws IOException {
    if (header == null) {
      header = readHeader();
      if (header == null) {
        return null;
      }
    }
    Record record = nextRecord();
    return record == null ? null : parse(ordinal++, record);
  }

  private List<String> readHeader() throws IOException {
    Record record = nextRecord();
    if (record == null) {
      return null;
    }
    String[] names;
    try {
      names = parseRow(lines.decode(record.bytes()));
    } catch (CharacterCodingException | JsonProcessingException e) {
      throw new InvalidSourceException("the CSV header (line " + record.line() + ") is not valid UTF-8 CSV", e);
    }
    List<String> columns = new ArrayList<>();
    for (String name : names) {
      String column = name.trim();
      if (!COLUMNS.contains(column) || columns.contains(column)) {
        throw new InvalidSourceException("the CSV header has an unknown or repeated column '" + column
            + "'; columns are id, text, dialect, voice, speed, emotion");
      }
      columns.add(column);
    }
    if (!columns.contains("id") || !columns.contains("text")) {
      throw new InvalidSourceException("the CSV header must name the columns id and text");
    }
    return columns;
  }

  /** Physical lines joined until their quotes balance; blank lines between records are skipped. */
  private Record nextRecord() throws IOException {
    ByteLines.Line line;
    do {
      line = lines.next();
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    long start = line.number();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean oversized = false;
    boolean open = false;
    while (line != null) {
      oversized |= line.oversized() || bytes.size() + line.bytes().length > ByteLines.MAX_LINE_BYTES;
      if (!oversized) {
        if (line.number() != start) {
          bytes.write('\n');
        }
        bytes.write(line.bytes());
      }
      open ^= line.quotesOdd();
      if (!open) {
        break;
      }
      line = lines.next();
    }
    return new Record(start, bytes.toByteArray(), oversized);
  }

  private SourceEntry parse(long ordinal, Record record) {
    long line = record.line();
    if (record.oversized()) {
      return SourceEntry.Problem.invalidInput(ordinal, line, null,
          "the record at line " + line + " is longer than " + ByteLines.MAX_LINE_BYTES + " bytes");
    }
    String text;
    try {
      text = lines.decode(record.bytes());
    } catch (CharacterCodingException e) {
      return SourceEntry.Problem.invalidInput(ordinal, line, recoverId(ByteLines.decodeLeniently(record.bytes())),
          "the record at line " + line + " is not valid UTF-8");
    }
    String[] fields;
    try {
      fields = parseRow(text);
    } catch (JsonProcessingException e) {
      return SourceEntry.Problem.invalidInput(ordinal, line, null, "the record at line " + line + " is not valid CSV");
    }
    String id = column(fields, "id");
    if (fields.length != header.size()) {
      return SourceEntry.Problem.invalidInput(ordinal, line, id, "the record at line " + line + " has " + fields.length
          + " fields; the header names " + header.size());
    }
    String speed = column(fields, "speed");
    Double parsedSpeed = null;
    if (speed != null) {
      try {
        parsedSpeed = Double.valueOf(speed.trim());
      } catch (NumberFormatException e) {
        return SourceEntry.Problem.invalidInput(ordinal, line, id,
            "the record at line " + line + ": speed must be a number");
      }
    }
    return new SourceEntry.Item(ordinal, line, new SourceItem(id, column(fields, "text"),
        column(fields, "dialect"), column(fields, "voice"), parsedSpeed, column(fields, "emotion")));
  }

  /** The field of a column, null when the column is absent or the field empty. */
  private String column(String[] fields, String name) {
    int index = header.indexOf(name);
    return index < 0 || index >= fields.length || fields[index].isEmpty() ? null : fields[index];
  }

  private String recoverId(String text) {
    try {
      return column(parseRow(text), "id");
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String[] parseRow(String text) throws JsonProcessingException {
    String[] row = ROW.readValue(text);
    return row == null ? new String[0] : row;
  }
}
