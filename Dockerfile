# The WeGO Portal image: one image for web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-nanum gettext curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY wego wego
COPY members members
COPY finance finance
COPY governance governance
COPY ceds ceds
COPY feasibility feasibility
COPY awards awards
COPY training training
RUN pip install .
COPY . .
RUN DJANGO_ENV=production ALLOWED_HOSTS=localhost \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    python manage.py collectstatic --noinput
# The volumes mounted here take these directories' owner: create them before the chown.
RUN mkdir -p /app/media /app/private-media && useradd --create-home wego && chown -R wego /app
USER wego
EXPOSE 8000
CMD ["gunicorn", "wego.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
