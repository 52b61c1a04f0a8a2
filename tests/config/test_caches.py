"""The shared cache behind the login limits: the database by default, Redis when CACHE_URL
names one (B14)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRINT_CACHES = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"
)


def caches_with(**env) -> subprocess.CompletedProcess:
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT_CACHES], cwd=ROOT, env=base | env,
        capture_output=True, text=True,
    )  # fmt: skip


def test_the_default_cache_is_a_database_table_and_django_q_keeps_its_own():
    assert settings.CACHES["default"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
    assert settings.Q_CLUSTER["cache"] == "local"


def test_cache_url_switches_to_redis():
    done = caches_with(CACHE_URL="redis://127.0.0.1:6379/1")
    assert done.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/1",
    ]


def test_a_cache_url_that_is_not_redis_is_refused():
    done = caches_with(CACHE_URL="memcached://127.0.0.1:11211")
    assert done.returncode != 0
    assert "CACHE_URL must be a redis:// URL" in done.stderr
