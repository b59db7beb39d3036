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
 * A namespace's TTS budget and policy, set by platform admins. With several TTSQuotas in one
 * namespace the strictest limit of each kind applies.
 */
@JsonClassDescription("A namespace's TTS budget and policy, set by platform admins: daily and monthly character and "
    + "request limits, concurrency and parallelism caps, and the dialects and voices the namespace may use. With "
    + "several TTSQuotas in one namespace the strictest limit of each kind applies.")
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Kind("TTSQuota")
@Singular("ttsquota")
@Plural("ttsquotas")
@ShortNames("ttsq")
@Categories("tts")
@AdditionalPrinterColumn(name = "Used", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.used.characters")
@AdditionalPrinterColumn(name = "Limit", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".spec.daily.characters")
@AdditionalPrinterColumn(name = "Percent", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.percent")
@AdditionalPrinterColumn(name = "Active", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.activeJobs")
@AdditionalPrinterColumn(name = "Enforcement", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".spec.enforcement", priority = 1)
@AdditionalPrinterColumn(name = "Monthly Used", type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.monthlyUsed.characters", priority = 1)
@AdditionalPrinterColumn(name = "Monthly Limit", type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".spec.monthly.characters", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class TTSQuota extends CustomResource<TTSQuotaSpec, TTSQuotaStatus> implements Namespaced {
}
