package io.dialect.tts.worker.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM (the pod is being deleted, a node drained) runs the JVM's shutdown hooks while the other
 * threads go on. This hook asks the work to stop and holds the JVM open until it has finished what is
 * in flight and recorded it (or until {@code grace}, shorter than the pod's termination grace period),
 * so that nothing paid for is lost. Closing it means the work is over: the JVM may exit.
 */
final class GracefulShutdown implements AutoCloseable {
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook;
  private volatile Runnable stop = () -> { };

  GracefulShutdown(Duration grace) {
    hook = new Thread(() -> {
      stop.run();
      try {
        done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "graceful-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** What SIGTERM should ask the work to do. */
  void onStop(Runnable action) {
    this.stop = action;
  }

  @Override
  public void close() {
    done.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // SIGTERM came: the hook is running and now returns.
    }
  }
}
