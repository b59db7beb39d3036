package io.dialect.tts.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SimulatedVendorTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void billsTheCharactersOfEachAnsweredTextToItsKey() throws Exception {
    try (SimulatedVendor vendor = SimulatedVendor.start()) {
      HttpResponse<byte[]> answer = post(vendor, "key-a", "{\"text\":\"老铁们好\\n!\",\"dialect\":\"dongbei\"}");

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(new String(answer.body(), 0, 3)).as("an MP3 with an ID3 tag").isEqualTo("ID3");
      assertThat(vendor.bills()).containsExactly(new SimulatedVendor.Bill("key-a", "老铁们好\n!", 6));
      assertThat(vendor.billedCharacters(t -> t.startsWith("老"))).isEqualTo(6);
    }
  }

  @Test
  void aRateLimitAnswers429WithRetryAfterAndBillsNothing() throws Exception {
    try (SimulatedVendor vendor = SimulatedVendor.start().requestsPerSecond(1)) {
      HttpResponse<byte[]> first = post(vendor, "k", "{\"text\":\"one\"}");
      HttpResponse<byte[]> second = post(vendor, "k", "{\"text\":\"two\"}");

      assertThat(first.statusCode()).isEqualTo(200);
      // Both in one wall-clock second unless the second boundary fell between them.
      if (second.statusCode() == 429) {
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(vendor.bills()).hasSize(1);
      } else {
        assertThat(vendor.bills()).hasSize(2);
      }
    }
  }

  @Test
  void aTokenBucketAdmitsItsBurstThenRefusesUntilTokensRefill() throws Exception {
    try (SimulatedVendor vendor = SimulatedVendor.start().tokenBucket(1, 3)) {
      for (int i = 0; i < 3; i++) {
        assertThat(post(vendor, "k", "{\"text\":\"burst\"}").statusCode()).isEqualTo(200);
      }
      HttpResponse<byte[]> refused = post(vendor, "k", "{\"text\":\"over\"}");

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      Thread.sleep(1_100);
      assertThat(post(vendor, "k", "{\"text\":\"refilled\"}").statusCode()).isEqualTo(200);
      assertThat(vendor.bills()).hasSize(4);
    }
  }

  @Test
  void answersGrowToTheAskedSizeAndStayAnMp3() throws Exception {
    try (SimulatedVendor vendor = SimulatedVendor.start().answerBytes(24 * 1024)) {
      HttpResponse<byte[]> answer = post(vendor, "k", "{\"text\":\"big\"}");

      assertThat(answer.body().length).isGreaterThanOrEqualTo(24 * 1024);
      assertThat(new String(answer.body(), 0, 3)).isEqualTo("ID3");
    }
  }

  @Test
  void aHungRequestIsNeverAnsweredNorBilled() throws Exception {
    try (SimulatedVendor vendor = SimulatedVendor.start().hangs(1.0, 2_000)) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(vendor.baseUrl() + "/tts"))
          .header("Authorization", "Bearer k").timeout(Duration.ofMillis(300))
          .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")).build();

      assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()))
          .isInstanceOf(HttpTimeoutException.class);
      assertThat(vendor.answered("hung")).isEqualTo(1);
      assertThat(vendor.bills()).isEmpty();
    }
  }

  @Test
  void anOutageAnswers503UntilItEnds() throws Exception {
    try (SimulatedVendor vendor = SimulatedVendor.start().outage(true)) {
      assertThat(post(vendor, "k", "{\"text\":\"x\"}").statusCode()).isEqualTo(503);
      vendor.outage(false);
      assertThat(post(vendor, "k", "{\"text\":\"x\"}").statusCode()).isEqualTo(200);
      assertThat(vendor.answered(503)).isEqualTo(1);
    }
  }

  @Test
  void aFailureRateOfOneAnswersEveryRequest500() throws Exception {
    try (SimulatedVendor vendor = SimulatedVendor.start().failureRate(1.0)) {
      assertThat(post(vendor, "k", "{\"text\":\"x\"}").statusCode()).isEqualTo(500);
      assertThat(vendor.bills()).isEmpty();
    }
  }

  @Test
  void aRequestWithoutKeyIsRefused() throws Exception {
    try (SimulatedVendor vendor = SimulatedVendor.start()) {
      HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(vendor.baseUrl() + "/tts"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(answer.statusCode()).isEqualTo(401);
    }
  }

  private HttpResponse<byte[]> post(SimulatedVendor vendor, String key, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(vendor.baseUrl() + "/tts"))
        .header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
