# The app environment (Python 3.11): API, action server, scheduler and the relais CLI.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY relais ./relais
COPY api ./api
COPY actions ./actions
COPY scheduler ./scheduler
RUN uv sync --frozen --no-dev
RUN useradd --system --uid 10001 relais
USER relais
EXPOSE 8000 5055
CMD ["uvicorn", "--factory", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]
