# syntax=docker/dockerfile:1
# Production dependencies only, installed in a stage of their own.
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HENNEP_DATA_DIR=/var/lib/hennep \
    HENNEP_HOST=0.0.0.0 \
    HENNEP_PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY config ./config
COPY db ./db
COPY ingest ./ingest
COPY synthetic ./synthetic
COPY features ./features
COPY models ./models
COPY training ./training
COPY service ./service
COPY cli ./cli
# The web page: static files that service/web.ts serves at /.
COPY web ./web
# The checkpoint directory exists in the image so that a named volume mounted there is
# owned by node, as Docker copies the mount point's owner into a new volume.
RUN mkdir -p /var/lib/hennep/audit-checkpoints && chown -R node:node /var/lib/hennep
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HENNEP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/hennep.js"]
CMD ["serve"]
