#!/bin/sh
# Stand-in for your application: one chat request to $LLM_URL. curl takes the
# proxy from the environment (https_proxy/HTTPS_PROXY for https:// URLs,
# http_proxy for http:// ones) and skips it for hosts in NO_PROXY, exactly like
# most HTTP clients; Pipelock scans what it can see and blocks what leaks.
# Usage: ask-llm.sh [JSON_BODY]
set -eu
: "${LLM_URL:?set LLM_URL}"
body=${1:-'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in one word."}]}'}
set -- -sS --fail-with-body --max-time 30 -H 'content-type: application/json' --data-binary "$body"
if [ -n "${OPENAI_API_KEY:-}" ]; then set -- "$@" -H "authorization: Bearer ${OPENAI_API_KEY}"; fi
exec curl "$@" "$LLM_URL"
