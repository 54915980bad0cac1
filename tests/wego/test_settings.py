"""The settings switch: SQLite by default, PostgreSQL from DATABASE_URL, production safeguards."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV_KEYS = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV", "DEBUG")


def _run(code: str, **env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV_KEYS}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "wego.settings"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE']); print(s.CELERY_TASK_ALWAYS_EAGER); print(s.DEBUG); print(s.CELERY_BROKER_URL)"
)


def test_nothing_set_means_sqlite_and_eager_celery():
    result = _run(PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    engine, eager, debug, broker = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert broker == "memory://"
    assert eager == "True"
    assert debug == "True"


def test_database_and_broker_urls_switch_to_postgres_and_redis():
    result = _run(
        PRINT_SETTINGS,
        DATABASE_URL="postgres://wego:pw@db.example.org:5432/wego",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    engine, eager, _debug, broker = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert broker == "redis://127.0.0.1:6379/0"
    assert eager == "False"


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _run(PRINT_SETTINGS, DJANGO_ENV="production", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run(PRINT_SETTINGS, DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.slow_subprocess
def test_check_deploy_is_clean_in_production():
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV_KEYS}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
        DJANGO_SETTINGS_MODULE="wego.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_security_headers_are_sent(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
