package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.aihc.internal.credentials.ConfigSources;

final class CredentialsProviderTest {
  @TempDir Path home;

  private final Map<String, String> props = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  private ConfigSources sources() {
    return new ConfigSources(props::get, env, home);
  }

  private Path writeProfiles(String text) throws IOException {
    Path file = home.resolve(".aihc").resolve("profiles");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void givenExplicitCredentials_whenResolved_thenReturnedAsIs() {
    Credentials c = Credentials.of("ak", "sk");

    assertThat(CredentialsProvider.of(c).resolve()).isSameAs(c);
  }

  @Test
  void givenSystemProperties_whenResolved_thenTheyAreUsedWithOptionalToken() {
    props.put("aihc.accessKeyId", " prop-ak ");
    props.put("aihc.secretAccessKey", "prop-sk");
    props.put("aihc.sessionToken", "prop-token");

    assertThat(CredentialSources.systemProperties(sources()).resolve())
        .isEqualTo(Credentials.of("prop-ak", "prop-sk", "prop-token"));
  }

  @Test
  void givenEnvironment_whenResolved_thenBceVariablesAreUsed() {
    env.put("BCE_ACCESS_KEY_ID", "env-ak");
    env.put("BCE_SECRET_ACCESS_KEY", "env-sk");

    assertThat(CredentialSources.environment(sources()).resolve()).isEqualTo(Credentials.of("env-ak", "env-sk"));
  }

  @Test
  void givenOnlyHalfAKeyPair_whenResolved_thenNotFoundSaysWhichHalfIsMissing() {
    env.put("BCE_SECRET_ACCESS_KEY", "env-sk");

    assertThatThrownBy(() -> CredentialSources.environment(sources()).resolve())
        .isInstanceOf(CredentialsNotFoundException.class)
        .satisfies(e -> assertThat(((CredentialsNotFoundException) e).attempts())
            .containsExactly("environment: BCE_SECRET_ACCESS_KEY is set but BCE_ACCESS_KEY_ID is not"));
  }

  @Test
  void givenEverySource_whenDefaultChainResolves_thenSystemPropertiesWin() throws IOException {
    props.put("aihc.accessKeyId", "prop-ak");
    props.put("aihc.secretAccessKey", "prop-sk");
    env.put("BCE_ACCESS_KEY_ID", "env-ak");
    env.put("BCE_SECRET_ACCESS_KEY", "env-sk");
    writeProfiles("[default]\naccess_key_id = file-ak\nsecret_access_key = file-sk\n");

    assertThat(CredentialSources.defaultChain(sources()).resolve().accessKeyId()).isEqualTo("prop-ak");
  }

  @Test
  void givenHalfPairInPropertiesAndFullPairInEnv_whenChainResolves_thenFirstCompletePairWins() throws IOException {
    props.put("aihc.accessKeyId", "prop-ak");
    env.put("BCE_ACCESS_KEY_ID", "env-ak");
    env.put("BCE_SECRET_ACCESS_KEY", "env-sk");
    writeProfiles("[default]\naccess_key_id = file-ak\nsecret_access_key = file-sk\n");

    assertThat(CredentialSources.defaultChain(sources()).resolve()).isEqualTo(Credentials.of("env-ak", "env-sk"));
  }

  @Test
  void givenOnlyProfile_whenChainResolves_thenDefaultSectionIsUsed() throws IOException {
    writeProfiles("# keys\n[default]\naccess_key_id = file-ak\nsecret_access_key = s#cret=x\n"
        + "session_token = tok\n[prod]\naccess_key_id = prod-ak\nsecret_access_key = prod-sk\n");

    assertThat(CredentialSources.defaultChain(sources()).resolve())
        .isEqualTo(Credentials.of("file-ak", "s#cret=x", "tok"));
  }

  @Test
  void givenAihcProfileEnv_whenProfileResolves_thenNamedSectionIsUsed() throws IOException {
    writeProfiles("[default]\naccess_key_id = a\nsecret_access_key = b\n"
        + "[prod]\naccess_key_id = prod-ak\nsecret_access_key = prod-sk\n");
    env.put("AIHC_PROFILE", "prod");

    assertThat(CredentialSources.profile(sources()).resolve()).isEqualTo(Credentials.of("prod-ak", "prod-sk"));
  }

  @Test
  void givenExplicitFileAndName_whenProfileResolves_thenThatSectionIsUsed() throws IOException {
    Path file = writeProfiles("[team]\naccess_key_id = t-ak\nsecret_access_key = t-sk\n");

    assertThat(CredentialsProvider.profile(file, "team").resolve()).isEqualTo(Credentials.of("t-ak", "t-sk"));
  }

  @Test
  void givenProfileRotatedRightAfterUse_whenResolvedAgain_thenTheNewKeysAreUsed() throws IOException {
    // given: a file in use, then rewritten at once with keys of the same length (same size, same second)
    Path file = writeProfiles("[team]\naccess_key_id = ak-1\nsecret_access_key = sk-1\n");
    CredentialsProvider provider = CredentialsProvider.profile(file, "team");
    assertThat(provider.resolve()).isEqualTo(Credentials.of("ak-1", "sk-1"));

    // when
    Files.writeString(file, "[team]\naccess_key_id = ak-2\nsecret_access_key = sk-2\n");

    // then
    assertThat(provider.resolve()).isEqualTo(Credentials.of("ak-2", "sk-2"));
  }

  @Test
  void givenProfileReadBefore_whenItBecomesGroupReadable_thenTheNextResolveRefusesIt() throws IOException {
    // given: read once long after it was written, so the parsed file is kept
    Path file = writeProfiles("[team]\naccess_key_id = t-ak\nsecret_access_key = t-sk\n");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    CredentialsProvider provider = CredentialsProvider.profile(file, "team");
    assertThat(provider.resolve()).isEqualTo(Credentials.of("t-ak", "t-sk"));

    // when
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    // then
    assertThatThrownBy(provider::resolve).isInstanceOf(ProfileFileException.class).hasMessageContaining("chmod 600");
  }

  @Test
  void givenNothingAnywhere_whenChainResolves_thenErrorListsEveryStepAndTheFix() {
    Path file = home.resolve(".aihc").resolve("profiles");

    assertThatThrownBy(() -> CredentialSources.defaultChain(sources()).resolve())
        .isInstanceOf(CredentialsNotFoundException.class)
        .hasMessage("No AIHC credentials found. Looked in, in order:\n"
            + "  system properties: aihc.accessKeyId and aihc.secretAccessKey are not set\n"
            + "  environment: BCE_ACCESS_KEY_ID and BCE_SECRET_ACCESS_KEY are not set\n"
            + "  profile 'default' in " + file + ": the file does not exist\n"
            + "Set BCE_ACCESS_KEY_ID and BCE_SECRET_ACCESS_KEY, or put access_key_id and secret_access_key "
            + "under [default] in ~/.aihc/profiles (then chmod 600 it), or pass Credentials.of(ak, sk) to "
            + "the client.");
  }

  @Test
  void givenMissingSection_whenProfileResolves_thenErrorNamesTheSectionsThatExist() throws IOException {
    Path file = writeProfiles("[default]\naccess_key_id = a\nsecret_access_key = b\n[dev]\n");
    env.put("AIHC_PROFILE", "prod");

    assertThatThrownBy(() -> CredentialSources.profile(sources()).resolve())
        .isInstanceOf(CredentialsNotFoundException.class)
        .satisfies(e -> assertThat(((CredentialsNotFoundException) e).attempts()).containsExactly(
            "profile 'prod' in " + file + ": no [prod] section (sections: default, dev; AIHC_PROFILE selects one)"));
  }

  @Test
  void givenGroupReadableProfile_whenResolved_thenRefusedWithChmodFixAndChainStops() throws IOException {
    Path file = writeProfiles("[default]\naccess_key_id = a\nsecret_access_key = b\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    assertThatThrownBy(() -> CredentialSources.defaultChain(sources()).resolve())
        .isInstanceOf(ProfileFileException.class)
        .hasMessage("Refusing to read " + file + ": it holds secret keys but is readable by group or others. "
            + "Run: chmod 600 " + file);
  }

  @Test
  void givenWorldReadableProfile_whenResolved_thenRefused() throws IOException {
    Path file = writeProfiles("[default]\naccess_key_id = a\nsecret_access_key = b\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));

    assertThatThrownBy(() -> CredentialsProvider.profile(file, "default").resolve())
        .isInstanceOf(ProfileFileException.class)
        .hasMessageContaining("chmod 600 " + file);
  }

  @Test
  void givenMalformedLine_whenResolved_thenErrorNamesLineButNotItsText() throws IOException {
    Path file = writeProfiles("[default]\naccess_key_id = a\nPASTED-SECRET-VALUE\n");

    assertThatThrownBy(() -> CredentialsProvider.profile(file, "default").resolve())
        .isInstanceOf(ProfileFileException.class)
        .hasMessage(file + ": line 3 is neither [section] nor key = value. "
            + "Expected [profile] headers followed by key = value lines.")
        .hasMessageNotContaining("PASTED-SECRET-VALUE");
  }

  @Test
  void givenKeyBeforeAnySection_whenResolved_thenErrorNamesTheLine() throws IOException {
    Path file = writeProfiles("access_key_id = a\n[default]\n");

    assertThatThrownBy(() -> CredentialsProvider.profile(file, "default").resolve())
        .isInstanceOf(ProfileFileException.class)
        .hasMessageStartingWith(file + ": line 1 has a key before the first [section].");
  }

  @Test
  void givenFirstProviderSucceeds_whenChainResolves_thenLaterProvidersAreNotAsked() {
    AtomicInteger later = new AtomicInteger();
    CredentialsProvider chain = CredentialsProvider.chain(
        () -> {
          throw new CredentialsNotFoundException(List.of("first: nothing"));
        },
        CredentialsProvider.of(Credentials.of("ak", "sk")),
        () -> {
          later.incrementAndGet();
          return Credentials.of("x", "y");
        });

    assertThat(chain.resolve().accessKeyId()).isEqualTo("ak");
    assertThat(later).hasValue(0);
  }

  @Test
  void givenNestedChains_whenNothingFound_thenAttemptsAreFlattened() {
    CredentialsProvider none = () -> {
      throw new CredentialsNotFoundException(List.of("a: nothing"));
    };
    CredentialsProvider other = () -> {
      throw new CredentialsNotFoundException(List.of("b: nothing"));
    };

    assertThatThrownBy(() -> CredentialsProvider.chain(none, CredentialsProvider.chain(other, none)).resolve())
        .isInstanceOf(CredentialsNotFoundException.class)
        .satisfies(e -> assertThat(((CredentialsNotFoundException) e).attempts())
            .containsExactly("a: nothing", "b: nothing", "a: nothing"));
  }

  @Test
  void givenNoProviders_whenChained_thenRejected() {
    assertThatThrownBy(CredentialsProvider::chain)
        .isInstanceOf(IllegalArgumentException.class).hasMessage("chain needs at least one provider");
  }
}
