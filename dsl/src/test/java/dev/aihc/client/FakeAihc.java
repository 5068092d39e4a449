package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import dev.aihc.internal.json.Json;
import dev.aihc.internal.signing.AsTheService;
import dev.aihc.internal.signing.Verification;

/**
 * A scripted AIHC on a real {@link MockWebServer}: answers per {@code action}, first from that action's
 * queue of one-off answers, then from its standing handler, else a 404 naming the unscripted action.
 * Records every request with its arrival time, and checks requests the way the service would.
 */
public final class FakeAihc extends Dispatcher {
  static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
  static final String NOW_TEXT = "2026-03-04T05:06:07Z";
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Credentials KEYS = Credentials.of("AKtest0000000000", "SKtest-not-a-real-secret");
  static final String POOL = "cce-default";
  static final String QUEUE = "default";
  /** Small and fast, same shape as the default: 3 retries, doubling from 40 ms. */
  static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(40), Duration.ofSeconds(1));

  private final Map<String, Deque<Function<RecordedRequest, MockResponse>>> once = new ConcurrentHashMap<>();
  private final Map<String, Function<RecordedRequest, MockResponse>> always = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  /** One request as it arrived. */
  public record Received(RecordedRequest request, long nanos) {
    String action() {
      return request.getUrl().queryParameter("action");
    }

    JsonNode body() {
      return json(request.getBody() == null ? "" : request.getBody().utf8());
    }
  }

  /**
   * A server (not yet started, for {@code @StartStop}) whose connections send small segments at once:
   * with Nagle's algorithm on, each answer waits ~40 ms for a delayed ACK and the suite crawls.
   */
  public static MockWebServer newServer() {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(new ServerSocketFactory() {
      @Override
      public ServerSocket createServerSocket() throws IOException {
        return new ServerSocket() {
          @Override
          public Socket accept() throws IOException {
            Socket socket = super.accept();
            socket.setTcpNoDelay(true);
            return socket;
          }
        };
      }

      @Override
      public ServerSocket createServerSocket(int port) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
      }

      @Override
      public ServerSocket createServerSocket(int port, int backlog) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
      }

      @Override
      public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
        throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
      }
    });
    return server;
  }

  /** Installs this fake on {@code server}. */
  public static FakeAihc on(MockWebServer server) {
    FakeAihc fake = new FakeAihc();
    server.setDispatcher(fake);
    return fake;
  }

  /** A client for {@code server} with test defaults: fixed clock, fast retries and polling, short timeouts. */
  public static AihcClient.Builder client(MockWebServer server) {
    return AihcClient.builder().endpoint(server.url("/").toString()).pool(POOL).queue(QUEUE)
        .credentials(KEYS).clock(CLOCK).sink(OutputSink.silent()).retries(FAST_RETRIES)
        .pollInterval(Duration.ofMillis(20)).connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(3)).callTimeout(Duration.ofSeconds(10));
  }

  /** Answers the next {@code action} with {@code response} (then falls back to the standing handler). */
  public FakeAihc next(String action, MockResponse response) {
    return next(action, r -> response);
  }

  /** Answers the next {@code action} with {@code handler}. */
  FakeAihc next(String action, Function<RecordedRequest, MockResponse> handler) {
    once.computeIfAbsent(action, a -> new ArrayDeque<>()).add(handler);
    return this;
  }

  /** Answers every {@code action} without a one-off answer with {@code handler}. */
  public FakeAihc always(String action, Function<RecordedRequest, MockResponse> handler) {
    always.put(action, handler);
    return this;
  }

  /** Answers every {@code action} without a one-off answer with {@code response}. */
  public FakeAihc always(String action, MockResponse response) {
    return always(action, r -> response);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    received.add(new Received(request, System.nanoTime()));
    String action = request.getUrl().queryParameter("action");
    Function<RecordedRequest, MockResponse> handler = null;
    Deque<Function<RecordedRequest, MockResponse>> queue = once.get(action);
    if (queue != null) {
      synchronized (queue) {
        handler = queue.poll();
      }
    }
    if (handler == null) handler = always.get(action);
    if (handler == null) {
      return error(404, "NotScripted", "the test did not script " + action, "fake-404");
    }
    return handler.apply(request);
  }

  /** Every request received, in order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests of {@code action}, in order. */
  public List<Received> received(String action) {
    return received.stream().filter(r -> action.equals(r.action())).collect(Collectors.toList());
  }

  /** The actions received, in order. */
  List<String> actions() {
    return received.stream().map(Received::action).collect(Collectors.toList());
  }

  // ---------------------------------------------------------------- answers

  public static MockResponse ok(String json) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json;charset=UTF-8")
        .setHeader("x-bce-request-id", "req-ok").body(json).build();
  }

  static MockResponse error(int status, String code, String message, String requestId) {
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
        .body("{\"requestId\":\"" + requestId + "\",\"code\":\"" + code + "\",\"message\":\"" + message + "\"}")
        .build();
  }

  /** Reads the request, then never answers: the client's read timeout or an interrupt ends the wait. */
  public static MockResponse stall() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  /** Reads the request, then closes the connection without a word. */
  static MockResponse hangUp() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build();
  }

  static String jobItem(String jobId, String name, String status) {
    return "{\"jobId\":\"" + jobId + "\",\"name\":\"" + name + "\",\"status\":\"" + status + "\"}";
  }

  static String jobList(int total, String... items) {
    return "{\"requestId\":\"r\",\"totalCount\":" + total + ",\"jobs\":[" + String.join(",", items) + "]}";
  }

  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text.isEmpty() ? "null" : text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- checks

  /**
   * Checks what every AIHC job action must carry: {@code POST /} with exactly {@code action},
   * {@code resourcePoolId}, {@code queueID}; {@code X-API-Version: v2}; {@code Content-Type:
   * application/json} exactly; {@code x-bce-date} of the fixed clock; an Authorization that verifies.
   */
  static void assertWellFormed(RecordedRequest r, String action, String pool, String queue) {
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/");
    Map<String, String> query = AsTheService.query(r);
    assertThat(query).containsExactly(Map.entry("action", action), Map.entry("resourcePoolId", pool),
        Map.entry("queueID", queue));
    assertThat(r.getHeaders().get("X-API-Version")).isEqualTo("v2");
    assertThat(r.getHeaders().values("Content-Type")).containsExactly("application/json");
    assertThat(r.getHeaders().get("x-bce-date")).isEqualTo(NOW_TEXT);
    assertThat(r.getHeaders().get("Authorization")).startsWith("bce-auth-v1/" + KEYS.accessKeyId() + "/" + NOW_TEXT + "/");
    Verification v = verifyAsServer(r, KEYS);
    assertThat(v.outcome()).as(v.detail()).isEqualTo(Verification.Outcome.OK);
  }

  /** What the service does: decode the request line itself and verify with every header it received. */
  static Verification verifyAsServer(RecordedRequest r, Credentials c) {
    return AsTheService.verify(r, c, NOW);
  }

  /** Gaps between consecutive arrivals, in milliseconds. */
  static List<Long> gapsMillis(List<Received> requests) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < requests.size(); i++) {
      gaps.add((requests.get(i).nanos() - requests.get(i - 1).nanos()) / 1_000_000);
    }
    return gaps;
  }
}
