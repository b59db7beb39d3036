package io.dialect.tts.worker.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;

/**
 * One JSON object per line: {"id", "text", optional "dialect", "voice", "speed", "emotion"}.
 * Blank lines are skipped.
 */
final class JsonlEntryReader implements EntryReader {
  private static final ObjectReader JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .readerFor(JsonNode.class);

  private final ByteLines lines;
  private long ordinal;

  JsonlEntryReader(ByteLines lines) {
    this.lines = lines;
  }

  @Override
  public SourceEntry next() throws IOException {
    ByteLines.Line line;
    do {
      line = lines.next();
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    return parse(ordinal++, line);
  }

  private SourceEntry parse(long ordinal, ByteLines.Line line) {
    long number = line.number();
    if (line.oversized()) {
      return SourceEntry.Problem.invalidInput(ordinal, number, null,
          "line " + number + " is longer than " + ByteLines.MAX_LINE_BYTES + " bytes");
    }
    String text;
    try {
      text = lines.decode(line.bytes());
    } catch (CharacterCodingException e) {
      return SourceEntry.Problem.invalidInput(ordinal, number, recoverId(ByteLines.decodeLeniently(line.bytes())),
          "line " + number + " is not valid UTF-8");
    }
    JsonNode node;
    try {
      node = JSON.readValue(text);
    } catch (JsonProcessingException e) {
      return SourceEntry.Problem.invalidInput(ordinal, number, null,
          "line " + number + " is not valid JSON (column " + e.getLocation().getColumnNr() + ")");
    }
    if (!node.isObject()) {
      return SourceEntry.Problem.invalidInput(ordinal, number, null,
          "line " + number + " is not a JSON object");
    }
    String id = node.path("id").isTextual() ? node.get("id").textValue() : null;
    for (String field : new String[] {"id", "text", "dialect", "voice", "emotion"}) {
      if (node.has(field) && !node.get(field).isTextual() && !node.get(field).isNull()) {
        return SourceEntry.Problem.invalidInput(ordinal, number, id,
            "line " + number + ": field '" + field + "' must be a string");
      }
    }
    JsonNode speed = node.path("speed");
    if (!speed.isMissingNode() && !speed.isNull() && !speed.isNumber()) {
      return SourceEntry.Problem.invalidInput(ordinal, number, id,
          "line " + number + ": field 'speed' must be a number");
    }
    return new SourceEntry.Item(ordinal, number, new SourceItem(id, node.path("text").textValue(),
        node.path("dialect").textValue(), node.path("voice").textValue(),
        speed.isNumber() ? speed.doubleValue() : null, node.path("emotion").textValue()));
  }


  /** The id of a line whose other parts are unusable, so the problem is reported under it when possible. */
  private static String recoverId(String text) {
    try {
      JsonNode id = JSON.readTree(text).path("id");
      return id.isTextual() ? id.textValue() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
