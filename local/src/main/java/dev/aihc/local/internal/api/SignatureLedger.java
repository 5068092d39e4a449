package dev.aihc.local.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.internal.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every signature the engine accepted, while it could still be accepted, with a digest of the body it
 * came with: a signature works once, for its own body. The BCE signature covers the method, path,
 * query and some headers but not the body, so whoever saw a signed request could otherwise send another
 * body of the same length under it. The same request sent again (a client or proxy that resends what it
 * already sent) gets the first answer again, and a change is not made twice; the same signature with any
 * other body is refused. Real AIHC clients sign each attempt afresh and never meet either.
 *
 * <p>Memory: about 150 bytes a signature, plus the answer of a change (a few hundred bytes), for the
 * signature's validity (the engine's time window at most). Past {@link #MAX_ENTRIES} valid signatures
 * new ones are refused with 503 until some expire.
 */
final class SignatureLedger {
  static final int MAX_ENTRIES = 300_000;
  private static final long WAIT_FOR_FIRST_SECONDS = 60;

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private volatile int sweepAt = 4096;

  /** The first 16 bytes of a signature (HMAC-SHA256 output), plenty to tell signatures apart. */
  private record Key(long high, long low) {
    static Key of(String hexSignature) {
      ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex(hexSignature, 0, 32));
      return new Key(b.getLong(), b.getLong());
    }
  }

  /** A body's SHA-256, first 16 bytes. */
  private record Digest(long high, long low) {
    static Digest of(byte[] body) {
      try {
        ByteBuffer b = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(body));
        return new Digest(b.getLong(), b.getLong());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
    }
  }

  /** What a signature came with first, and, for a change, its answer once known. */
  private record Entry(Digest digest, long untilMillis, CompletableFuture<Answer> answer) {}

  /** An answer to give again: the JSON of a success, or the refusal. */
  private record Answer(byte[] json, ApiException refusal) {}

  /**
   * Claims {@code signature} for {@code body}.
   *
   * @param until when the engine stops accepting this signature anyway
   * @param change whether the action changes something (its answer is kept and given again)
   * @throws ApiException 403 when the signature came before with another body, 503 when the ledger is full
   */
  Claim claim(String signature, byte[] body, Instant until, boolean change) {
    Key key = Key.of(signature);
    Digest digest = Digest.of(body);
    Entry mine = new Entry(digest, until.toEpochMilli(), change ? new CompletableFuture<>() : null);
    Entry first = entries.putIfAbsent(key, mine);
    if (first == null) {
      if (entries.size() >= sweepAt) {
        try {
          sweep();
        } catch (ApiException e) {
          entries.remove(key, mine);
          throw e;
        }
      }
      return new Claim(key, mine, true);
    }
    if (!first.digest().equals(digest)) {
      throw new ApiException(403, "AccessDenied", "this signature was already used with another body; a "
          + "signature works for the body it was first sent with only. Sign every request afresh");
    }
    return new Claim(key, first, false);
  }

  private synchronized void sweep() {
    long now = System.currentTimeMillis();
    entries.values().removeIf(e -> e.untilMillis() < now);
    sweepAt = Math.max(4096, entries.size() * 2);
    if (entries.size() >= MAX_ENTRIES) {
      throw new ApiException(503, "ServiceUnavailable", "more than " + MAX_ENTRIES + " signatures are still "
          + "valid; retry in a minute, when some have expired");
    }
  }

  /** The outcome of {@link #claim}: the first request with its signature, or the same one again. */
  final class Claim {
    private final Key key;
    private final Entry entry;
    private final boolean first;

    private Claim(Key key, Entry entry, boolean first) {
      this.key = key;
      this.entry = entry;
      this.first = first;
    }

    /** Whether this is the same change sent again, whose first answer {@link #previous} gives. */
    boolean repeated() {
      return !first && entry.answer() != null;
    }

    /** The first answer (waiting for it while the first request runs), or its refusal thrown again. */
    ObjectNode previous() throws IOException {
      Answer a;
      try {
        a = entry.answer().get(WAIT_FOR_FIRST_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(503, "ServiceUnavailable", "the engine is stopping");
      } catch (ExecutionException | TimeoutException e) {
        throw new ApiException(409, "RequestInProgress", "the same request is still being handled or failed; "
            + "sign it afresh and send it again");
      }
      if (a.refusal() != null) throw a.refusal();
      return (ObjectNode) Json.mapper().readTree(a.json());
    }

    /** The first request's answer, kept for the same request sent again. */
    void answered(ObjectNode answer) throws IOException {
      if (first && entry.answer() != null) entry.answer().complete(new Answer(Json.mapper().writeValueAsBytes(answer), null));
    }

    /** The first request was refused: the same request again is refused alike. */
    void refused(ApiException e) {
      if (first && entry.answer() != null) entry.answer().complete(new Answer(null, e));
    }

    /** The first request failed unexpectedly: forget the signature, so that sending it again runs it again. */
    void failed(Throwable t) {
      if (!first) return;
      entries.remove(key, entry);
      if (entry.answer() != null) entry.answer().completeExceptionally(t);
    }
  }
}
