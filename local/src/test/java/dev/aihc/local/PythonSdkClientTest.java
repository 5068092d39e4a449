package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.internal.json.Json;
import dev.aihc.wire.JobStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python client that signs and sends as bce-sdk-python does (its default header set, an empty
 * signedHeaders field, Host with the port) works against the engine's loopback port, Host check and
 * content-length rule included.
 */
@Timeout(60)
final class PythonSdkClientTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @RegisterExtension final TestEngine t = TestEngine.perTest();
  @TempDir Path dir;

  @Test
  void givenABceSdkPythonShapedClient_whenItCreatesAndDescribesAJob_thenBothAreAnswered() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "needs the system's Python");
    Path client = dir.resolve("bce_python_client.py");
    try (InputStream in = getClass().getResourceAsStream("bce_python_client.py")) {
      Files.write(client, in.readAllBytes());
    }

    List<String> created = python(client, "CreateJob", TestEngine.job("from-python", "echo from python").toCompactJson());
    assertThat(created.get(0)).as(String.join("\n", created)).isEqualTo("200");
    String id = Json.mapper().readTree(created.get(1)).path("jobId").asText();
    assertThat(t.awaitStatus(id, JobStatus.SUCCEEDED).status()).isEqualTo(JobStatus.SUCCEEDED);

    List<String> described = python(client, "DescribeJob", "{\"jobId\": \"" + id + "\"}");
    assertThat(described.get(0)).as(String.join("\n", described)).isEqualTo("200");
    JsonNode job = Json.mapper().readTree(described.get(1));
    assertThat(job.path("name").asText()).isEqualTo("from-python");
  }

  private List<String> python(Path client, String action, String body) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), client.toString(),
        Integer.toString(t.engine.port()), TestEngine.CREDENTIALS.accessKeyId(),
        TestEngine.CREDENTIALS.secretAccessKey(), action, body));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
  }
}
