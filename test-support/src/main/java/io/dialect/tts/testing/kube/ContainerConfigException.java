package io.dialect.tts.testing.kube;

/**
 * A container cannot start yet, for a reason a kubelet would show in {@code state.waiting}
 * (e.g. {@code CreateContainerConfigError}, {@code ContainerCreating}, {@code ErrImagePull}). The
 * kubelet retries later: the missing Secret or ConfigMap may appear.
 */
final class ContainerConfigException extends Exception {
  private final String reason;

  ContainerConfigException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
