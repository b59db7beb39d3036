/**
 * The {@code tts.dialect.io/v1alpha1} API: {@link io.dialect.tts.api.v1alpha1.TTSJob} and
 * {@link io.dialect.tts.api.v1alpha1.TTSQuota}. Field descriptions ({@code @JsonPropertyDescription})
 * become the text of {@code kubectl explain}; validation annotations become the CRD's OpenAPI schema
 * and CEL rules, so the API server rejects bad objects at {@code kubectl apply}.
 */
package io.dialect.tts.api.v1alpha1;
