FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphhub ./graphhub
COPY ingestion ./ingestion
COPY demo ./demo
RUN pip install --no-cache-dir .
ENV GRAPHHUB_HOST=0.0.0.0 GRAPHHUB_PORT=8000 GRAPHHUB_LOG_FORMAT=json
EXPOSE 8000
CMD ["sh", "-c", "graphhub db migrate && graphhub serve"]
