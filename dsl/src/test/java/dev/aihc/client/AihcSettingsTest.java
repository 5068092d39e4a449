package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.aihc.internal.credentials.ConfigSources;

final class AihcSettingsTest {
  @TempDir Path home;

  private final Map<String, String> props = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  private AihcSettings resolve() {
    return AihcSettings.resolve(new ConfigSources(props::get, env, home));
  }

  private Path writeProfiles(String text, String perms) throws IOException {
    Path file = home.resolve(".aihc").resolve("profiles");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    return file;
  }

  @Test
  void givenNoConfiguration_whenResolved_thenEverythingIsEmpty() {
    AihcSettings s = resolve();

    assertThat(s.profileName()).isEqualTo("default");
    assertThat(s.region()).isEmpty();
    assertThat(s.pool()).isEmpty();
    assertThat(s.queue()).isEmpty();
    assertThat(s.imageUsername()).isEmpty();
    assertThat(s.imagePassword()).isEmpty();
  }

  @Test
  void givenAllThreeSources_whenResolved_thenPropertiesBeatEnvBeatProfile() throws IOException {
    writeProfiles("[default]\nregion = gz\npool = file-pool\nqueue = file-queue\n", "rw-------");
    env.put("AIHC_POOL", "env-pool");
    env.put("AIHC_QUEUE", "env-queue");
    props.put("aihc.queue", "prop-queue");

    AihcSettings s = resolve();

    assertThat(s.region()).contains("gz");
    assertThat(s.pool()).contains("env-pool");
    assertThat(s.queue()).contains("prop-queue");
  }

  @Test
  void givenAihcProfile_whenResolved_thenNamedSectionIsRead() throws IOException {
    writeProfiles("[default]\nregion = bj\n[su]\nregion = su\n", "rw-------");
    env.put("AIHC_PROFILE", "su");

    assertThat(resolve().region()).contains("su");
    assertThat(resolve().profileName()).isEqualTo("su");
  }

  @Test
  void givenImageLoginInEnvAndProfile_whenResolved_thenEnvPairWins() throws IOException {
    writeProfiles("[default]\nimage_username = file-user\nimage_password = file-pw\n", "rw-------");
    env.put("AIHC_IMAGE_USERNAME", "env-user");
    env.put("AIHC_IMAGE_PASSWORD", "env-pw");

    AihcSettings s = resolve();

    assertThat(s.imageUsername()).contains("env-user");
    assertThat(s.imagePassword()).contains("env-pw");
  }

  @Test
  void givenHalfImageLoginInEnv_whenResolved_thenProfilePairIsUsedWhole() throws IOException {
    writeProfiles("[default]\nimage_username = file-user\nimage_password = file-pw\n", "rw-------");
    env.put("AIHC_IMAGE_USERNAME", "env-user");

    AihcSettings s = resolve();

    assertThat(s.imageUsername()).contains("file-user");
    assertThat(s.imagePassword()).contains("file-pw");
  }

  @Test
  void givenImagePassword_whenPrinted_thenItIsMasked() {
    env.put("AIHC_IMAGE_USERNAME", "robot");
    env.put("AIHC_IMAGE_PASSWORD", "hunter2");
    env.put("AIHC_REGION", "bj");

    assertThat(resolve().toString())
        .isEqualTo("AihcSettings{profile=default, region=bj, pool=null, queue=null, imageUsername=robot, "
            + "imagePassword=****}")
        .doesNotContain("hunter2");
  }

  @Test
  void givenWorldReadableProfile_whenResolved_thenRefusedWithChmodFix() throws IOException {
    Path file = writeProfiles("[default]\nimage_password = x\n", "rw-r--r--");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ProfileFileException.class)
        .hasMessageEndingWith("Run: chmod 600 " + file);
  }

  @Test
  void givenImageLoginInEnv_whenImageAuthUsedInJob_thenJobCarriesItMasked() {
    // given
    env.put("AIHC_IMAGE_USERNAME", "robot");
    env.put("AIHC_IMAGE_PASSWORD", "env-secret");
    // when
    dev.aihc.dsl.Job job = dev.aihc.dsl.Job.named("x").imageAuth(resolve().imageAuth());
    // then
    assertThat(job.imageAuth()).map(dev.aihc.dsl.ImageAuth::username).contains("robot");
    assertThat(job.toCompactJson()).contains("\"password\":\"env-secret\"");
    assertThat(job.toString()).doesNotContain("env-secret");
  }

  @Test
  void givenNoImageLogin_whenImageAuthAsked_thenErrorSaysWhereToSetIt() {
    assertThatThrownBy(() -> resolve().imageAuth())
        .isInstanceOf(dev.aihc.dsl.AihcException.class)
        .hasMessageContaining("AIHC_IMAGE_USERNAME").hasMessageContaining("image_password");
  }
}
