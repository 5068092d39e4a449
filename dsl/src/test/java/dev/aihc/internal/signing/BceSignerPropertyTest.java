package dev.aihc.internal.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import dev.aihc.client.Credentials;

/**
 * Random requests signed by {@link BceSigner#sign} verify as OK; every change to a signed part of the
 * request, and every time outside the bounds, gives the matching failure. Seeds are fixed so a
 * failure can be replayed; the assertion description names the seed.
 */
final class BceSignerPropertyTest {
  private static final int RUNS = 400;
  private static final Credentials KEYS = Credentials.of("prop-ak", "prop-sk");
  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final String[] PIECES = {
    "a", "Z", "9", "-", "_", ".", "~", " ", "+", "%", "%2F", "?", "#", "&", "=", "'", "(", ")", "*", "!",
    ":", ";", "@", "[", "]", ",", "测试", "目录", "é", "ß", "😀", "\t", "\\", "\"", "<>"
  };

  /** One random request, with its signature parameters. */
  private record Req(String method, String path, Map<String, String> query, Map<String, String> headers,
      List<String> signedHeaders, Instant timestamp, int expirationSeconds) {

    String sign() {
      return BceSigner.sign(KEYS, method, path, query, headers, timestamp, expirationSeconds, signedHeaders);
    }

    Verification verify(String auth, Instant now) {
      return BceSigner.verify(KEYS, auth, method, path, query, headers, now, WINDOW);
    }

    Req withPath(String p) {
      return new Req(method, p, query, headers, signedHeaders, timestamp, expirationSeconds);
    }

    Req withMethod(String m) {
      return new Req(m, path, query, headers, signedHeaders, timestamp, expirationSeconds);
    }

    Req withQuery(UnaryOperator<Map<String, String>> change) {
      return new Req(method, path, change.apply(new LinkedHashMap<>(query)), headers, signedHeaders,
          timestamp, expirationSeconds);
    }

    Req withHeaders(UnaryOperator<Map<String, String>> change) {
      return new Req(method, path, query, change.apply(new LinkedHashMap<>(headers)), signedHeaders,
          timestamp, expirationSeconds);
    }

    /** Header names (as given) whose values take part in the signature. */
    List<String> signedNames() {
      List<String> names = new ArrayList<>();
      headers.forEach((name, value) -> {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean signed = signedHeaders == null
            ? List.of("host", "content-length", "content-type", "content-md5").contains(lower)
                || lower.startsWith("x-bce-")
            : signedHeaders.contains(lower);
        if (signed && !value.isBlank()) {
          names.add(name);
        }
      });
      return names;
    }
  }

  @Test
  void givenRandomRequests_whenSignedThenVerified_thenOk() {
    for (long seed = 0; seed < RUNS; seed++) {
      Req req = randomRequest(new Random(seed));
      String auth = req.sign();

      assertThat(req.verify(auth, req.timestamp().plusSeconds(5)).outcome())
          .as("seed %d: %s", seed, req).isEqualTo(Verification.Outcome.OK);
    }
  }

  @Test
  void givenRandomRequests_whenOnlyEquivalentChangesAreMade_thenStillOk() {
    for (long seed = 0; seed < RUNS; seed++) {
      Random rnd = new Random(seed);
      Req req = randomRequest(rnd);
      String auth = req.sign();
      Instant now = req.timestamp();

      Req recased = req.withHeaders(h -> recase(h, rnd));
      Req nullsAsEmpty = req.withQuery(q -> {
        q.replaceAll((k, v) -> v == null ? "" : v);
        return q;
      });
      Req unsignedHeaderAdded = req.withHeaders(h -> {
        h.put("X-Trace-" + now.getEpochSecond(), "changed");
        return h;
      });

      assertThat(recased.verify(auth, now).outcome()).as("seed %d recased", seed)
          .isEqualTo(Verification.Outcome.OK);
      assertThat(nullsAsEmpty.verify(auth, now).outcome()).as("seed %d null query", seed)
          .isEqualTo(Verification.Outcome.OK);
      assertThat(unsignedHeaderAdded.verify(auth, now).outcome()).as("seed %d unsigned header", seed)
          .isEqualTo(Verification.Outcome.OK);
    }
  }

  @Test
  void givenRandomRequests_whenASignedPartIsTampered_thenSignatureMismatch() {
    for (long seed = 0; seed < RUNS; seed++) {
      Random rnd = new Random(seed);
      Req req = randomRequest(rnd);
      String auth = req.sign();
      Instant now = req.timestamp();
      List<String> signed = req.signedNames();
      String victim = signed.get(rnd.nextInt(signed.size()));
      String queryKey = List.copyOf(req.query().keySet()).get(rnd.nextInt(req.query().size()));

      Map<String, Req> tampered = new LinkedHashMap<>();
      tampered.put("header " + victim, req.withHeaders(h -> {
        h.put(victim, h.get(victim) + "x");
        return h;
      }));
      tampered.put("body length", req.withHeaders(h -> {
        h.put("Content-Length", String.valueOf(Long.parseLong(h.get("Content-Length")) + 1));
        return h;
      }));
      tampered.put("path", req.withPath(req.path() + "x"));
      tampered.put("query value " + queryKey, req.withQuery(q -> {
        String v = q.get(queryKey);
        q.put(queryKey, v == null || v.isEmpty() ? "v" : v + "x");
        return q;
      }));
      tampered.put("query added", req.withQuery(q -> {
        q.put("extra-" + now.getEpochSecond(), "1");
        return q;
      }));
      tampered.put("method", req.withMethod(req.method().equals("GET") ? "PUT" : "GET"));

      long s = seed;
      tampered.forEach((what, changed) ->
          assertThat(changed.verify(auth, now).outcome()).as("seed %d, tampered %s: %s", s, what, changed)
              .isEqualTo(Verification.Outcome.SIGNATURE_MISMATCH));
      Verification removed = req.withHeaders(h -> {
        h.remove(victim);
        return h;
      }).verify(auth, now);
      assertThat(removed.outcome()).as("seed %d, removed %s", seed, victim)
          .isEqualTo(Verification.Outcome.SIGNATURE_MISMATCH);
    }
  }

