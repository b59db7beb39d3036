package io.dialect.tts.operator.status;

/**
 * Why a job does not start: a condition reason (e.g. InvalidSpec, Misconfigured, WaitingForQuota)
 * and a message that says what to fix.
 */
public record Rejection(String reason, String message) {
}
