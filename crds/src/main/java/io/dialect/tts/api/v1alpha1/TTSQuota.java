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

/**
 * A namespace's TTS budget and policy, set by platform admins. With several TTSQuotas in one
 * namespace the strictest limit of each kind applies.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("TTSQuota")
@Singular("ttsquota")
@Plural("ttsquotas")
@ShortNames("ttsq")
@AdditionalPrinterColumn(name = "Used", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.used.characters")
@AdditionalPrinterColumn(name = "Limit", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".spec.daily.characters")
@AdditionalPrinterColumn(name = "Percent", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.percent")
@AdditionalPrinterColumn(name = "Active", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.activeJobs")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class TTSQuota extends CustomResource<TTSQuotaSpec, TTSQuotaStatus> implements Namespaced {
}
