# syntax=docker/dockerfile:1
# ECE server image: compiled JavaScript on Node 20, production dependencies only, non-root.
#   docker build -t ece-server .
#   docker run -p 8080:8080 -e DATABASE_URL=postgresql://user:pass@host:5432/ece ece-server
# Without DATABASE_URL the server uses the embedded PGlite database in /app/.data (mount a volume there to keep it).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install everything, generate the Prisma client, compile src/ and tools/ to dist/ ----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

COPY package.json package-lock.json ./
# Dependencies' own install scripts are skipped, as npm 11 does by default on the development and CI machines (the
# npm 10 of this image would run them): the one that matters, @prisma/engines', downloads Prisma's native schema
# engine, which nothing here uses (migrations run on the WebAssembly engine). The project's own postinstall
# (`prisma generate`) runs below, once the schema is there; this layer stays cached until the lockfile changes.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts

# prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY at tools/no-native-engine.sh.
COPY prisma.config.ts ./
COPY tools/no-native-engine.sh ./tools/
COPY prisma ./prisma
RUN npm run postinstall

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY tools ./tools
# tsc -p tsconfig.build.json: dist/src/** (with the generated client, src/generated/prisma) and dist/tools/**.
RUN npm run build \
 && test -f dist/src/main.js && test -f dist/src/generated/prisma/client.js && test -f dist/tools/migrate.js

# ---- runtime ------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false \
    PORT=8080 HOST=0.0.0.0

COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts

COPY --from=build /app/dist ./dist
# The compiled code finds package.json and prisma/ (schema and migrations, applied at start) by walking up from its
# own files to the project root, /app (src/common/project-root.ts).
COPY --from=build /app/prisma ./prisma

# Default PGlite directory (ECE_PGLITE_DIR=./.data/pglite): the only place the server writes.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node

EXPOSE 8080
# Ready = the database answers and every migration is applied. No curl in slim images: Node's fetch.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]

# Exec form: node is PID 1 and receives SIGTERM itself (src/main.ts drains in-flight requests, then exits 0).
# Migrations: `docker run ... node dist/tools/migrate.js status|deploy`.
CMD ["node", "dist/src/main.js"]
