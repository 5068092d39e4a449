package dev.aihc.local.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aihc.internal.signing.AuthorizationHeader;
import dev.aihc.internal.signing.BceSigner;
import dev.aihc.client.Credentials;
import dev.aihc.internal.signing.Verification;
import dev.aihc.internal.json.Json;
import dev.aihc.local.internal.core.EngineException;
import dev.aihc.dsl.Job;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side: {@code POST /?action=X&resourcePoolId=..&queueID=..} on 127.0.0.1, as AIHC serves
 * it. Per request, in order: method, path, body size (1 MiB), query, signature (BCE v1 through the
 * client's own {@link BceSigner#verify}, ±15 minutes, covering {@code host} and {@code content-length},
 * and the body's {@code x-bce-content-sha256} when sent), action, pool and queue, the signature's first
 * body ({@link SignatureLedger}), JSON; then the action's handler. Every refusal is the cloud's error JSON {@code {requestId, code, message}} with a 4xx
 * status and the {@code x-bce-request-id} header; an unexpected failure is a 500 that leaves the
 * server running.
 */
public final class ApiServer implements AutoCloseable {
  private final Faults faults;
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  /** A larger body is not read to its end: the connection is closed instead. */
  private static final int MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;
  static final Duration SIGNATURE_WINDOW = Duration.ofMinutes(15);
  /** How long a connection may take to send a whole request: its line, headers and body. */
  public static final int REQUEST_SECONDS = 10;
  /**
   * The client connections, each of which holds one of the engine's file descriptors.
   *
   * @param max how many may be open at once; more are closed as they are accepted
   * @param scarce true while descriptors run short: then every answer closes its connection ({@code Connection:
   *     close}, which the client sees and heeds), so that clients keep none open idle between requests (an idle
   *     keep-alive connection otherwise holds its descriptor until the server's idle timeout, 30 to 40 s)
   */
  public record Connections(int max, java.util.function.BooleanSupplier scarce) {}
  /** Actions also served as GET: the queue module's, as AIHC serves them. */
  static final java.util.Set<String> GET_ACTIONS = java.util.Set.of(QueueActions.DESCRIBE_QUEUES, QueueActions.DESCRIBE_QUEUE);
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final ThreadPoolExecutor work;
  private final Credentials credentials;
  private final Clock clock;
  private final Map<String, JobActions.Action> routes;
  private final SignatureLedger ledger = new SignatureLedger();
  /** Whether descriptors run short, when every answer closes its connection. */
  private final java.util.function.BooleanSupplier scarce;
  /** The Host values that name this engine, lower case; set once bound. */
  private final List<String> hosts;

  private ApiServer(HttpServer server, ThreadPoolExecutor executor, ThreadPoolExecutor work, Credentials credentials,
      Clock clock, Map<String, JobActions.Action> routes, java.util.function.BooleanSupplier scarce) {
    this.scarce = scarce;
    this.server = server;
    this.executor = executor;
    this.work = work;
    this.credentials = credentials;
    this.clock = clock;
    this.routes = routes;
    this.faults = Faults.fromSystemProperty();
    int port = server.getAddress().getPort();
    this.hosts = List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
  }

  /**
   * Binds 127.0.0.1:{@code port} (0: any free port); connections wait in the backlog until
   * {@link #start()}, so the port is known taken before the engine settles its jobs.
   */
  public static ApiServer bind(int port, Credentials credentials, Clock clock, Map<String, JobActions.Action> routes,
      Connections connections) throws IOException {
    // The JDK server writes headers and body separately; with Nagle on, every answer then waits for the
    // client's delayed ACK (about 40 ms here). This property is read once, when the first server starts.
    setUnlessSet(NODELAY, "true");
    // Slow or idle connections must not starve the API (a client that sends one byte and waits): a
    // request line, headers and body not received within REQUEST_SECONDS get the connection closed, and
    // at most connections.max() are open at once (more are closed as they are accepted). Read once, when
    // the first server starts.
    setUnlessSet("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
    setUnlessSet("jdk.httpserver.maxConnections", Integer.toString(connections.max()));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    // The JDK server reads a request's line and headers on its executor's thread, blocking: a thread for
    // each connection that has sent something, so a slow one holds only its own. The work (signature,
    // JSON, the handler) runs on a pool of its own, sized for the 2-core machines this runs on: requests
    // are short and the state work is serialised on the engine loop anyway. A full work queue makes the
    // connection's thread run the request (back-pressure).
    ThreadPoolExecutor sockets = new ThreadPoolExecutor(0, connections.max() + 16, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemons("aihc-local-http-"));
    ThreadPoolExecutor work = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
        daemons("aihc-local-work-"), new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(sockets);
    ApiServer api = new ApiServer(server, sockets, work, credentials, clock, routes, connections.scarce());
    server.createContext("/", api::handle);
    return api;
  }

  private static void setUnlessSet(String property, String value) {
    if (System.getProperty(property) == null) System.setProperty(property, value);
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts answering. */
  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) {
    String requestId = UUID.randomUUID().toString();
    Faults.Fault fault = faults.next();
    if (fault == Faults.Fault.UNAVAILABLE) {
      send(ex, 503, requestId, error(requestId, "ServiceUnavailable", "injected by the " + Faults.PROPERTY + " test switch"));
      return;
    }
    int status;
    ObjectNode body;
    try {
      body = process(ex, requestId);
      status = 200;
    } catch (ApiException e) {
      status = e.status();
      body = error(requestId, e.code(), e.getMessage());
    } catch (EngineException e) {
      ApiException refused = ApiException.of(e);
      status = refused.status();
      body = error(requestId, refused.code(), refused.getMessage());
    } catch (ClientHungUp e) {
      // Expected (a client timed out, was interrupted, or was killed): one line, no stack trace.
      LOG.log(System.Logger.Level.INFO, "request " + requestId + ": " + e.getMessage());
      status = 400;
      body = error(requestId, "InvalidHTTPRequest", e.getMessage());
    } catch (Exception | StackOverflowError e) {
      LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed", e);
      status = 500;
      body = error(requestId, "InternalError", "the local engine failed on this request (" + e
          + "); it keeps running. Please report it with requestId " + requestId);
    }
    if (fault == Faults.Fault.DROP_AFTER) {
      ex.close(); // the work is done, the answer is lost: the client cannot tell whether it happened
      return;
    }
    if (fault == Faults.Fault.HANG_AFTER) {
      try {
        Thread.sleep(faults.hangFor().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    send(ex, status, requestId, body);
  }

  private ObjectNode process(HttpExchange ex, String requestId) throws Exception {
    String method = ex.getRequestMethod();
    // The queue module is GET with its parameters in the query (spec section 1); POST works too.
    Map<String, String> query = "GET".equals(method) ? query(ex.getRequestURI().getRawQuery()) : null;
    // Set.of(...).contains(null) throws: a GET without an action is a 405 like any other unserved GET
    String getAction = query == null ? null : query.get("action");
    boolean get = getAction != null && GET_ACTIONS.contains(getAction);
    if (!"POST".equals(method) && !get) {
      ex.getResponseHeaders().set("Allow", "POST");
      throw new ApiException(405, "InvalidHTTPRequest", method + " is not served: every job action is "
          + "POST /?action=<Action>&resourcePoolId=<pool>&queueID=<queue> with a JSON body");
    }
    String rawPath = ex.getRequestURI().getRawPath();
    if (rawPath != null && !rawPath.isEmpty() && !rawPath.equals("/")) {
      throw new ApiException(404, "InvalidURI", "no such path '" + rawPath + "': every job action is "
          + "POST /?action=<Action>&resourcePoolId=<pool>&queueID=<queue> (the v2 API has no other path)");
    }
    byte[] raw = readBody(ex);
    Map<String, String> q = query == null ? query(ex.getRequestURI().getRawQuery()) : query;
    return onWorkThread(() -> processRead(ex, requestId, method, q, get, raw));
  }

  /** Runs {@code work} on the work pool, off the thread that waits on this connection, and waits for it. */
  private ObjectNode onWorkThread(java.util.concurrent.Callable<ObjectNode> task) throws Exception {
    java.util.concurrent.Future<ObjectNode> f = work.submit(task);
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      if (e.getCause() instanceof Error cause) throw cause;
      throw e;
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ApiException(503, "ServiceUnavailable", "the local engine is stopping");
    }
  }

  /** A request whose body has been read: signature, action, JSON, the handler. */
  private ObjectNode processRead(HttpExchange ex, String requestId, String method, Map<String, String> query,
      boolean get, byte[] raw) throws Exception {
    AuthorizationHeader signed = authenticate(ex, method, query, raw);
    String action = query.get("action");
    if (action == null || action.isBlank()) {
      throw ApiException.invalidParam("the query parameter action is missing. Use one of " + routes.keySet());
    }
    JobActions.Action handler = routes.get(action);
    if (handler == null) {
      throw ApiException.invalidParam("unknown action '" + action + "'. The local engine serves " + routes.keySet());
    }
    String pool = optional(query, "resourcePoolId");
    String queue = optional(query, "queueID");
    if (queue == null && Job.SERVERLESS_POOL.equals(pool) && !GET_ACTIONS.contains(action)) {
      throw ApiException.invalidParam("queueID must be set in serverless pool"); // the cloud's own words
    }
    SignatureLedger.Claim claim = ledger.claim(signed.signature(), raw, acceptedUntil(signed),
        !action.startsWith("Describe"));
    if (claim.repeated()) return withRequestId(requestId, claim.previous());
    try {
      String text = new String(raw, StandardCharsets.UTF_8);
      if (text.isBlank()) text = get ? queryAsJson(query) : "{}";
      Object result = handler.handle(new ApiRequest(requestId, action, pool, queue, text));
      ObjectNode answer = withRequestId(requestId, result);
      claim.answered(answer);
      return answer;
    } catch (ApiException e) {
      claim.refused(e);
      throw e;
    } catch (Exception | Error e) {
      claim.failed(e);
      throw e;
    }
  }

  /** When the engine stops accepting {@code signed}: its expiration, or the end of the time window. */
  private static java.time.Instant acceptedUntil(AuthorizationHeader signed) {
    Duration valid = Duration.ofSeconds(signed.expirationSeconds());
    return signed.timestamp().plus(valid.compareTo(SIGNATURE_WINDOW) < 0 ? valid : SIGNATURE_WINDOW);
  }

  /** A GET's query parameters (but the action) as the JSON object its handler reads. */
  private static String queryAsJson(Map<String, String> query) {
    ObjectNode o = Json.mapper().createObjectNode();
    query.forEach((k, v) -> {
      if (!k.equals("action")) o.put(k, v);
    });
    return o.toString();
  }

  /**
   * Checks the signature, and that it covers what makes a request this engine's: {@code host}, which
   * must name this engine (a page in a browser on this machine reaches 127.0.0.1 under its own host
   * name), and, for a request with a body, {@code content-length}. The body itself is bound to the
   * signature by the {@link SignatureLedger}.
   */
  private AuthorizationHeader authenticate(HttpExchange ex, String method, Map<String, String> query, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      if (!h.getValue().isEmpty()) headers.put(h.getKey(), h.getValue().get(0));
    }
    String authorization = ex.getRequestHeaders().getFirst("Authorization");
    Verification v;
    try {
      v = BceSigner.verify(credentials, authorization, method, "/", query, headers, clock.instant(),
          SIGNATURE_WINDOW);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "InvalidHTTPAuthHeader", "cannot check the signature: " + e.getMessage());
    }
    if (!v.isOk()) {
      String code = v.outcome().bceErrorCode().orElse("AccessDenied");
      String detail = authorization == null
          ? "the Authorization header is missing. Sign every request with bce-auth-v1 (BceSigner.sign)"
          : v.detail();
      throw new ApiException(v.outcome().httpStatus(), code, detail);
    }
    AuthorizationHeader signed = AuthorizationHeader.parse(authorization);
    String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null || !hosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
      throw new ApiException(400, "InvalidHTTPRequest", "the Host header '" + host + "' does not name this "
          + "engine; send requests to " + hosts.get(0));
    }
    requireSigned(signed, "host", headers);
    if (body.length > 0 || "POST".equals(method)) requireSigned(signed, "content-length", headers);
    String digest = ex.getRequestHeaders().getFirst(BceSigner.CONTENT_SHA256);
    if (digest != null && !digest.equalsIgnoreCase(BceSigner.sha256Hex(body))) {
      throw new ApiException(400, "BadDigest", "the body's SHA-256 is not the signed " + BceSigner.CONTENT_SHA256
          + " header: the body was changed after signing, or the header was computed over other bytes");
    }
    return signed;
  }

  /** {@code name} is among the signed headers: listed, or in the default set and present. */
  private static void requireSigned(AuthorizationHeader signed, String name, Map<String, String> headers) {
    boolean present = headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    if (signed.usesDefaultHeaders() ? present : signed.signedHeaders().contains(name)) return;
    throw new ApiException(403, "AccessDenied", "the signature must cover the " + name + " header (list it in "
        + "signedHeaders, or leave signedHeaders empty for the default set); the local engine takes no request "
        + "whose " + name + " could be changed without breaking its signature");
  }

  /**
   * Reads what a refused request left of its body (a 405 or 404 answers before reading it): unread
   * bytes would be parsed as the next request on this keep-alive connection. Past the drain limit the
   * connection is closed instead.
   */
  private static void drainUnread(HttpExchange ex) {
    try {
      InputStream in = ex.getRequestBody();
      byte[] buf = new byte[16 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > MAX_DRAIN_BYTES) {
          ex.getResponseHeaders().set("Connection", "close");
          return;
        }
      }
    } catch (IOException e) {
      ex.getResponseHeaders().set("Connection", "close");
    }
  }

  /** The client went away before its request was read in full: nothing to answer, nothing to report. */
  private static final class ClientHungUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientHungUp(String message) {
      super(message, null, false, false);
    }
  }

  private static byte[] readBody(HttpExchange ex) {
    try {
      return readBodyOrFail(ex);
    } catch (IOException e) {
      throw new ClientHungUp("the client hung up before its body was read (" + e.getMessage() + ")");
    }
  }

  private static byte[] readBodyOrFail(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total <= MAX_BODY_BYTES) out.write(buf, 0, n);
      if (total > MAX_DRAIN_BYTES) {
        // Unread bytes would be taken for the next request: tell the client this connection ends here.
        ex.getResponseHeaders().set("Connection", "close");
        break;
      }
    }
    if (total > MAX_BODY_BYTES) {
      throw new ApiException(413, "InvalidHTTPRequest", "the body is larger than " + MAX_BODY_BYTES
          + " bytes (1 MiB). A CreateJob body is a few KiB: move data to a data source");
    }
    return out.toByteArray();
  }

  /** The decoded query; a parameter given twice, or bad %-encoding, is refused. */
  private static Map<String, String> query(String rawQuery) {
    Map<String, String> q = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return q;
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String key;
      String value;
      try {
        key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "InvalidURI", "the query has bad %-encoding in '" + pair + "'");
      }
      if (q.put(key, value) != null) {
        throw new ApiException(400, "InvalidURI", "the query parameter " + key + " appears more than once");
      }
    }
    return q;
  }

  private static String optional(Map<String, String> query, String name) {
    String v = query.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The handler's answer with {@code requestId} first, as the cloud writes it. */
  private static ObjectNode withRequestId(String requestId, Object result) {
    ObjectNode out = Json.mapper().createObjectNode().put("requestId", requestId);
    JsonNode fields = Json.mapper().valueToTree(result);
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getKey().equals("requestId")) out.set(f.getKey(), f.getValue());
    }
    return out;
  }

  private static ObjectNode error(String requestId, String code, String message) {
    return Json.mapper().createObjectNode().put("requestId", requestId).put("code", code).put("message", message);
  }

  private void send(HttpExchange ex, int status, String requestId, ObjectNode body) {
    try (ex) {
      drainUnread(ex);
      if (scarce.getAsBoolean()) ex.getResponseHeaders().set("Connection", "close");
      byte[] bytes = Json.mapper().writeValueAsBytes(body);
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      ex.getResponseHeaders().set("x-bce-request-id", requestId);
      if ("HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(status, -1); // a HEAD answer has no body
        return;
      }
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  @Override
  public void close() {
    try {
      server.stop(0);
    } catch (IllegalStateException e) {
      // never started: the bound socket is closed below with the executor's end
    }
    executor.shutdownNow();
    work.shutdownNow();
  }
}
