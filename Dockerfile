# The catalog API (and the `catalog` CLI), with the bundled legacy catalog as a SQLite db.
#
#   docker build -t assurance-catalog-api .
#   docker run --rm -p 127.0.0.1:8000:8000 -e NEO4J_URI=bolt://host.docker.internal:7687 \
#       -e NEO4J_PASSWORD=... assurance-catalog-api
#
# Usually run through docker-compose.yml, which also starts Neo4j and migrates first.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Unprivileged runtime user (fixed uid/gid so bind mounts are predictable).
RUN groupadd --system --gid 10001 catalog \
    && useradd --system --uid 10001 --gid catalog --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin catalog

WORKDIR /app

# pyproject.toml declares readme = "README.md", so the build needs it too.
COPY pyproject.toml README.md ./
COPY graph/ graph/
COPY api/ api/
COPY loaders/ loaders/
COPY catalog_cli/ catalog_cli/
RUN pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info

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
