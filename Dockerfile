# AlleyWeb: the app on gunicorn, on Debian bookworm's Python 3.11 (docs/DEPLOY.md, "Docker").
# No secrets in here: SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL come from the environment at run time.

FROM debian:bookworm-slim AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements.txt
COPY . /app
WORKDIR /app
# The .mo files are built, not committed. The testing configuration only so that building the app for the
# command needs no secret; it touches no database, and its instance directory is thrown away. Then pip and
# setuptools go: nothing is installed at run time.
RUN ALLEYWEB_ENV=testing ALLEYWEB_INSTANCE_DIR=/tmp/instance /opt/venv/bin/flask --app wsgi translate compile \
    && rm -rf /tmp/instance \
    && /opt/venv/bin/pip uninstall --yes --quiet pip setuptools \
    && /opt/venv/bin/python -m compileall -q /app/alleyweb /app/migrations /app/wsgi.py /app/gunicorn.conf.py

FROM debian:bookworm-slim
# postgresql-client: pg_dump and pg_restore for `flask backup` (bookworm's are version 15, like the database).
# The user's home, /var/lib/alleyweb, is the app's instance directory and holds gunicorn's control socket.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/alleyweb --no-create-home --shell /usr/sbin/nologin alleyweb \
    && install -d -o alleyweb -g alleyweb -m 0700 /var/lib/alleyweb /backups
COPY --from=build /opt/venv /opt/venv
# Owned by root and read-only for the app's user.
COPY --from=build /app /app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FLASK_APP=wsgi \
    ALLEYWEB_ENV=production \
    ALLEYWEB_INSTANCE_DIR=/var/lib/alleyweb \
    GUNICORN_BIND=0.0.0.0:8000
USER alleyweb
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python3", "deploy/healthcheck.py"]
# gunicorn is PID 1: `docker stop` (SIGTERM) lets requests in flight finish, as gunicorn.conf.py says.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
