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

{{/* Redis URL the operator and the workers (in other namespaces: fully qualified) use. */}}
{{- define "tts.redisUrl" -}}
{{- if .Values.redis.externalUrl }}
{{- .Values.redis.externalUrl }}
{{- else if .Values.redis.enabled }}
{{- printf "redis://%s-redis.%s.svc:6379" (include "tts.fullname" .) .Release.Namespace }}
{{- else }}
{{- fail "Redis is required: set redis.enabled=true or redis.externalUrl" }}
{{- end }}
{{- end }}

{{/* Environment variable that carries one provider key into worker pods (dict "provider" p "slot" "primary"). */}}
{{- define "tts.keyEnv" -}}
{{- printf "TTS_KEY_%s_%s" (.provider | upper | replace "-" "_") (.slot | upper) }}
{{- end }}

{{/*
The restricted container securityContext (Pod Security Standards "restricted"), shared by every
container the chart renders.
*/}}
{{- define "tts.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}
