package io.dialect.tts.worker.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A RIFF/WAVE file reduced to what joining needs: its {@code fmt } chunk and its PCM samples.
 * Tolerates streaming writers (espeak-ng {@code --stdout}) that leave placeholder sizes in the header.
 */
public record WavContainer(byte[] fmt, byte[] pcm) {

  public static WavContainer parse(byte[] wav) {
    ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || !"RIFF".equals(tag(in, 0)) || !"WAVE".equals(tag(in, 8))) {
      throw new IllegalArgumentException("not a RIFF/WAVE file");
    }
    byte[] fmt = null;
    int at = 12;
    while (at + 8 <= wav.length) {
      String id = tag(in, at);
      long declared = Integer.toUnsignedLong(in.getInt(at + 4));
      int body = at + 8;
      int size = (int) Math.min(declared, wav.length - body);
      if ("fmt ".equals(id)) {
        fmt = Arrays.copyOfRange(wav, body, body + size);
      } else if ("data".equals(id)) {
        if (fmt == null) {
          throw new IllegalArgumentException("WAVE data chunk before its fmt chunk");
        }
        return new WavContainer(fmt, Arrays.copyOfRange(wav, body, body + size));
      }
      at = body + size + (size & 1);
    }
    throw new IllegalArgumentException("WAVE file has no " + (fmt == null ? "fmt" : "data") + " chunk");
  }

  /** A well-formed file with sizes that match the samples. */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(12 + 8 + fmt.length + 8 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(ascii("RIFF")).putInt(4 + 8 + fmt.length + 8 + pcm.length).put(ascii("WAVE"));
    out.put(ascii("fmt ")).putInt(fmt.length).put(fmt);
    out.put(ascii("data")).putInt(pcm.length).put(pcm);
    return out.array();
  }

  /** Whether samples of the other file can follow these unchanged (same encoding, rate, channels). */
  public boolean sameFormat(WavContainer other) {
    return Arrays.equals(fmt, other.fmt);
  }

  public WavContainer append(WavContainer next) {
    if (!sameFormat(next)) {
      throw new IllegalArgumentException("WAVE chunks differ in sample format and cannot be joined");
    }
    byte[] joined = Arrays.copyOf(pcm, pcm.length + next.pcm.length);
    System.arraycopy(next.pcm, 0, joined, pcm.length, next.pcm.length);
    return new WavContainer(fmt, joined);
  }

  public Duration duration() {
    int byteRate = ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    return Duration.ofNanos(pcm.length * 1_000_000_000L / byteRate);
  }

  private static String tag(ByteBuffer in, int at) {
    byte[] b = new byte[4];
    in.get(at, b);
    return new String(b, StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String tag) {
    return tag.getBytes(StandardCharsets.US_ASCII);
  }
}
