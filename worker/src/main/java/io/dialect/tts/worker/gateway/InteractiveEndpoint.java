package io.dialect.tts.worker.gateway;

import io.dialect.tts.api.catalog.VoiceCatalog;
import io.dialect.tts.api.v1alpha1.AudioFormat;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.worker.engine.BillingMeter;
import io.dialect.tts.worker.engine.JobContext;
import io.dialect.tts.worker.engine.SynthesisEngine;
import io.dialect.tts.worker.engine.SynthesisOutcome;
import io.dialect.tts.worker.engine.SynthesisOutcome.NotSynthesized;
import io.dialect.tts.worker.engine.SynthesisOutcome.Synthesized;
import io.dialect.tts.worker.gateway.GatewayApi.SynthesizeRequest;
import io.dialect.tts.worker.output.ItemStatus;
import io.dialect.tts.worker.engine.JobDefaults;
import io.dialect.tts.worker.source.SourceItem;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/synthesize}: one text to audio for an application (the seed's high-priority path).
 * Same engine as jobs - caches, de-duplication, failover - and the caller's namespace pays: its
 * TTSQuota applies, its cache scope is used.
 */
final class InteractiveEndpoint {
  private static final int MAX_TEXT = 10_000;

  private final CallerIdentity identity;
  private final SynthesisEngine engine;
  private final VoiceCatalog catalog;

  InteractiveEndpoint(CallerIdentity identity, SynthesisEngine engine, VoiceCatalog catalog) {
    this.identity = identity;
    this.engine = engine;
    this.catalog = catalog;
  }

  void handle(GatewayExchange exchange) throws IOException {
    if (!"POST".equals(exchange.method())) {
      throw new GatewayException(405, GatewayException.INVALID_REQUEST, "POST " + GatewayApi.SYNTHESIZE);
    }
    Caller caller = identity.authenticate(exchange.bearerToken());
    SynthesizeRequest request = exchange.body(SynthesizeRequest.class);
    if (request.text() == null || request.text().isBlank()) {
      throw GatewayException.invalid("text is required");
    }
    if (request.text().codePointCount(0, request.text().length()) > MAX_TEXT) {
      throw GatewayException.invalid("text is longer than " + MAX_TEXT + " characters");
    }
    if (request.dialect() == null) {
      throw GatewayException.invalid("dialect is required; known dialects: " + catalog.dialectIds());
    }
    TTSJobSpec spec = new TTSJobSpec();
    spec.setDialect(request.dialect());
    spec.setVoice(request.voice());
    spec.setSpeed(request.speed());
    spec.setEmotion(request.emotion());
    spec.setFormat(format(request.format()));
    JobContext context = new JobContext(caller.namespace(), "serviceaccount:" + caller.serviceAccount(),
        new JobDefaults(spec, catalog), List.of(), true, BillingMeter.NONE);
    SynthesisOutcome outcome = engine.synthesize(context, new SourceItem("synthesize", request.text()));
    switch (outcome) {
      case Synthesized made -> {
        var headers = exchange.http().getResponseHeaders();
        headers.set(GatewayApi.HEADER_REQUEST_ID, UUID.randomUUID().toString());
        if (made.provider() != null) {
          headers.set(GatewayApi.HEADER_PROVIDER, made.provider());
        }
        headers.set(GatewayApi.HEADER_CACHE_TIER, made.cacheTier());
        headers.set(GatewayApi.HEADER_BILLED, String.valueOf(made.billedCharacters()));
        headers.set(GatewayApi.HEADER_DEGRADED, String.valueOf(made.degraded()));
        exchange.bytes(200, contentType(spec.effectiveFormat()), made.audio().data());
      }
      case NotSynthesized refused -> throw refusal(refused);
    }
  }

  private static GatewayException refusal(NotSynthesized refused) {
    if (refused.status() == ItemStatus.QuotaExceeded) {
      return new GatewayException(429, GatewayException.QUOTA_EXCEEDED, refused.message());
    }
    if (refused.status() == ItemStatus.Rejected) {
      return new GatewayException(422, GatewayException.REJECTED, refused.message());
    }
    if (SynthesisEngine.UNKNOWN_VOICE.equals(refused.reason())) {
      return GatewayException.invalid(refused.message());
    }
    return new GatewayException(503, GatewayException.UNAVAILABLE, refused.reason() + ": " + refused.message());
  }

  private static AudioFormat format(String name) {
    if (name == null) {
      return AudioFormat.MP3;
    }
    return Arrays.stream(AudioFormat.values()).filter(f -> f.extension().equals(name)).findFirst()
        .orElseThrow(() -> GatewayException.invalid("format must be mp3, wav or ogg, not " + name));
  }

  static String contentType(AudioFormat format) {
    return switch (format) {
      case MP3 -> "audio/mpeg";
      case WAV -> "audio/wav";
      case OGG -> "audio/ogg";
    };
  }
}
