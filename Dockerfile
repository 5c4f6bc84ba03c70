# syntax=docker/dockerfile:1
#
# Pipelock daemon image: forward proxy on 8888 (/health, /metrics) and, with
# --mcp-listen/--mcp-upstream, the MCP reverse proxy on 8889.
#
#   docker build -t pipelock .
#   docker run --rm -p 8888:8888 -v "$PWD/pipelock.yaml:/etc/pipelock/pipelock.yaml:ro" pipelock
#
# Two stages on the same Debian base: re2 is a native addon compiled against
# glibc, so the runtime must be the same libc (and Node ABI) as the build.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------- build ----
FROM ${NODE_IMAGE} AS build

# re2 compiles from source when no prebuilt binary matches: node-gyp needs these.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# The version in package.json's packageManager; installed with npm rather than
# corepack so the build does not depend on corepack's signing keys.
RUN npm install -g pnpm@9.15.9 && pnpm --version

WORKDIR /src

# Manifests first: the dependency layer is reused until one of them changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
# package.json names the dependency patches; pnpm reads them even for packages it skips.
COPY patches patches
COPY packages/core/package.json packages/core/package.json
COPY packages/proxy/package.json packages/proxy/package.json
COPY packages/cli/package.json packages/cli/package.json
# The CLI, its workspace dependencies and the root (typescript); the test
# workspace is not in the build context.
RUN pnpm install --frozen-lockfile --filter pipelock-ts --filter "@pipelock/cli..."

COPY LICENSE ./
COPY packages/core packages/core
COPY packages/proxy packages/proxy
COPY packages/cli packages/cli
RUN pnpm build

# A self-contained directory: the CLI's published files plus production
# node_modules (workspace packages copied in, re2's compiled addon included).
# re2 keeps its C++ sources and object files after compiling (~85 MB); only
# build/Release/re2.node is loaded at run time. strip -o then mv, never strip
# in place: the addon may be a hard link into pnpm's store.
RUN pnpm --filter @pipelock/cli deploy --prod /out \
 && cd /out/node_modules/.pnpm/re2@*/node_modules/re2 \
 && rm -rf vendor build/Release/obj.target build/Release/.deps \
 && strip --strip-unneeded -o build/Release/re2.node.stripped build/Release/re2.node \
 && mv build/Release/re2.node.stripped build/Release/re2.node \
 && node /out/dist/bin.js version \
 && printf 'hello\n' | node /out/dist/bin.js scan

# -------------------------------------------------------------- runtime ----
FROM ${NODE_IMAGE} AS runtime

ENV NODE_ENV=production

COPY --from=build /out /opt/pipelock

# `pipelock` on PATH (for `docker compose exec pipelock pipelock ...` and the
# health check) and a default config, so the image runs without a mount; mount
# your own file over /etc/pipelock/pipelock.yaml.
RUN printf '#!/bin/sh\nexec node /opt/pipelock/dist/bin.js "$@"\n' > /usr/local/bin/pipelock \
 && chmod 0755 /usr/local/bin/pipelock \
 && mkdir -p /etc/pipelock \
 && pipelock generate config --preset balanced > /etc/pipelock/pipelock.yaml \
 && pipelock check --config /etc/pipelock/pipelock.yaml

# The node image's unprivileged user (uid 1000). Nothing the daemon needs is
# writable by it except what is mounted.
USER node
WORKDIR /home/node

EXPOSE 8888 8889

# Probes /health on the forward-proxy port; if you move --listen off 8888,
# override the health check too.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD ["pipelock", "healthcheck", "--addr", "127.0.0.1:8888"]

# Node is PID 1 and handles SIGTERM/SIGINT itself (drain, then exit 0).
ENTRYPOINT ["node", "/opt/pipelock/dist/bin.js"]
CMD ["run", "--config", "/etc/pipelock/pipelock.yaml", "--listen", "0.0.0.0:8888"]
