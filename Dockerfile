# syntax=docker/dockerfile:1
# One image for every role (DESIGN.md "one codebase, several roles"):
#   docker run IMAGE api|ingest|scoring|alerts|anchor|all     or     docker run IMAGE migrate
# Built by the release pipeline, not in CI (no Docker engine there); helm/risk-surveillance runs it.

ARG NODE_IMAGE=node:20-slim

# --- build: full dependencies, compile TypeScript, then drop dev dependencies ----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NODE_ENV=development
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
  # tsc emits only .js: rule packs, alert routing/calendars (YAML), model artefacts and other data
  # files are copied beside the compiled code, where the loaders look first.
  && find src -type f ! -name '*.ts' ! -name '*.md' -exec cp --parents {} dist/ \; \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

# --- runtime: production dependencies and dist/ only, as an unprivileged user ---------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    TZ=UTC \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3000 \
    LOG_FORMAT=json \
    DATA_DIR=/tmp/risk-data
WORKDIR /app
# A fixed numeric uid/gid so Kubernetes runAsNonRoot can check it without a passwd lookup.
RUN groupadd --system --gid 10001 risk && useradd --system --uid 10001 --gid risk --home-dir /app --shell /usr/sbin/nologin risk
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# Code is owned by root and read-only for the service user; only /tmp (an emptyDir in Kubernetes) is written.
USER 10001:10001
EXPOSE 3000
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["all"]
