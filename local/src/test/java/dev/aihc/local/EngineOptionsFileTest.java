package dev.aihc.local;

import dev.aihc.local.internal.config.Home;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.local.internal.config.EngineOptionsFile;
import dev.aihc.local.internal.sched.HostResources;
import dev.aihc.local.internal.sched.PoolSpec;
import dev.aihc.local.internal.sched.SchedulingConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <home>/config.json}: the data source, alert, TensorBoard and time-scale settings, and their precedence. */
final class EngineOptionsFileTest {
  @TempDir Path home;

  @Test
  void givenNoFile_whenRead_thenTheDefaultsApply() {
    LocalEngineConfig c = LocalEngineConfig.of(home).withDefaults(EngineOptionsFile.read(home));

    assertThat(c.pfsRoot()).isEqualTo(home.resolve("pfs"));
    assertThat(c.hostPathRoots()).containsExactly(home.resolve("data"), Path.of("/tmp"));
    assertThat(c.datasourceDirectory("bos")).isEmpty();
    assertThat(c.alertWebhook()).isEmpty();
    assertThat(c.minute()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.tensorboardCommand()).isEqualTo("tensorboard");
    // the smaller of 32 MB and 5 %: a 40 MB file system keeps 2 MB, a 1 TB disk 32 MB
    assertThat(c.minFree().of(40L << 20)).isEqualTo(2L << 20);
    assertThat(c.minFree().of(1L << 40)).isEqualTo(32L << 20);
  }

  @Test
  void givenEveryKey_whenRead_thenEachIsTakenAndRelativePathsAreFromTheHome() throws IOException {
    // given
    Files.writeString(home.resolve("config.json"), """
        {"pools": {"ignored": "by this reader"},
         "datasources": {"pfsRoot": "pfs-store", "hostpathRoots": ["/srv/data"],
                         "directories": {"bos": "/srv/bos", "dataset": "sets"}},
         "alerts": {"webhookUrl": "http://127.0.0.1:9000/hook"},
         "tensorboard": {"command": "/opt/tb/tensorboard"},
         "minute": "1s",
         "storage": {"minFree": "64MB"}}
        """);

    // when
    LocalEngineConfig c = LocalEngineConfig.of(home).pfsRoot(Path.of("/from/code"))
        .withDefaults(EngineOptionsFile.read(home));

    // then
    assertThat(c.pfsRoot()).isEqualTo(Path.of("/from/code")); // code wins over the file
    assertThat(c.hostPathRoots()).containsExactly(Path.of("/srv/data"));
    assertThat(c.datasourceDirectory("bos")).contains(Path.of("/srv/bos"));
    assertThat(c.datasourceDirectory("dataset")).contains(home.resolve("sets"));
    assertThat(c.alertWebhook()).contains(URI.create("http://127.0.0.1:9000/hook"));
    assertThat(c.tensorboardCommand()).isEqualTo("/opt/tb/tensorboard");
    assertThat(c.minute()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.minFree().of(1L << 40)).isEqualTo(64L << 20);
  }

  @Test
  void givenAShareAsTheFloor_whenRead_thenItIsThatShareOfTheFileSystem() throws IOException {
    Path file = home.resolve("config.json");
    Files.writeString(file, "{\"storage\": {\"minFree\": \"10%\"}}");
    assertThat(LocalEngineConfig.of(home).withDefaults(EngineOptionsFile.read(home)).minFree().of(1000L << 20))
        .isEqualTo(100L << 20);

    Files.writeString(file, "{\"storage\": {\"minFree\": \"lots\"}}");
    assertThatThrownBy(() -> EngineOptionsFile.read(home)).hasMessage(file + ": storage.minFree must be a size such as"
        + " \"64MB\" or \"1GB\", or a share of the file system such as \"5%\", but was \"lots\"");
  }

  @Test
  void givenMistakes_whenRead_thenEachIsNamedWithTheFile() throws IOException {
    Path file = home.resolve("config.json");
    Files.writeString(file, "{\"datasources\": {\"pfsroot\": \"x\"}}");
    assertThatThrownBy(() -> EngineOptionsFile.read(home)).hasMessage(file + ": unknown key datasources.pfsroot. "
        + "Known keys of datasources: [directories, hostpathRoots, pfsRoot]");

    Files.writeString(file, "{\"alerts\": {\"webhookUrl\": \"http://10.0.0.8/hook\"}}");
    assertThatThrownBy(() -> EngineOptionsFile.read(home)).hasMessage(file + ": alertWebhook must be an http URL on "
        + "this machine (127.0.0.1, localhost or [::1]) but was 'http://10.0.0.8/hook'. The local engine sends alerts to "
        + "loopback only; relay them from there");

    Files.writeString(file, "{\"datasources\": {\"directories\": {\"pfs\": \"/x\"}}}");
    assertThatThrownBy(() -> EngineOptionsFile.read(home)).hasMessageContaining("datasources.directories.pfs: a data "
        + "source directory can be given for [bos, cfs, rapidfs, dataset] but not for 'pfs'. Use pfsRoot for pfs");

    Files.writeString(file, "{\"minute\": 60}");
    assertThatThrownBy(() -> EngineOptionsFile.read(home)).hasMessageContaining("minute must be a duration such as "
        + "\"1s\", \"500ms\" or \"1m\" but was 60");

    Files.writeString(file, "{\"minute\": \"0s\"}");
    assertThatThrownBy(() -> EngineOptionsFile.read(home)).hasMessageContaining("minute must be > 0 but was PT0S");

    Files.writeString(file, "{\"minute\": ");
    assertThatThrownBy(() -> EngineOptionsFile.read(home)).hasMessageStartingWith(file + " is not valid JSON");
  }

