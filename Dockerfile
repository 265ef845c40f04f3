# citegraph API image. Built by docker-compose.yml, which also runs Neo4j; the API talks to it
# via NEO4J_URI, so the bundled local Neo4j (Java) is never started in the container.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1

# CPU-only torch wheels (an order of magnitude smaller than the CUDA ones); pass
# --build-arg TORCH_INDEX_URL=https://pypi.org/simple to use PyPI's default wheels.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu

WORKDIR /app
RUN useradd --create-home --uid 10001 citegraph

# Dependencies first so code edits do not reinstall them.
COPY pyproject.toml README.md ./
COPY api ./api
COPY extract ./extract
COPY graph ./graph
COPY data ./data
# Editable install: the package stays in /app, next to data/ and the var/ data directory.
RUN pip install --extra-index-url "${TORCH_INDEX_URL}" -e . \
    && mkdir -p /app/var && chown citegraph /app/var

USER citegraph
EXPOSE 8000
CMD ["citegraph", "serve", "--host", "0.0.0.0"]
