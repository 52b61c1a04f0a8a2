"""Settings of the floor app: no installed apps, no middleware, a persistent connection to the
database in DATABASE_URL (the benchmark's own). Only `tests.bench` starts it."""

import os

import dj_database_url

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "tests.bench.floor.urls"
USE_TZ = True
DATABASES = {
    "default": dj_database_url.config(conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
