package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ServiceErrorDecoderTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givenBceJsonError_whenDecoded_thenFieldsAndMessageWithFix() {
    AihcServiceException e = ServiceErrorDecoder.decode(403,
        utf8("{\"requestId\":\"body-id\",\"code\":\"InvalidAccessKeyId\",\"message\":\"The access key id does not exist\"}"),
        "hdr-id", "CreateJob");

    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.errorCode()).isEqualTo("InvalidAccessKeyId");
    assertThat(e.serviceMessage()).isEqualTo("The access key id does not exist");
    assertThat(e.requestId()).contains("hdr-id");
    assertThat(e.action()).isEqualTo("CreateJob");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e).hasMessage("CreateJob failed: 403 InvalidAccessKeyId: The access key id does not exist "
        + "(requestId=hdr-id). Check the access key id (BCE_ACCESS_KEY_ID or ~/.aihc/profiles).");
  }

  @Test
  void givenNoRequestIdHeader_whenDecoded_thenBodyRequestIdIsUsed() {
    AihcServiceException e = ServiceErrorDecoder.decode(400,
        utf8("{\"requestId\":\"body-id\",\"code\":\"MalformedJSON\",\"message\":\"bad\"}"), null, "CreateJob");

    assertThat(e.requestId()).contains("body-id");
  }

  @Test
  void givenSignatureMismatch_whenDecoded_thenFixMentionsSecretKeyAndClock() {
    AihcServiceException e = ServiceErrorDecoder.decode(403,
        utf8("{\"code\":\"SignatureDoesNotMatch\",\"message\":\"The request signature we calculated does not match\"}"),
        "r-1", "DescribeJobs");

    assertThat(e).hasMessage("DescribeJobs failed: 403 SignatureDoesNotMatch: The request signature we calculated "
        + "does not match (requestId=r-1). Check the secret access key (BCE_SECRET_ACCESS_KEY or "
        + "~/.aihc/profiles) and that this machine's clock is right (sync it with NTP).");
  }

  @Test
  void givenRequestExpired_whenDecoded_thenRetryableAndClockFix() {
    AihcServiceException e = ServiceErrorDecoder.decode(400,
        utf8("{\"code\":\"RequestExpired\",\"message\":\"Request has expired\"}"), "r-2", "DescribeJob");

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("machine's clock is right");
  }

  @Test
  void givenMissingQueue_whenDecoded_thenFixSaysSetAQueue() {
    AihcServiceException e = ServiceErrorDecoder.decode(400,
        utf8("{\"code\":\"InvalidParam\",\"message\":\"queueID must be set in serverless pool\"}"), "r-3", "CreateJob");

    assertThat(e).hasMessage("CreateJob failed: 400 InvalidParam: queueID must be set in serverless pool "
        + "(requestId=r-3). Set a queue: job.queue(...), AIHC_QUEUE, or queue in ~/.aihc/profiles (a queue "
        + "name on a self-managed pool, an aihcq-... id on aihc-serverless).");
  }

  @Test
  void givenOtherInvalidParam_whenDecoded_thenGenericParameterFix() {
    AihcServiceException e = ServiceErrorDecoder.decode(400,
        utf8("{\"code\":\"InvalidParam\",\"message\":\"replicas must be positive\"}"), "r-4", "CreateJob");

    assertThat(e.getMessage()).endsWith("(requestId=r-4). Check the parameter named in the message.");
  }

  @ParameterizedTest
  @CsvSource({
      "400, InvalidHTTPRequest, false",
      "403, AccessDenied, false",
      "404, NotFound, false",
      "429, TooManyRequests, true",
      "500, InternalError, true",
      "502, BadGateway, true",
      "503, ServiceUnavailable, true",
      "504, GatewayTimeout, false",
      "418, Http418, false",
  })
  void givenEmptyBody_whenDecoded_thenCodeDerivedFromStatus(int status, String code, boolean retryable) {
    AihcServiceException e = ServiceErrorDecoder.decode(status, new byte[0], null, "DescribeJobs");

    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.serviceMessage()).isEmpty();
    assertThat(e.requestId()).isEmpty();
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.getMessage()).startsWith("DescribeJobs failed: " + status + " " + code + " (no requestId). ");
  }

  @Test
  void givenHtmlFromAProxy_whenDecoded_thenShortExcerptIsKept() {
    String page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + "x".repeat(500) + "</body></html>";

    AihcServiceException e = ServiceErrorDecoder.decode(502, utf8(page), "r-5", "CreateJob");

    assertThat(e.errorCode()).isEqualTo("BadGateway");
    assertThat(e.serviceMessage())
        .startsWith("non-JSON response: <html> <head><title>502 Bad Gateway</title></head> <body>xxx")
        .hasSize("non-JSON response: ".length() + ServiceErrorDecoder.EXCERPT_LIMIT + 1)
        .endsWith("…");
    assertThat(e.getMessage()).endsWith("The service failed on its side; retry later, and quote the requestId "
        + "if it persists.");
  }

  @Test
  void givenJsonWithoutCode_whenDecoded_thenCodeFromStatusAndMessageKept() {
    AihcServiceException e = ServiceErrorDecoder.decode(503, utf8("{\"message\":\"busy\"}"), "r-6", "DescribeJob");

    assertThat(e.errorCode()).isEqualTo("ServiceUnavailable");
    assertThat(e.serviceMessage()).isEqualTo("busy");
  }

  @Test
  void givenBrokenJson_whenDecoded_thenTreatedAsText() {
    AihcServiceException e = ServiceErrorDecoder.decode(500, utf8("{\"code\": \"Intern"), null, "DescribeJob");

    assertThat(e.errorCode()).isEqualTo("InternalError");
    assertThat(e.serviceMessage()).isEqualTo("non-JSON response: {\"code\": \"Intern");
  }

  @Test
  void givenDirectConstructionWithoutMessageOrId_whenBuilt_thenMessageStillSaysWhatAndWhatToDo() {
    AihcServiceException e = new AihcServiceException("DeleteJob", 404, "NotFound", null, " ");

    assertThat(e.serviceMessage()).isEmpty();
    assertThat(e.requestId()).isEmpty();
    assertThat(e).hasMessage("DeleteJob failed: 404 NotFound (no requestId). Check the region, the resource "
        + "pool id and the job id.");
  }

  @Test
  void givenBodyEchoingTheAuthorizationHeader_whenDecoded_thenSignatureIsRedacted() {
    String echoed = "{\"code\":\"SignatureDoesNotMatch\",\"message\":\"expected auth for "
        + "bce-auth-v1/ak/2026-08-19T03:04:05Z/1800//0123abcd but got something else\"}";

    AihcServiceException e = ServiceErrorDecoder.decode(403, utf8(echoed), "r-7", "CreateJob");

    assertThat(e.getMessage()).contains("expected auth for bce-auth-v1/<redacted> but got")
        .doesNotContain("0123abcd");
  }
}
