package io.dialect.tts.worker.gateway;

/**
 * Who called, as the API server vouched for the caller's token (a TokenReview): the ServiceAccount and
 * the pod the projected token is bound to. The namespace is the tenant: it pays, its quota applies,
 * its cache scope and output place are used.
 */
public record Caller(String namespace, String serviceAccount, String podName, String podUid) {
}
