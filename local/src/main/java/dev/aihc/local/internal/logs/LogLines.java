package dev.aihc.local.internal.logs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;

/**
 * The lines of one DescribeJobLogs page, kept as the log's bytes: a line is decoded only when asked for,
 * and written into the JSON answer as the bytes it is when they need no escaping (printable ASCII without
 * {@code "} or {@code \}), which is what a long training log mostly is; any other line is written as Jackson
 * writes a string. The answer's bytes are the same either way, at a fraction of the cost on pages of
 * megabytes.
 */
public final class LogLines extends AbstractList<String> implements JsonSerializable {
  private final byte[] buf;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private int size;

  LogLines(byte[] buf) {
    this.buf = buf;
  }

  /** Adds the line {@code buf[start, end)}. */
  void add(int start, int end) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  @Override
  public String get(int i) {
    if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
    return new String(buf, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
    if (gen instanceof TokenBuffer) {
      // turned into a tree first (the answer gets its requestId): kept whole, written when the tree is
      gen.writeEmbeddedObject(this);
      return;
    }
    boolean raw = gen instanceof UTF8JsonGenerator;
    gen.writeStartArray(this, size);
    for (int i = 0; i < size; i++) {
      if (raw && plain(starts[i], ends[i])) gen.writeRawUTF8String(buf, starts[i], ends[i] - starts[i]);
      else gen.writeString(get(i));
    }
    gen.writeEndArray();
  }

  @Override
  public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
      throws IOException {
    serialize(gen, serializers);
  }

  /** Whether the bytes are a JSON string's content as they are: printable ASCII, no quote, no backslash. */
  private boolean plain(int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (b < 0x20 || b > 0x7e || b == '"' || b == '\\') return false;
    }
    return true;
  }
}
