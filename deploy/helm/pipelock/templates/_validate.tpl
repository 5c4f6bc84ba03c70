{{/*
"pipelock.validate": fails the render with one clear line for values that would
otherwise install a broken or silently wrong release. Included by configmap.yaml,
which is always rendered. values.schema.json checks types and enums first.
*/}}
{{- define "pipelock.validate" -}}
{{- $v := .Values -}}
{{- $fwd := eq (include "pipelock.forwardProxyEnabled" .) "true" -}}
{{- $mcp := eq (include "pipelock.mcpProxyEnabled" .) "true" -}}

{{- if not (has (toString $v.mode) (list "strict" "balanced" "audit")) -}}
{{- fail (printf "pipelock: mode must be strict, balanced or audit, not %q" (toString $v.mode)) -}}
{{- end -}}

{{- if and (not $fwd) (not $mcp) -}}
{{- fail "pipelock: forwardProxy.enabled and mcpProxy.enabled are both false: nothing to run" -}}
{{- end -}}

{{- range $name, $port := dict "forwardProxy.port" $v.forwardProxy.port "mcpProxy.port" $v.mcpProxy.port -}}
{{- if not (and (or (kindIs "float64" $port) (kindIs "int" $port) (kindIs "int64" $port)) (ge (int $port) 1) (le (int $port) 65535) (eq (float64 (int $port)) (float64 $port))) -}}
{{- fail (printf "pipelock: %s must be a port number from 1 to 65535, not %v" $name $port) -}}
{{- end -}}
{{- end -}}
{{- if and $mcp (eq (include "pipelock.forwardPort" .) (include "pipelock.mcpPort" .)) -}}
{{- fail (printf "pipelock: forwardProxy.port and mcpProxy.port are both %s: the two listeners need different ports" (include "pipelock.forwardPort" .)) -}}
{{- end -}}

{{- if $mcp -}}
{{- if not $v.mcpProxy.upstream -}}
{{- fail "pipelock: mcpProxy.upstream is required while mcpProxy.enabled is true (the MCP endpoint to protect, e.g. http://sure-web:3000/mcp); set mcpProxy.enabled=false for a forward-proxy-only deployment" -}}
{{- end -}}
{{- if not (regexMatch "^https?://[^/\\s]+" (toString $v.mcpProxy.upstream)) -}}
{{- fail (printf "pipelock: mcpProxy.upstream must be an http(s) URL, not %q" (toString $v.mcpProxy.upstream)) -}}
{{- end -}}
{{- end -}}

{{- if $v.ingress.enabled -}}
{{- if not $mcp -}}
{{- fail "pipelock: ingress.enabled needs mcpProxy.enabled: the Ingress exposes the MCP port only" -}}
{{- end -}}
{{- if not $v.ingress.hosts -}}
{{- fail "pipelock: ingress.enabled is true but ingress.hosts is empty; add at least one host with paths, e.g. hosts: [{host: pipelock.example.com, paths: [{path: /, pathType: Prefix}]}]" -}}
{{- end -}}
{{- range $i, $h := $v.ingress.hosts -}}
{{- if not (kindIs "map" $h) -}}
{{- fail (printf "pipelock: ingress.hosts[%d] must be a map with host and paths" $i) -}}
{{- end -}}
{{- if not $h.host -}}
{{- fail (printf "pipelock: ingress.hosts[%d].host is empty" $i) -}}
{{- end -}}
{{- if not $h.paths -}}
{{- fail (printf "pipelock: ingress.hosts[%d] (%s) has no paths; add e.g. paths: [{path: /, pathType: Prefix}]" $i $h.host) -}}
{{- end -}}
{{- range $j, $p := $h.paths -}}
{{- if not (and (kindIs "map" $p) $p.path) -}}
{{- fail (printf "pipelock: ingress.hosts[%d].paths[%d].path is empty" $i $j) -}}
{{- end -}}
{{- if and (hasKey $p "pathType") (not (has (toString $p.pathType) (list "Prefix" "Exact" "ImplementationSpecific"))) -}}
{{- fail (printf "pipelock: ingress.hosts[%d].paths[%d].pathType must be Prefix, Exact or ImplementationSpecific, not %q" $i $j (toString $p.pathType)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- if $v.pdb.enabled -}}
{{- $min := eq (include "pipelock.isSet" (dict "map" $v.pdb "key" "minAvailable")) "true" -}}
{{- $max := eq (include "pipelock.isSet" (dict "map" $v.pdb "key" "maxUnavailable")) "true" -}}
{{- if and $min $max -}}
{{- fail (printf "pipelock: pdb.minAvailable (%v) and pdb.maxUnavailable (%v) are mutually exclusive; set only one" $v.pdb.minAvailable $v.pdb.maxUnavailable) -}}
{{- end -}}
{{- end -}}

{{- if eq (toString $v.service.sessionAffinity) "ClientIP" -}}
{{- $t := $v.service.sessionAffinityTimeoutSeconds -}}
{{- if and $t (or (lt (int $t) 1) (gt (int $t) 86400)) -}}
{{- fail (printf "pipelock: service.sessionAffinityTimeoutSeconds must be from 1 to 86400, not %v" $t) -}}
{{- end -}}
{{- end -}}

{{- if and $v.extraConfig (not (kindIs "map" $v.extraConfig)) -}}
{{- fail "pipelock: extraConfig must be a map of pipelock.yaml sections" -}}
{{- end -}}
{{- end -}}