  @Test
  void givenRandomRequests_whenVerifiedOutsideTheTimeBounds_thenTimeFailure() {
    for (long seed = 0; seed < RUNS; seed++) {
      Req req = randomRequest(new Random(seed));
      String auth = req.sign();
      Instant ts = req.timestamp();

      assertThat(req.verify(auth, ts.plus(WINDOW)).outcome()).as("seed %d at window edge", seed)
          .isEqualTo(Verification.Outcome.OK);
      assertThat(req.verify(auth, ts.plus(WINDOW).plusSeconds(1)).outcome()).as("seed %d late", seed)
          .isEqualTo(Verification.Outcome.OUTSIDE_TIME_WINDOW);
      assertThat(req.verify(auth, ts.minus(WINDOW).minusSeconds(1)).outcome()).as("seed %d early", seed)
          .isEqualTo(Verification.Outcome.OUTSIDE_TIME_WINDOW);
      assertThat(req.verify(auth, ts.plusSeconds(req.expirationSeconds() + 1)).outcome())
          .as("seed %d expired", seed).isEqualTo(Verification.Outcome.EXPIRED);
    }
  }

  @Test
  void givenRandomRequests_whenCheckedWithOtherKeys_thenKeyFailures() {
    for (long seed = 0; seed < RUNS; seed++) {
      Req req = randomRequest(new Random(seed));
      String auth = req.sign();

      Verification otherSecret = BceSigner.verify(Credentials.of("prop-ak", "other-sk"), auth, req.method(),
          req.path(), req.query(), req.headers(), req.timestamp(), WINDOW);
      Verification otherKey = BceSigner.verify(Credentials.of("other-ak", "prop-sk"), auth, req.method(),
          req.path(), req.query(), req.headers(), req.timestamp(), WINDOW);

      assertThat(otherSecret.outcome()).as("seed %d", seed).isEqualTo(Verification.Outcome.SIGNATURE_MISMATCH);
      assertThat(otherKey.outcome()).as("seed %d", seed).isEqualTo(Verification.Outcome.ACCESS_KEY_MISMATCH);
    }
  }

  private static Req randomRequest(Random rnd) {
    String method = List.of("GET", "POST", "PUT", "DELETE").get(rnd.nextInt(4));
    StringBuilder path = new StringBuilder();
    for (int i = 0, n = rnd.nextInt(4); i < n; i++) {
      path.append('/').append(randomText(rnd, 0, 4));
    }
    Map<String, String> query = new HashMap<>(); // HashMap: null values allowed
    for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
      int kind = rnd.nextInt(5);
      query.put(randomText(rnd, 1, 3), kind == 0 ? null : kind == 1 ? "" : randomText(rnd, 1, 5));
    }
    Instant ts = Instant.ofEpochSecond(1_400_000_000L + rnd.nextInt(400_000_000));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "h" + rnd.nextInt(100) + ".example.com" + (rnd.nextBoolean() ? ":" + rnd.nextInt(65536) : ""));
    headers.put("Content-Length", String.valueOf(rnd.nextInt(100_000)));
    headers.put("Content-Type", rnd.nextBoolean() ? "application/json; charset=utf-8" : " text/plain ");
    headers.put("x-bce-date", BceSigner.timestamp(ts));
    if (rnd.nextBoolean()) {
      headers.put("X-Bce-Meta-" + randomAscii(rnd), randomText(rnd, 1, 4));
    }
    if (rnd.nextBoolean()) {
      headers.put("x-bce-empty", "");
    }
    headers.put("User-Agent", "prop/" + rnd.nextInt(10));
    List<String> signedHeaders = null;
    if (rnd.nextBoolean()) {
      signedHeaders = new ArrayList<>(List.of("content-length")); // so the body-length tamper is signed
      for (String name : headers.keySet()) {
        if (rnd.nextBoolean() && !headers.get(name).isEmpty()) {
          signedHeaders.add(rnd.nextBoolean() ? name : name.toLowerCase(Locale.ROOT));
        }
      }
    }
    int expiration = 1800 + rnd.nextInt(3600); // longer than WINDOW, so the two time failures differ
    return new Req(method, path.toString(), query, headers, signedHeaders, ts, expiration);
  }

  private static Map<String, String> recase(Map<String, String> headers, Random rnd) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(rnd.nextBoolean() ? k.toUpperCase(Locale.ROOT) : k.toLowerCase(Locale.ROOT), v));
    return out;
  }

  private static String randomText(Random rnd, int min, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = min + rnd.nextInt(max - min + 1); i < n; i++) {
      sb.append(rnd.nextInt(3) == 0 ? Character.toString(0x20 + rnd.nextInt(0x2fff)) : PIECES[rnd.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static String randomAscii(Random rnd) {
    return Integer.toString(rnd.nextInt(1 << 20), 36);
  }
}
