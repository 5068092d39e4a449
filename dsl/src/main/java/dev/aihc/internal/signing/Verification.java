package dev.aihc.internal.signing;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link BceSigner#verify}: an outcome and a human-readable detail.
 *
 * @param outcome what the check found
 * @param detail why, for a server log or an error message (never contains a secret); empty when OK
 */
public record Verification(Outcome outcome, String detail) {

  /** What a signature check can find, with the HTTP status and BCE code the service answers. */
  public enum Outcome {
    /** The signature matches and the time is within bounds. */
    OK(200, null),
    /** The header is missing or not {@code bce-auth-v1/...} with six valid parts. */
    MALFORMED_HEADER(400, "InvalidHTTPAuthHeader"),
    /** The header names an access key id other than the expected one. */
    ACCESS_KEY_MISMATCH(403, "InvalidAccessKeyId"),
    /** The recomputed signature differs, or a listed signed header is missing. */
    SIGNATURE_MISMATCH(403, "SignatureDoesNotMatch"),
    /** The signature is valid but {@code now} is past timestamp + expirationSeconds. */
    EXPIRED(400, "RequestExpired"),
    /** The signature is valid but its timestamp is further from {@code now} than the window allows. */
    OUTSIDE_TIME_WINDOW(400, "RequestExpired");

    private final int httpStatus;
    private final String bceErrorCode;

    Outcome(int httpStatus, String bceErrorCode) {
      this.httpStatus = httpStatus;
      this.bceErrorCode = bceErrorCode;
    }

    /** The HTTP status a BCE service answers with for this outcome. */
    public int httpStatus() {
      return httpStatus;
    }

    /** The BCE error code for this outcome; empty for {@link #OK}. */
    public Optional<String> bceErrorCode() {
      return Optional.ofNullable(bceErrorCode);
    }
  }

  /** Checks the parts; {@code detail} may be empty but not null. */
  public Verification {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** True for {@link Outcome#OK}. */
  public boolean isOk() {
    return outcome == Outcome.OK;
  }

  static Verification ok() {
    return new Verification(Outcome.OK, "");
  }

  static Verification failed(Outcome outcome, String detail) {
    return new Verification(outcome, detail);
  }
}
