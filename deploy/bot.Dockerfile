# The bot environment (Python 3.10): Rasa 3.6 with the French spaCy pipeline. The model is
# trained at build time from bot/ and nlu_data/, so an image is one model.
FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 RASA_TELEMETRY_ENABLED=false
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /bot
COPY bot/requirements.lock ./bot/requirements.lock
RUN uv pip install --system --no-cache -r bot/requirements.lock
COPY bot ./bot
COPY nlu_data ./nlu_data
RUN rasa train --config bot/config.yml --domain bot/domain --data nlu_data \
      --out models --fixed-model-name relais
RUN useradd --system --uid 10001 rasa && chown -R rasa /bot
USER rasa
EXPOSE 5005
CMD ["sh", "-c", "exec rasa run --model models/relais.tar.gz --endpoints bot/endpoints.production.yml --credentials bot/credentials.yml --enable-api --auth-token \"$RELAIS_RASA_TOKEN\" --interface 0.0.0.0 --port 5005"]
