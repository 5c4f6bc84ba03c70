{{/*
Names and labels. Names are cut to 63 characters (DNS label limit).
*/}}
{{- define "pipelock.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "pipelock.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "pipelock.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "pipelock.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pipelock.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: proxy
{{- end -}}

{{- define "pipelock.labels" -}}
helm.sh/chart: {{ include "pipelock.chart" . }}
{{ include "pipelock.selectorLabels" . }}
app.kubernetes.io/version: {{ include "pipelock.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "pipelock.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion | toString -}}
{{- end -}}

{{/*
"pipelock.isSet": "true" when key .key of map .map is present and neither null
nor the empty string. 0 and false count as set (Helm's `default` and plain
`if` would treat them as unset).
*/}}
{{- define "pipelock.isSet" -}}
{{- if and (kindIs "map" .map) (hasKey .map .key) -}}
{{- $v := index .map .key -}}
{{- if not (or (kindIs "invalid" $v) (and (kindIs "string" $v) (eq $v ""))) -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/*
"pipelock.copyKeys": copies the keys of .keys (values key -> config key) that
are set in .from into the dict .to. Used to turn camelCase values into
pipelock.yaml's snake_case keys without losing an explicit false or 0.
*/}}
{{- define "pipelock.copyKeys" -}}
{{- $from := .from -}}
{{- $to := .to -}}
{{- range $valuesKey, $configKey := .keys -}}
{{- if eq (include "pipelock.isSet" (dict "map" $from "key" $valuesKey)) "true" -}}
{{- $_ := set $to $configKey (index $from $valuesKey) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "pipelock.bool": the boolean at .map.key, or .default when the key is unset. */}}
{{- define "pipelock.bool" -}}
{{- if eq (include "pipelock.isSet" .) "true" -}}
{{- if index .map .key -}}true{{- else -}}false{{- end -}}
{{- else -}}
{{- if .default -}}true{{- else -}}false{{- end -}}
{{- end -}}
{{- end -}}

{{- define "pipelock.forwardProxyEnabled" -}}
{{- include "pipelock.bool" (dict "map" .Values.forwardProxy "key" "enabled" "default" true) -}}
{{- end -}}

{{/*
The MCP listener runs when mcpProxy.enabled is true, or, left unset (null),
exactly when mcpProxy.upstream is set: the defaults install a forward proxy.
*/}}
{{- define "pipelock.mcpProxyEnabled" -}}
{{- if eq (include "pipelock.isSet" (dict "map" .Values.mcpProxy "key" "enabled")) "true" -}}
{{- include "pipelock.bool" (dict "map" .Values.mcpProxy "key" "enabled" "default" false) -}}
{{- else if and (kindIs "map" .Values.mcpProxy) .Values.mcpProxy.upstream -}}true
{{- else -}}false
{{- end -}}
{{- end -}}

{{- define "pipelock.forwardPort" -}}
{{- .Values.forwardProxy.port | default 8888 | int -}}
{{- end -}}

{{- define "pipelock.mcpPort" -}}
{{- .Values.mcpProxy.port | default 8889 | int -}}
{{- end -}}
