package io.dialect.tts.worker.testing;

import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** TTSJobs for worker tests, built as the API server would hand them over (defaults aside). */
public final class TestJobs {
  private TestJobs() {
  }

  /** A Dongbei job "welcome" in namespace team-a with these inline items. */
  public static TTSJob dongbei(List<TTSItem> items) {
    TTSJob job = new TTSJob();
    job.setMetadata(new ObjectMetaBuilder().withName("welcome").withNamespace("team-a").withUid("uid-1").build());
    TTSJobSpec spec = new TTSJobSpec();
    spec.setDialect("dongbei");
    spec.setItems(items);
    job.setSpec(spec);
    return job;
  }
}
