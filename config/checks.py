"""Deployment checks (B14): with DEBUG off, a process refuses to start on development secrets,
with the emulators on (unless SANDBOX_IN_PRODUCTION says the operator means it), or with a
login rate limit that each process would count on its own.

Django runs system checks before runserver, migrate and qcluster; config/wsgi.py and
config/asgi.py run these before serving."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, register, run_checks
from django.core.exceptions import ImproperlyConfigured

TAG = "deployment"

# Every development value ever committed to this repository: public, so never a secret.
COMMITTED_SECRET_KEYS = frozenset(
    {
        "dev-only-secret-key-change-me-in-production-0123456789",
        "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    }
)
COMMITTED_ENCRYPTION_KEYS = frozenset(
    {
        "sfYz0cGEq8yMeS0mdGuQvw6VZ3nQvDQ3cdIF9m-BVYw=",  # config/settings.py
        "0bBLi1Lq0r2EH4dJcQHnSbxcNpZNT5xwuz9XQDpMLc4=",  # config/test_settings.py
    }
)
# Caches each process keeps to itself: a login limit counted there resets per process.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
NEW_KEY_HINT = (
    'Generate one with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)


@register(TAG)
def check_deployment(app_configs=None, **kwargs) -> list[Error]:
    return deployment_errors(
        debug=settings.DEBUG,
        secret_key=_secret_key(),
        encryption_keys=list(settings.FIELD_ENCRYPTION_KEYS),
        sandbox=settings.SANDBOX,
        sandbox_in_production=settings.SANDBOX_IN_PRODUCTION,
        cache_backend=settings.CACHES["default"]["BACKEND"],
    )


def _secret_key() -> str:
    try:
        return settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty SECRET_KEY
        return ""


def deployment_errors(
    *,
    debug: bool,
    secret_key: str,
    encryption_keys: list[str],
    sandbox: bool,
    sandbox_in_production: bool,
    cache_backend: str,
) -> list[Error]:
    errors = _invalid_encryption_keys(encryption_keys)
    if debug:
        return errors
    errors += _secret_key_errors(secret_key)
    errors += _production_encryption_errors(encryption_keys)
    if sandbox and not sandbox_in_production:
        errors.append(
            Error(
                "SANDBOX is on: the emulators would run in production.",
                hint="Set SANDBOX=false, or SANDBOX_IN_PRODUCTION=true if you mean it.",
                id="config.E005",
            )
        )
    if cache_backend in PER_PROCESS_CACHES:
        errors.append(
            Error(
                f"The default cache ({cache_backend}) is per process: login limits would not "
                "be shared.",
                hint="Leave CACHES to the database cache, or set CACHE_URL=redis://….",
                id="config.E006",
            )
        )
    return errors


def _secret_key_errors(secret_key: str) -> list[Error]:
    if not secret_key:
        return [Error("SECRET_KEY is not set.", hint="Set a long random value.", id="config.E001")]
    if secret_key in COMMITTED_SECRET_KEYS:
        return [
            Error(
                "SECRET_KEY is a development value committed in the repository.",
                hint="Set a long random value of your own.",
                id="config.E002",
            )
        ]
    return []


def _production_encryption_errors(keys: list[str]) -> list[Error]:
    if not keys:
        return [Error("FIELD_ENCRYPTION_KEYS is not set.", hint=NEW_KEY_HINT, id="config.E003")]
    if any(key in COMMITTED_ENCRYPTION_KEYS for key in keys):
        return [
            Error(
                "FIELD_ENCRYPTION_KEYS holds a development key committed in the repository.",
                hint=f"Rotate to a key of your own (README, Configuration). {NEW_KEY_HINT}",
                id="config.E004",
            )
        ]
    return []


def _invalid_encryption_keys(keys: list[str]) -> list[Error]:
    errors = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key.",
                    hint=NEW_KEY_HINT,
                    id="config.E007",
                )
            )
    return errors


def refuse_unsafe_start() -> None:
    """For servers that run no system checks themselves (gunicorn, an ASGI server)."""
    errors = [message for message in run_checks(tags=[TAG]) if message.is_serious()]
    if errors:
        details = "\n".join(str(message) for message in errors)
        raise ImproperlyConfigured(f"Refusing to start:\n{details}")
