"""Settings, read from the environment. Defaults are production's (DEBUG and the sandboxes off):
`make run` and config/test_settings.py turn the demo on, and config.checks refuses to start a
production process on development secrets (B14)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Development values, public on purpose: with DEBUG off, config.checks refuses them.
DEV_SECRET_KEY = "dev-only-secret-key-change-me-in-production-0123456789"
DEV_FIELD_ENCRYPTION_KEY = "sfYz0cGEq8yMeS0mdGuQvw6VZ3nQvDQ3cdIF9m-BVYw="
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public base URL of this deployment: used to build the OAuth redirect URL and the
# webhook URLs registered in Snov.io and Pipedrive.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The built-in emulators of both apps, mounted under /sandbox/ (see sandbox). With DEBUG off they
# also need SANDBOX_IN_PRODUCTION=true: they hold every account's connection secrets.
SANDBOX = env_bool("SANDBOX", False)
SANDBOX_IN_PRODUCTION = env_bool("SANDBOX_IN_PRODUCTION", False)

INSTALLED_APPS = [
    "config.apps.ConfigConfig",  # deployment checks (config.checks)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_q",
    "django_htmx",
    "template_partials",
    "integrations",
    "automations",
    "syncengine",
    "operations",
]
# The emulators (sandbox/) exist only when SANDBOX is on: tables, URLs, admin, commands.
SANDBOX_APPS = [
    "sandbox.pipedrive.apps.SandboxPipedriveConfig",
    "sandbox.snovio.apps.SandboxSnovioConfig",
    "sandbox.demo.apps.SandboxDemoConfig",
]
if SANDBOX:
    INSTALLED_APPS += SANDBOX_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.WebhookFastPath",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the switcher's cookie, else the browser's Accept-Language (config/language.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's remembered language (once per session).
    "config.language.AccountLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.LoginRequiredMiddleware",
    "config.error_pages.RefusalPages",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Reusing connections more than doubles webhook intake on PostgreSQL
        # (docs/benchmarks.md); health checks drop a connection the server closed.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server and workers share one file: wait for the lock instead of failing, and take
    # the write lock at the start of each transaction so readers never need to upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
elif env_bool("DB_PREPARED_STATEMENTS", True):
    # Lets config.db.prepared_cursor's statements be planned once per connection; Django's own
    # queries bind on the client and are never prepared either way.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5

# One cache shared by every process (login rate limits): a database table by default
# (`manage.py createcachetable`), Redis with CACHE_URL=redis://host:6379/1.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    _SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}")
else:
    _SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
CACHES = {
    "default": _SHARED_CACHE,
    # Per process, for what needs no sharing (django-q's cluster statistics).
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): email + password. Every login form, the admin's included (it sends
# you to allauth's, config/urls.py), is rate-limited in the cache every process shares (CACHES).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Mandatory: only then does signing up with a known email answer like signing up with a new one.
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
# Confirming the email in the browser that signed up signs the newcomer in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Failed logins count per address and per account: guesses from many addresses still add up.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Proxies in front of the web server: limits then count the client's address (X-Forwarded-For).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_LOGOUT_ON_GET = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"

# With the sandboxes on, sent emails land in the demo's outbox page (/sandbox/outbox/).
_CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "sandbox.demo.outbox.OutboxBackend" if SANDBOX else _CONSOLE_EMAIL
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sync@localhost")

# Languages: English (the default) and Spanish, the language of the original help article.
# Each app keeps its catalog in <app>/locale; templates and config in locale/ (README, Languages).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Dates and numbers in the active language's formats; config/formats keeps English as it was
# ("1 Dec 2026, 14:05") and writes Spanish as Spanish does ("1 dic 2026, 14:05").
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Tokens and secrets at rest: comma-separated Fernet keys, the first one encrypts.
# Prepend a new key and run `manage.py rotate_encrypted_fields` to rotate.
FIELD_ENCRYPTION_KEYS = env_list(
    "FIELD_ENCRYPTION_KEYS", [DEV_FIELD_ENCRYPTION_KEY] if DEBUG else []
)

# The demo's login: `manage.py seed_demo` (make run) creates it, the login page shows it while
# SANDBOX is on.
DEMO_LOGIN = {"email": "demo@example.com", "password": "demo-sync-2026"}

# The Snov.io sandbox's API credentials (shown on the connect form while SANDBOX is on).
SANDBOX_SNOVIO_CLIENT_ID = "sandbox-api-user-id"
SANDBOX_SNOVIO_CLIENT_SECRET = "sandbox-api-secret"

# Pipedrive app (OAuth 2.0). In sandbox mode these point at the built-in emulator.
_SANDBOX_PIPEDRIVE = f"{SITE_URL}/sandbox/pipedrive"
_SANDBOX_SNOVIO = f"{SITE_URL}/sandbox/snovio"
PIPEDRIVE_CLIENT_ID = env_str("PIPEDRIVE_CLIENT_ID", "sandbox-client-id" if SANDBOX else "")
PIPEDRIVE_CLIENT_SECRET = env_str(
    "PIPEDRIVE_CLIENT_SECRET", "sandbox-client-secret" if SANDBOX else ""
)
PIPEDRIVE_REDIRECT_URI = env_str(
    "PIPEDRIVE_REDIRECT_URI", f"{SITE_URL}/integration/pipedrive/callback/"
)
PIPEDRIVE_OAUTH_URL = env_str(
    "PIPEDRIVE_OAUTH_URL", _SANDBOX_PIPEDRIVE if SANDBOX else "https://oauth.pipedrive.com"
)
# Base for connections made with a personal API token (OAuth ones use their api_domain).
PIPEDRIVE_API_URL = env_str(
    "PIPEDRIVE_API_URL", _SANDBOX_PIPEDRIVE if SANDBOX else "https://api.pipedrive.com"
)
SNOVIO_API_URL = env_str("SNOVIO_API_URL", _SANDBOX_SNOVIO if SANDBOX else "https://api.snov.io")

# Outbound HTTP.
HTTP_TIMEOUT_SECONDS = env_int("HTTP_TIMEOUT_SECONDS", 30)
SNOVIO_REQUESTS_PER_MINUTE = env_int("SNOVIO_REQUESTS_PER_MINUTE", 60)
# The length of that window. Snov.io's is a minute; only benchmarks shorten it (with the sandbox's
# SANDBOX_SNOVIO_RATE_WINDOW_SECONDS below) to run the real limits in scaled-down time.
SNOVIO_RATE_WINDOW_SECONDS = env_int("SNOVIO_RATE_WINDOW_SECONDS", 60)
# The Snov.io sandbox's own request window (its per-account limit is "per minute" by default).
SANDBOX_SNOVIO_RATE_WINDOW_SECONDS = env_int("SANDBOX_SNOVIO_RATE_WINDOW_SECONDS", 60)
# The Pipedrive sandbox's burst window (2 s, as Pipedrive's; benchmarks may stretch it).
SANDBOX_PIPEDRIVE_BURST_WINDOW_SECONDS = env_int("SANDBOX_PIPEDRIVE_BURST_WINDOW_SECONDS", 2)
# New emulated accounts enforce the vendors' real rate limits (switch on each play page).
SANDBOX_RATE_LIMITS = env_bool("SANDBOX_RATE_LIMITS", True)

# Background work (django-q2). Work is durable in our own tables; the broker only rings the
# bell, so the ORM broker (default) and Redis (Q_BROKER=redis://…) behave the same.
# Three lanes (config/lanes.py), one cluster each: `Q_CLUSTER_NAME=<lane> manage.py qcluster`.
# "realtime" is the default cluster; "bulk" and "housekeeping" override a few options.
Q_BROKER = env_str("Q_BROKER", "orm")
_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
Q_CLUSTER = {
    "name": "sync",
    "cluster_name": "realtime",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 300,
    "retry": 420,
    "max_attempts": 5,
    "ack_failures": False,
    "bulk": 1,
    # How long an idle database-broker cluster waits before looking for work again. On
    # PostgreSQL a queued task wakes it at once (config/broker.py), so this only bounds a missed
    # wake-up; elsewhere it bounds the delay each queued step adds to propagation.
    "poll": env_float("Q_POLL", 1.0 if _POSTGRES else 0.2),
    "queue_limit": 4,
    "save_limit": 500,
    "catch_up": False,
    "recycle": 200,
    "cache": "local",  # cluster statistics stay in each process, off the shared cache
    "ALT_CLUSTERS": {
        # Transfer steps are short (a page or a batch) and paced by the vendors' limits.
        "bulk": {"workers": env_int("Q_BULK_WORKERS", 1)},
        # The tick and what it fans out: polls, webhook checks, schema loads.
        "housekeeping": {
            "workers": env_int("Q_HOUSEKEEPING_WORKERS", 1),
            "poll": env_float("Q_HOUSEKEEPING_POLL", 1.0),
        },
    },
}
if Q_BROKER.startswith("redis://"):
    Q_CLUSTER["redis"] = Q_BROKER
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["broker_class"] = "config.broker.NotifiedORM"

# Real-time sync: webhook intake, polling and retention (syncengine.scheduler.tick).
WEBHOOK_MAX_BYTES = env_int("WEBHOOK_MAX_BYTES", 1024 * 1024)
POLL_INTERVAL_MINUTES = env_int("POLL_INTERVAL_MINUTES", 5)
POLLS_PER_TICK = env_int("POLLS_PER_TICK", 50)
EVENT_STUCK_MINUTES = env_int("EVENT_STUCK_MINUTES", 15)
# Metric counters are added up in each process and written at most this often (seconds).
METRICS_FLUSH_SECONDS = env_float("METRICS_FLUSH_SECONDS", 1.0)
# First wait before an event that failed (server error, or an error of ours) is tried again;
# it doubles per attempt, capped at 30 minutes; the 5th failure is final (B12, B13).
EVENT_RETRY_BASE_SECONDS = env_float("EVENT_RETRY_BASE_SECONDS", 30)
RETENTION_DAYS = env_int("RETENTION_DAYS", 30)

# Operations (operations/): /metrics is served only to these addresses or networks, or with
# `Authorization: Bearer <METRICS_TOKEN>`; the daily digest of failed and parked records is
# emailed from this hour (UTC); LOG_FORMAT=json writes one JSON object per log line.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", [])
DIGEST_HOUR_UTC = env_int("DIGEST_HOUR_UTC", 7)
LOG_FORMAT = env_str("LOG_FORMAT", "plain")

# Every record reaches the one handler, through a filter that takes secrets out (the Snov.io
# webhook's path is its secret, and Django logs request paths): Django's own handlers (console,
# mail_admins, runserver's) and django-q's are replaced by the root's.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_secrets": {"()": "config.logfilters.RedactSecrets"},
        "bind_context": {"()": "operations.logcontext.BindContext"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "operations.logcontext.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["redact_secrets", "bind_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        "django-q": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
