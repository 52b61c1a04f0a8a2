"""Test settings: the sandboxes answer in-process at http://testserver/sandbox/…

The reliability tests (tests/reliability) start a real `manage.py qcluster` with these
settings plus environment overrides: TEST_SITE_URL (the live server that serves the
sandboxes), Q_SYNC=0, and Q_RETRY / Q_TIMEOUT (seconds)."""

import os

from config.env import env_bool, env_int
from config.settings import *  # noqa: F403
from config.settings import DEV_SECRET_KEY, INSTALLED_APPS, Q_CLUSTER, SANDBOX_APPS

# The demo's switches, on explicitly: production's defaults are off (config.checks). pytest-django
# still runs each test with DEBUG off; processes started with these settings keep it on.
DEBUG = True
SANDBOX = True
SECRET_KEY = DEV_SECRET_KEY
# The live server of the browser tests speaks plain HTTP.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False

SITE_URL = os.environ.get("TEST_SITE_URL", "http://testserver").rstrip("/")
INSTALLED_APPS = [*INSTALLED_APPS, *(app for app in SANDBOX_APPS if app not in INSTALLED_APPS)]
PIPEDRIVE_CLIENT_ID = "sandbox-client-id"
PIPEDRIVE_CLIENT_SECRET = "sandbox-client-secret"
PIPEDRIVE_REDIRECT_URI = f"{SITE_URL}/integration/pipedrive/callback/"
PIPEDRIVE_OAUTH_URL = f"{SITE_URL}/sandbox/pipedrive"
PIPEDRIVE_API_URL = f"{SITE_URL}/sandbox/pipedrive"
SNOVIO_API_URL = f"{SITE_URL}/sandbox/snovio"
# Tests choose the emulators' rate limits explicitly (the demo has them on).
SANDBOX_RATE_LIMITS = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
Q_CLUSTER = {
    **Q_CLUSTER,
    "sync": env_bool("Q_SYNC", True),
    "retry": env_int("Q_RETRY", int(str(Q_CLUSTER["retry"]))),
    "timeout": env_int("Q_TIMEOUT", int(str(Q_CLUSTER["timeout"]))),
}
FIELD_ENCRYPTION_KEYS = ["0bBLi1Lq0r2EH4dJcQHnSbxcNpZNT5xwuz9XQDpMLc4="]
LOGGING = {"version": 1, "disable_existing_loggers": False}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: threads (live server, concurrency tests) then wait on
    # SQLite's busy timeout instead of failing with "database table is locked".
    # One file per run, so two runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")  # noqa: F405
    }
METRICS_FLUSH_SECONDS = 0  # every count is written at once: tests read them right after
