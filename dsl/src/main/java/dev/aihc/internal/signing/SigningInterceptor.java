package dev.aihc.internal.signing;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signs every request with BCE v1 exactly as it goes on the wire. Install it with
 * {@code OkHttpClient.Builder.addNetworkInterceptor}: only there does the request already carry the
 * {@code Host}, {@code Content-Length} and final {@code Content-Type} that OkHttp adds (a String body
 * typed {@code application/json} goes out as {@code application/json; charset=utf-8}). Installed as
 * an application interceptor it throws {@link IllegalStateException} instead of sending a request
 * the service would reject.
 *
 * <p>Per request it resolves the credentials, sets {@code x-bce-date} from the clock (and
 * {@code x-bce-security-token} for STS credentials), then sets {@code Authorization} with an explicit
 * signedHeaders list: those of {@code host}, {@code content-type}, {@code content-length},
 * {@code x-bce-content-sha256}, {@code x-bce-date} and {@code x-bce-security-token} that the request
 * carries. The body's digest ({@code x-bce-content-sha256}, which Transport sets) ties a signature to its
 * body: two requests of the same length in the same second otherwise share a signature. A retried or
 * redirected request passes through again and is signed afresh.
 */
public final class SigningInterceptor implements Interceptor {
  private static final List<String> SIGNED =
      List.of("host", "content-type", "content-length", BceSigner.CONTENT_SHA256, "x-bce-date", "x-bce-security-token");

  private final Supplier<? extends SigningKey> credentials;
  private final Clock clock;
  private final int expirationSeconds;

  /**
   * Signs with the key {@code credentials} gives for each request (a provider may rotate keys), at the
   * time of {@code clock}, valid 1800 s.
   */
  public SigningInterceptor(Supplier<? extends SigningKey> credentials, Clock clock) {
    this(credentials, clock, BceSigner.DEFAULT_EXPIRATION_SECONDS);
  }

  /** As above, with signatures valid for {@code expirationSeconds} (&gt; 0). */
  public SigningInterceptor(Supplier<? extends SigningKey> credentials, Clock clock, int expirationSeconds) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (expirationSeconds <= 0) {
      throw new IllegalArgumentException("expirationSeconds must be > 0 but was " + expirationSeconds);
    }
    this.expirationSeconds = expirationSeconds;
  }

  /**
   * Signs {@code chain.request()} and proceeds.
   *
   * @throws IllegalStateException when installed as an application interceptor
   * @throws RuntimeException whatever {@code credentials} throws when it has no key (the client's
   *     CredentialsNotFoundException)
   */
  @Override
  public Response intercept(Chain chain) throws IOException {
    if (chain.connection() == null) {
      throw new IllegalStateException("SigningInterceptor must be added with "
          + "OkHttpClient.Builder.addNetworkInterceptor(...): as an application interceptor it would sign "
          + "before OkHttp sets Host, Content-Length and Content-Type, and the service would answer "
          + "SignatureDoesNotMatch");
    }
    return chain.proceed(sign(chain.request(), credentials.get(), clock.instant(), expirationSeconds));
  }

  /**
   * Returns {@code request} with {@code x-bce-date}, the optional security token and
   * {@code Authorization} set. The request must already carry every header it will be sent with.
   */
  public static Request sign(Request request, SigningKey c, Instant now, int expirationSeconds) {
    Request.Builder builder = request.newBuilder()
        .header("x-bce-date", BceSigner.timestamp(now))
        .removeHeader("x-bce-security-token")
        .removeHeader("Authorization");
    c.sessionToken().ifPresent(token -> builder.header("x-bce-security-token", token));
    Request dated = builder.build();

    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : SIGNED) {
      String value = dated.header(name);
      if (value != null && !value.isBlank()) {
        headers.put(name, value);
      }
    }
    String authorization = BceSigner.sign(c, dated.method(), decodedPath(dated.url()), query(dated.url()),
        headers, now, expirationSeconds, new ArrayList<>(headers.keySet()));
    return dated.newBuilder().header("Authorization", authorization).build();
  }

  /** The decoded path as the server will decode it; {@code %2F} inside a segment becomes {@code /}. */
  static String decodedPath(HttpUrl url) {
    return "/" + String.join("/", url.pathSegments());
  }

  /** The decoded query, one value per name; a name without {@code =} has a null value. */
  static Map<String, String> query(HttpUrl url) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      List<String> values = url.queryParameterValues(name);
      if (values.size() > 1) {
        throw new IllegalArgumentException("query parameter '" + name + "' appears " + values.size()
            + " times; BCE signing here supports one value per name");
      }
      query.put(name, values.get(0));
    }
    return query;
  }
}
