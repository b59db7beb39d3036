package io.dialect.tts.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A batch of texts to synthesize in one dialect and voice, written to one output place. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("TTSJob")
@Singular("ttsjob")
@Plural("ttsjobs")
@ShortNames("ttsj")
@AdditionalPrinterColumn(name = "Dialect", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.dialect")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Progress", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.progress")
@AdditionalPrinterColumn(name = "Cached", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.cached")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class TTSJob extends CustomResource<TTSJobSpec, TTSJobStatus> implements Namespaced {
}
