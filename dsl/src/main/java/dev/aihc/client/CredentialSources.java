package dev.aihc.client;

import dev.aihc.internal.credentials.ConfigSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The providers behind the {@link CredentialsProvider} factories, built on injectable sources. */
final class CredentialSources {
  static final String AK_PROPERTY = "aihc.accessKeyId";
  static final String SK_PROPERTY = "aihc.secretAccessKey";
  static final String TOKEN_PROPERTY = "aihc.sessionToken";
  static final String AK_ENV = "BCE_ACCESS_KEY_ID";
  static final String SK_ENV = "BCE_SECRET_ACCESS_KEY";
  static final String TOKEN_ENV = "BCE_SESSION_TOKEN";

  private CredentialSources() {}

  static CredentialsProvider systemProperties(ConfigSources src) {
    return () -> pair("system properties", AK_PROPERTY, src.property(AK_PROPERTY),
        SK_PROPERTY, src.property(SK_PROPERTY), src.property(TOKEN_PROPERTY));
  }

  static CredentialsProvider environment(ConfigSources src) {
    return () -> pair("environment", AK_ENV, src.envVar(AK_ENV),
        SK_ENV, src.envVar(SK_ENV), src.envVar(TOKEN_ENV));
  }

  static CredentialsProvider profile(ConfigSources src) {
    return profile(src::profileFile, src::profileName);
  }

  static CredentialsProvider profile(Supplier<Path> file, Supplier<String> name) {
    return () -> {
      Path path = file.get();
      String profile = name.get();
      String where = "profile '" + profile + "' in " + path;
      ProfileFile ini = ProfileFile.load(path)
          .orElseThrow(() -> notFound(where + ": the file does not exist"));
      Map<String, String> section = ini.section(profile)
          .orElseThrow(() -> notFound(where + ": no [" + profile + "] section (sections: "
              + String.join(", ", ini.sectionNames()) + "; AIHC_PROFILE selects one)"));
      return pair(where, "access_key_id", value(section, "access_key_id"),
          "secret_access_key", value(section, "secret_access_key"), value(section, "session_token"));
    };
  }

  static CredentialsProvider chain(List<CredentialsProvider> providers) {
    List<CredentialsProvider> copy = List.copyOf(providers);
    return () -> {
      List<String> attempts = new ArrayList<>();
      for (CredentialsProvider provider : copy) {
        try {
          return provider.resolve();
        } catch (CredentialsNotFoundException e) {
          attempts.addAll(e.attempts()); // nested chains contribute their own lines
        }
      }
      throw new CredentialsNotFoundException(attempts);
    };
  }

  static CredentialsProvider defaultChain(ConfigSources src) {
    return chain(List.of(systemProperties(src), environment(src), profile(src)));
  }

  static Optional<String> value(Map<String, String> section, String key) {
    String v = section.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** Both keys, or a not-found naming what was missing; a lone half never counts. */
  private static Credentials pair(String where, String akName, Optional<String> ak, String skName,
      Optional<String> sk, Optional<String> token) {
    if (ak.isPresent() && sk.isPresent()) {
      return token.isPresent()
          ? Credentials.of(ak.get(), sk.get(), token.get())
          : Credentials.of(ak.get(), sk.get());
    }
    String missing;
    if (ak.isEmpty() && sk.isEmpty()) {
      missing = akName + " and " + skName + " are not set";
    } else if (ak.isEmpty()) {
      missing = skName + " is set but " + akName + " is not";
    } else {
      missing = akName + " is set but " + skName + " is not";
    }
    throw notFound(where + ": " + missing);
  }

  private static CredentialsNotFoundException notFound(String attempt) {
    return new CredentialsNotFoundException(List.of(attempt));
  }
}
