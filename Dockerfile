# The catalog API (and the `catalog` CLI), with the bundled legacy catalog as a SQLite db and
# GraphiQL's assets inside the installed package (no CDN, no source tree at run time).
#
#   docker build -t assurance-catalog-api .
#   docker run --rm -p 127.0.0.1:8000:8000 -e NEO4J_URI=bolt://host.docker.internal:7687 \
#       -e NEO4J_PASSWORD=... assurance-catalog-api
#
# Inside the container the API listens on 0.0.0.0 (API_HOST below), so a published port
# reaches it; publish it on 127.0.0.1 as above unless it is meant to be public.
# Usually run through docker-compose.yml, which also starts Neo4j and migrates once.

# 1. GraphiQL and React from the npm registry, exactly as web/package-lock.json pins them.
FROM node:22-slim AS graphiql-assets
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# 2. The wheel; its build step (build_hooks.py) copies the assets the page loads into it.
FROM python:3.11-slim AS wheel
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
# pyproject.toml declares readme = "README.md", so the build needs it too.
COPY pyproject.toml README.md build_hooks.py ./
COPY graph/ graph/
COPY api/ api/
COPY loaders/ loaders/
COPY catalog_cli/ catalog_cli/
COPY web/package.json web/package-lock.json web/
COPY --from=graphiql-assets /src/web/node_modules web/node_modules
RUN pip wheel --no-deps --wheel-dir /wheels .

# 3. The runtime: the wheel installed, no source tree, an unprivileged user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    API_HOST=0.0.0.0 \
    API_PORT=8000

# Unprivileged runtime user (fixed uid/gid so bind mounts are predictable).
RUN groupadd --system --gid 10001 catalog \
    && useradd --system --uid 10001 --gid catalog --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin catalog

WORKDIR /app

COPY --from=wheel /wheels/ /tmp/wheels/
RUN pip install --no-cache-dir /tmp/wheels/*.whl && rm -rf /tmp/wheels

# The bundled legacy catalog: SQL in the repository, SQLite db built here at image build time.
COPY data/ data/
RUN python -c "import pathlib, sqlite3; \
db_path = pathlib.Path('data/catalog-2025-07.db'); \
db_path.unlink(missing_ok=True); \
db = sqlite3.connect(db_path); \
db.executescript(pathlib.Path('data/catalog-2025-07.sql').read_text(encoding='utf-8')); \
db.commit(); \
n = db.execute('SELECT count(*) FROM technique').fetchone()[0]; \
db.close(); \
assert n > 0, 'no techniques loaded'; \
print(f'built {db_path}: {n} techniques')" \
    && mkdir -p backups && chown -R catalog:catalog data backups

USER catalog

EXPOSE 8000

CMD ["catalog", "serve"]
