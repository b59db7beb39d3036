package io.dialect.tts.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A batch of texts to synthesize in one dialect and voice, written to one output place. The
 * {@link JsonClassDescription} texts of the kind, its spec and its status become the descriptions
 * {@code kubectl explain} shows for the object, {@code spec} and {@code status}.
 */
@JsonClassDescription("A batch of texts a team wants spoken in one dialect and voice, written as audio files and a "
    + "manifest to one output place. The operator admits it against the namespace's TTSQuota, runs it as an indexed "
    + "batch Job of worker pods, and reports progress, billed characters and conditions in status.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("TTSJob")
@Singular("ttsjob")
@Plural("ttsjobs")
@ShortNames("ttsj")
@Categories("tts")
@AdditionalPrinterColumn(name = "Dialect", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.dialect")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
// Shown without -o wide: a Queued or Pending job's reason (WaitingForQuota, InvalidSpec...) is the first thing to read.
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.reason")
@AdditionalPrinterColumn(name = "Progress", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.progress")
@AdditionalPrinterColumn(name = "Cached", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.cached")
@AdditionalPrinterColumn(name = "Failed", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.failed",
    priority = 1)
@AdditionalPrinterColumn(name = "Billed", type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.characters.billed", priority = 1)
@AdditionalPrinterColumn(name = "Voice", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.voice",
    priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class TTSJob extends CustomResource<TTSJobSpec, TTSJobStatus> implements Namespaced {
}
