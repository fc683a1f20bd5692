# The portal's image for docker-compose.yml: Debian with the official fonts and poppler.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-croscore fonts-noto-core poppler-utils \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 nodejs npm make \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml package.json package-lock.json Makefile ./
COPY scripts ./scripts
RUN pip install --no-cache-dir . && make static/vendor/.installed
COPY . .
RUN DJANGO_DEBUG=1 python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "antq_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