  @Test
  void givenABadFile_whenTheEngineStarts_thenItRefusesNamingTheFile() throws IOException {
    Files.writeString(home.resolve("config.json"), "{\"alerts\": {\"webhookUrl\": 3}}");

    assertThatThrownBy(() -> LocalEngine.start(TestEngine.config(home)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot start the local engine: " + home.resolve("config.json")
            + ": alerts.webhookUrl must be a non-empty string but was 3");

    // the pools are read from the same parsed file and refused the same way
    Files.writeString(home.resolve("config.json"), "{\"pools\": 3}");
    assertThatThrownBy(() -> LocalEngine.start(TestEngine.config(home)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot start the local engine: " + home.resolve("config.json")
            + ": pools must be a non-empty array but was 3");
    Files.writeString(home.resolve("config.json"), "{\"pools\": [");
    assertThatThrownBy(() -> LocalEngine.start(TestEngine.config(home)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot start the local engine: " + home.resolve("config.json") + " is not valid JSON");
  }

  @Test
  void givenBadSteps_whenSet_thenRefusedWithTheRule() {
    LocalEngineConfig c = LocalEngineConfig.of(home);
    assertThatThrownBy(() -> c.alertWebhook(URI.create("https://example.com/hook")))
        .hasMessageStartingWith("alertWebhook must be an http URL on this machine");
    assertThatThrownBy(() -> c.datasourceDirectory("hostpath", home))
        .hasMessageEndingWith("Use hostPathRoots for hostpath");
    assertThat(c.hostPathRoots(List.of()).hostPathRoots()).isEmpty();
    assertThat(c.minute(Duration.ofMinutes(1)).minute()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void givenOneFileWithPoolsAndEngineOptions_whenBothReadersAndTheEngineRead_thenEachTakesItsOwnKeys()
      throws IOException {
    // given: the scheduler's pools and the data source, alert, TensorBoard and minute settings side by side
    Files.writeString(home.resolve("config.json"), """
        {"pools": [{"id": "box", "aliases": ["*"], "queues": [{"name": "q1", "aliases": ["*"], "cpu": 3,
                    "memory": 5, "gpus": {}, "rehearsalGpus": 0}]}],
         "datasources": {"pfsRoot": "pfs-store"},
         "alerts": {"webhookUrl": "http://127.0.0.1:9000/hook"},
         "tensorboard": {"command": "/opt/tb/tensorboard"},
         "minute": "2s"}
        """);

    // when
    SchedulingConfig scheduling =
        SchedulingConfig.load(new Home(home).config(), new HostResources(2, 23, List.of()), false);
    LocalEngineConfig c = LocalEngineConfig.of(home).withDefaults(EngineOptionsFile.read(home));

    // then
    assertThat(scheduling.pools()).extracting(PoolSpec::id).containsExactly("box");
    assertThat(scheduling.pools().get(0).queues().get(0).cpu()).isEqualByComparingTo("3");
    assertThat(c.pfsRoot()).isEqualTo(home.resolve("pfs-store"));
    assertThat(c.alertWebhook()).contains(URI.create("http://127.0.0.1:9000/hook"));
    assertThat(c.minute()).isEqualTo(Duration.ofSeconds(2));
    try (TestEngine t = TestEngine.start(TestEngine.config(home))) {
      assertThat(t.engine.config().minute()).isEqualTo(Duration.ofSeconds(2));
      assertThat(t.client.describeQueues().queues()).hasSize(1);
    }
  }

  @Test
  void givenATopLevelKeyNoReaderKnows_whenTheEngineStarts_thenItIsRefusedNamingTheKnownOnes() throws IOException {
    Files.writeString(home.resolve("config.json"), "{\"datasource\": {\"pfsRoot\": \"x\"}}");

    assertThatThrownBy(() -> LocalEngine.start(TestEngine.config(home)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown field 'datasource'; the known fields are alerts, datasources, minute, pools, "
            + "storage, tensorboard (at the file)");
  }
}
