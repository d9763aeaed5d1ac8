# participant-bot: `docker build -t participant-bot .`, then run with the variables of .env.example
# (`docker run --env-file .env -p 3000:3000 participant-bot`) and the access file mounted where
# ACCESS_FILE points, e.g. `-v $PWD/access.json:/app/access.json:ro`. AUDIT_FILE must be on a
# volume the `node` user can write, e.g. `-v audit:/var/log/participant-bot` with
# AUDIT_FILE=/var/log/participant-bot/audit.jsonl (a named volume takes the folder's owner).

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Install scripts are not needed to build or run: only core-js (a donation banner) and esbuild
# (tsx, a dev tool) have one.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# Read at run time: the card templates, and the playground's page for the sandbox.
COPY adaptive-cards ./adaptive-cards
COPY src/sandbox/public ./src/sandbox/public
RUN mkdir -p /var/log/participant-bot && chown node:node /var/log/participant-bot
# The code and the image's files stay root's; the bot runs as the unprivileged `node` user.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1, with no shell in between: it gets the SIGTERM itself and shuts down gracefully.
CMD ["node", "dist/src/main.js"]
