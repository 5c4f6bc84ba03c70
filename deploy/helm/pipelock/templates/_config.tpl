{{/*
"pipelock.config": the pipelock.yaml text. Built as a dict from the structured
values, then extraConfig is deep-merged over it and the whole is written with
toYaml, so a key set in both places appears once (the daemon rejects duplicate
keys) and extraConfig wins. Only keys that are set are written; the daemon
fills in its defaults for the rest.
*/}}
{{- define "pipelock.config" -}}
{{- $v := .Values -}}
{{- $cfg := dict "version" 1 -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v "to" $cfg "keys" (dict "mode" "mode" "enforce" "enforce")) -}}

{{- /* The listener the chart starts with --listen; written here too so `pipelock check` sees the same address. */ -}}
{{- $_ := set $cfg "fetch_proxy" (dict "listen" (printf "0.0.0.0:%s" (include "pipelock.forwardPort" .))) -}}

{{- $fp := dict "enabled" (eq (include "pipelock.forwardProxyEnabled" .) "true") -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.forwardProxy "to" $fp "keys" (dict
      "maxTunnelSeconds" "max_tunnel_seconds"
      "idleTimeoutSeconds" "idle_timeout_seconds"
      "sniVerification" "sni_verification")) -}}
{{- $_ := set $cfg "forward_proxy" $fp -}}

{{- $dlp := dict -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.dlp "to" $dlp "keys" (dict
      "scanEnv" "scan_env"
      "includeDefaults" "include_defaults"
      "minEnvSecretLength" "min_env_secret_length"
      "patterns" "patterns")) -}}
{{- if $dlp }}{{ $_ := set $cfg "dlp" $dlp }}{{ end -}}

{{- $rs := dict -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.responseScanning "to" $rs "keys" (dict
      "enabled" "enabled"
      "action" "action"
      "includeDefaults" "include_defaults"
      "exemptDomains" "exempt_domains"
      "patterns" "patterns")) -}}
{{- if $rs }}{{ $_ := set $cfg "response_scanning" $rs }}{{ end -}}

{{- $mi := dict -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.mcpInputScanning "to" $mi "keys" (dict
      "enabled" "enabled"
      "action" "action"
      "onParseError" "on_parse_error")) -}}
{{- if $mi }}{{ $_ := set $cfg "mcp_input_scanning" $mi }}{{ end -}}

{{- $mt := dict -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.mcpToolScanning "to" $mt "keys" (dict
      "enabled" "enabled"
      "action" "action"
      "detectDrift" "detect_drift")) -}}
{{- if $mt }}{{ $_ := set $cfg "mcp_tool_scanning" $mt }}{{ end -}}

{{- $mp := dict -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.mcpToolPolicy "to" $mp "keys" (dict
      "enabled" "enabled"
      "action" "action"
      "rules" "rules")) -}}
{{- if $mp }}{{ $_ := set $cfg "mcp_tool_policy" $mp }}{{ end -}}

{{- $sb := dict -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.mcpSessionBinding "to" $sb "keys" (dict
      "enabled" "enabled"
      "unknownToolAction" "unknown_tool_action"
      "noBaselineAction" "no_baseline_action")) -}}
{{- if $sb }}{{ $_ := set $cfg "mcp_session_binding" $sb }}{{ end -}}

{{- $tc := dict -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.toolChainDetection "to" $tc "keys" (dict
      "enabled" "enabled"
      "action" "action"
      "windowSize" "window_size"
      "windowSeconds" "window_seconds"
      "maxGap" "max_gap"
      "toolCategories" "tool_categories"
      "patternOverrides" "pattern_overrides"
      "customPatterns" "custom_patterns")) -}}
{{- if $tc }}{{ $_ := set $cfg "tool_chain_detection" $tc }}{{ end -}}

{{- $lg := dict -}}
{{- $_ := include "pipelock.copyKeys" (dict "from" $v.logging "to" $lg "keys" (dict
      "format" "format"
      "output" "output"
      "includeAllowed" "include_allowed"
      "includeBlocked" "include_blocked")) -}}
{{- if $lg }}{{ $_ := set $cfg "logging" $lg }}{{ end -}}

{{- if $v.extraConfig -}}
{{- $_ := include "pipelock.deepMerge" (dict "dst" $cfg "src" (deepCopy $v.extraConfig)) -}}
{{- end -}}
{{- /* version and mode first, for the reader; the rest in key order. */ -}}
{{- $head := dict -}}
{{- range $k := list "version" "mode" -}}
{{- if hasKey $cfg $k -}}
{{- $_ := set $head $k (index $cfg $k) -}}
{{- $_ := unset $cfg $k -}}
{{- end -}}
{{- end -}}
{{- with $head.version }}version: {{ toYaml . }}{{ "\n" }}{{ end -}}
{{- with $head.mode }}mode: {{ toYaml . }}{{ "\n" }}{{ end -}}
{{- toYaml $cfg -}}
{{- end -}}

{{/*
"pipelock.deepMerge": writes every key of .src into .dst, recursing where both
sides are maps. Unlike sprig's mergeOverwrite, an explicit false, 0 or "" in
.src replaces the value in .dst (mergo skips such "empty" values). A null in
.src removes the key, so the daemon's default applies.
*/}}
{{- define "pipelock.deepMerge" -}}
{{- $dst := .dst -}}
{{- range $k, $sv := .src -}}
{{- if kindIs "invalid" $sv -}}
{{- $_ := unset $dst $k -}}
{{- else if and (kindIs "map" $sv) (hasKey $dst $k) (kindIs "map" (index $dst $k)) -}}
{{- $_ := include "pipelock.deepMerge" (dict "dst" (index $dst $k) "src" $sv) -}}
{{- else -}}
{{- $_ := set $dst $k $sv -}}
{{- end -}}
{{- end -}}
{{- end -}}
