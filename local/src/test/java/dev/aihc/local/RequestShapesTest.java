package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every method on every path, with or without a query, with or without an action, sent byte for byte
 * (no client normalises {@code ..} or {@code %00} away): each answer is a 4xx with the cloud's error JSON
 * or a 2xx, never a 5xx, and nothing of it leaves a stack trace in the engine's log.
 *
 * <p>Three shapes never reach the engine's handler: a request target that is no URI ({@code %zz}), one
 * whose path is empty once parsed ({@code //?...} reads as an empty authority) and {@code *}. The JDK's
 * HTTP server answers those itself, with a 400 or 404 in HTML; the test holds them to a 4xx.
 */
final class RequestShapesTest {
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
      "TRACE", "BREW");
  private static final List<String> PATHS = List.of("/", "/%00", "/../../etc/passwd", "//", "/v2/job",
      "/%2e%2e/%2e%2e/etc/passwd", "/?", "/\u00e9", "/a%zzb", "*");
  private static final List<String> QUERIES = List.of("", "?", "?action", "?action=", "?action=DescribeJobs",
      "?action=CreateJob&resourcePoolId=local&queueID=default", "?action=DescribeQueues", "?action=Nope",
      "?action=DescribeJobs&action=DescribeJobs", "?a=%zz", "?%00=%00", "?&&=&", "?action=%00");

  @TempDir Path home;

  @Test
  @Timeout(120)
  void givenEveryMethodPathAndQueryShape_whenSent_thenA4xxOr2xxWithErrorJsonAndNoStackTrace() throws Exception {
    List<LogRecord> traces;
    try (LogCapture log = LogCapture.start(); TestEngine t = TestEngine.start(home)) {
      int port = t.engine.url().getPort();
      List<String> wrong = new ArrayList<>();
      int sent = 0;
      for (String method : METHODS) {
        for (String path : PATHS) {
          for (String query : QUERIES) {
            String target = path + query;
            for (boolean body : List.of(false, true)) {
              Answer a = send(port, method, target, body ? "{}" : null);
              sent++;
              boolean ok = (a.status >= 200 && a.status < 300) || (a.status >= 400 && a.status < 500);
              boolean errorJson = a.status < 400 || method.equals("HEAD") || beforeTheHandler(target)
                  || isErrorJson(a.body);
              if (!ok || !errorJson) wrong.add(method + " " + target + (body ? " with a body" : "") + " -> " + a);
            }
          }
        }
      }
      assertThat(wrong).as("%d of %d request shapes", wrong.size(), sent).isEmpty();
      assertThat(t.api.post("DescribeJobs", "{}").status()).isEqualTo(200); // it still serves
      traces = log.records().stream()
          .filter(r -> r.getThrown() != null || r.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }
    assertThat(traces).extracting(r -> r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown()).isEmpty();
  }

  /** A target the JDK's server refuses before any handler runs (see the class comment). */
  private static boolean beforeTheHandler(String target) {
    return target.contains("%zz") || target.startsWith("//") || target.startsWith("*");
  }

  private static boolean isErrorJson(String body) {
    try {
      JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
      return json.hasNonNull("requestId") && json.hasNonNull("code") && json.hasNonNull("message");
    } catch (IOException e) {
      return false;
    }
  }

  record Answer(int status, String body) {
    @Override
    public String toString() {
      return status + " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
    }
  }

  /** One HTTP/1.1 request with exactly this request target; the connection is closed after the answer. */
  private static Answer send(int port, String method, String target, String body) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(20_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
          + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
          + "\r\n";
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(content);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        in.transferTo(all);
      } catch (java.net.SocketException e) {
        // the server closed with the body unread after answering (the JDK's own refusals): keep what came
        if (all.size() == 0) return new Answer(-1, "connection reset before any answer");
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int firstSpace = text.indexOf(' ');
      if (firstSpace < 0 || text.length() < firstSpace + 4) return new Answer(-1, text);
      int status = Integer.parseInt(text.substring(firstSpace + 1, firstSpace + 4));
      int split = text.indexOf("\r\n\r\n");
      return new Answer(status, split < 0 ? "" : text.substring(split + 4));
    }
  }
}
