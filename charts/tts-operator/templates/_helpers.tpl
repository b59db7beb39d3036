{{/* Chart name, overridable. */}}
{{- define "tts.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name: the release name, with the chart name unless the release already has it. */}}
{{- define "tts.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "tts.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "tts.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: dialect-tts
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component (dict "ctx" $ "component" "operator"). */}}
{{- define "tts.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tts.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Labels of one component: common labels plus its selector labels. */}}
{{- define "tts.componentLabels" -}}
{{ include "tts.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tts.operatorServiceAccountName" -}}
{{- default (include "tts.fullname" .) .Values.operator.serviceAccount.name }}
{{- end }}

{{/* image reference: repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "tts.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* "true" when the chart runs Redis itself (redis.enabled and no redis.externalUrl), else empty. */}}
{{- define "tts.inChartRedis" -}}
{{- if and .Values.redis.enabled (not .Values.redis.externalUrl) }}true{{ end }}
{{- end }}

{{/*
Redis URL the operator and the gateway use; never with credentials (the password is env
TTS_REDIS_PASSWORD). redis.tls.enabled makes an external URL rediss://; the in-chart Redis serves no
TLS, so asking for TLS with it fails the install instead of leaving pods that cannot connect.
*/}}
{{- define "tts.redisUrl" -}}
{{- if .Values.redis.externalUrl }}
{{- if .Values.redis.tls.enabled }}
{{- regexReplaceAll "^redis://" .Values.redis.externalUrl "rediss://" }}
{{- else }}
{{- .Values.redis.externalUrl }}
{{- end }}
{{- else if .Values.redis.enabled }}
{{- if .Values.redis.tls.enabled }}
{{- fail "redis.tls.enabled: the in-chart Redis does not serve TLS; set redis.externalUrl to a Redis that does, or redis.tls.enabled=false" }}
{{- end }}
{{- printf "redis://%s-redis.%s.svc:6379" (include "tts.fullname" .) .Release.Namespace }}
{{- else }}
{{- fail "Redis is required: set redis.enabled=true or redis.externalUrl" }}
{{- end }}
{{- end }}

{{/*
Secret (release namespace) with the Redis password: redis.auth.existingSecret, or the one the chart
creates for its in-chart Redis. An external Redis' password is not the chart's to invent.
*/}}
{{- define "tts.redisAuthSecretName" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- .Values.redis.auth.existingSecret }}
{{- else if include "tts.inChartRedis" . }}
{{- printf "%s-redis-auth" (include "tts.fullname" .) }}
{{- else if .Values.redis.externalUrl }}
{{- fail (printf "redis.auth.existingSecret: name the Secret in namespace %s that holds the password of redis.externalUrl (entry redis.auth.secretKey), or set redis.auth.enabled=false" .Release.Namespace) }}
{{- else }}
{{- /* No Redis at all: tts.redisUrl says so. */}}
{{- include "tts.redisUrl" . }}
{{- end }}
{{- end }}

{{/* An env entry (dict "ctx" $ "name" "TTS_REDIS_PASSWORD") with the Redis password, when auth is on. */}}
{{- define "tts.redisPasswordEnv" -}}
{{- if .ctx.Values.redis.auth.enabled -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "tts.redisAuthSecretName" .ctx }}
      key: {{ .ctx.Values.redis.auth.secretKey }}
{{- end }}
{{- end }}

{{- define "tts.gatewayServiceAccountName" -}}
{{- default (printf "%s-gateway" (include "tts.fullname" .)) .Values.gateway.serviceAccount.name }}
{{- end }}

{{/* What worker pods call: the gateway Service, port 80. */}}
{{- define "tts.gatewayUrl" -}}
{{- printf "http://%s-gateway.%s.svc" (include "tts.fullname" .) .Release.Namespace }}
{{- end }}

{{/* Environment variable that carries one provider key into the gateway (dict "provider" p "slot" "primary"). */}}
{{- define "tts.keyEnv" -}}
{{- printf "TTS_KEY_%s_%s" (.provider | upper | replace "-" "_") (.slot | upper) }}
{{- end }}

{{/*
topologySpreadConstraints of one component (dict "ctx" $ "component" "gateway" "constraints" list): a
constraint without labelSelector gets the component's selector labels.
*/}}
{{- define "tts.topologySpreadConstraints" -}}
{{- $selector := dict "matchLabels" (include "tts.selectorLabels" (dict "ctx" .ctx "component" .component) | fromYaml) }}
{{- with .constraints }}
topologySpreadConstraints:
{{- range . }}
{{- $constraint := deepCopy . }}
{{- if not (hasKey $constraint "labelSelector") }}
{{- $_ := set $constraint "labelSelector" $selector }}
{{- end }}
  - {{- toYaml $constraint | nindent 4 }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Probes of a JVM container serving /healthz and /readyz on port "http". The startup probe gives the JVM
up to two minutes to start (a slow node, a cold image cache) before the liveness probe may restart it.
*/}}
{{- define "tts.jvmProbes" -}}
startupProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 5
  failureThreshold: 24
livenessProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /readyz, port: http}
  periodSeconds: 5
{{- end }}

{{/* The operator's rules, one per need of its code: a ClusterRole, or a Role per watched namespace (rbac.yaml). */}}
{{- define "tts.operatorRules" -}}
# Informers on TTSJobs (list, watch); the cleanup finalizer added and removed by patch (a re-read with
# get after a conflict); delete when ttlSecondsAfterFinished has passed.
- apiGroups: [tts.dialect.io]
  resources: [ttsjobs]
  verbs: [get, list, watch, patch, delete]
# Informers on TTSQuotas; the finalizer that removes the namespace's limits from Redis when its last
# TTSQuota goes (patch, get after a conflict); QuotaLimitsSync and admission list them.
- apiGroups: [tts.dialect.io]
  resources: [ttsquotas]
  verbs: [get, list, watch, patch]
# Progress, usage, phase and conditions: server-side apply of the status subresource only.
- apiGroups: [tts.dialect.io]
  resources: [ttsjobs/status, ttsquotas/status]
  verbs: [patch]
# Owner references with blockOwnerDeletion on the owned worker Jobs need update on the owner's finalizers.
- apiGroups: [tts.dialect.io]
  resources: [ttsjobs/finalizers]
  verbs: [update]
# One owned Indexed batch Job per TTSJob, found by an informer and applied server-side (create the first
# time; patch suspend/parallelism/deadline after). The garbage collector deletes it with its TTSJob.
- apiGroups: [batch]
  resources: [jobs]
  verbs: [list, watch, create, patch]
# get only: the provider config (voice catalog) in the release namespace, and a job's source ConfigMap
# (spec.source.configMapRef) to check it holds the key.
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get]
# Validation: the output PersistentVolumeClaim (spec.output.pvc) exists.
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get]
# An informer on the worker pods explains a job that does not start: a kubelet's waiting reason (e.g.
# ImagePullBackOff, CreateContainerConfigError) becomes the job's condition.
- apiGroups: [""]
  resources: [pods]
  verbs: [list, watch]
# Typed, de-duplicated Events: a repeat reads and patches the count of the existing Event.
- apiGroups: [""]
  resources: [events]
  verbs: [get, create, patch]
{{- end }}
