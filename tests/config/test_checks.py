"""The deployment checks as a pure function (B14): every refusal, and what passes."""

import re
import secrets
import subprocess
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from config.checks import (
    COMMITTED_ENCRYPTION_KEYS,
    COMMITTED_SECRET_KEYS,
    check_deployment,
    deployment_errors,
)

ROOT = Path(__file__).resolve().parents[2]
OWN_KEY = Fernet.generate_key().decode()
DB_CACHE = "django.core.cache.backends.db.DatabaseCache"
PRODUCTION = {
    "debug": False,
    "secret_key": secrets.token_urlsafe(50),
    "encryption_keys": [OWN_KEY],
    "sandbox": False,
    "sandbox_in_production": False,
    "cache_backend": DB_CACHE,
}


def ids(**overrides) -> list[str]:
    return [error.id for error in deployment_errors(**{**PRODUCTION, **overrides})]


def test_a_production_setup_with_its_own_secrets_passes():
    assert ids() == []


def test_a_missing_secret_key_is_refused():
    assert ids(secret_key="") == ["config.E001"]


@pytest.mark.parametrize("committed", sorted(COMMITTED_SECRET_KEYS))
def test_a_committed_secret_key_is_refused(committed):
    assert ids(secret_key=committed) == ["config.E002"]


def test_missing_encryption_keys_are_refused():
    assert ids(encryption_keys=[]) == ["config.E003"]


@pytest.mark.parametrize("committed", sorted(COMMITTED_ENCRYPTION_KEYS))
def test_a_committed_encryption_key_is_refused_even_behind_a_new_one(committed):
    assert ids(encryption_keys=[OWN_KEY, committed]) == ["config.E004"]


def test_the_sandbox_in_production_is_refused_unless_the_operator_means_it():
    assert ids(sandbox=True) == ["config.E005"]
    assert ids(sandbox=True, sandbox_in_production=True) == []


@pytest.mark.parametrize("backend", ["locmem.LocMemCache", "dummy.DummyCache"])
def test_a_per_process_cache_is_refused_for_login_limits(backend):
    assert ids(cache_backend=f"django.core.cache.backends.{backend}") == ["config.E006"]


def test_an_encryption_key_that_is_not_a_fernet_key_is_refused_even_in_debug():
    assert ids(encryption_keys=[OWN_KEY, "not-a-key"]) == ["config.E007"]
    assert ids(debug=True, encryption_keys=["not-a-key"]) == ["config.E007"]


def test_debug_allows_the_development_values_and_the_sandbox():
    dev = {
        "secret_key": min(COMMITTED_SECRET_KEYS),
        "encryption_keys": sorted(COMMITTED_ENCRYPTION_KEYS),
        "sandbox": True,
        "cache_backend": "django.core.cache.backends.locmem.LocMemCache",
    }
    assert ids(debug=True, **dev) == []
    assert set(ids(debug=False, **dev)) == {
        "config.E002",
        "config.E004",
        "config.E005",
        "config.E006",
    }


def test_the_registered_check_reads_the_settings(settings):
    settings.DEBUG = False
    settings.SANDBOX, settings.SANDBOX_IN_PRODUCTION = True, False
    assert {error.id for error in check_deployment()} == {
        "config.E002",
        "config.E004",
        "config.E005",
    }
    settings.DEBUG = True
    assert check_deployment() == []


def committed_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    skipped = (".json", ".js", ".css", ".png", ".svg", ".ico", ".lock")
    return [ROOT / name for name in names if not name.endswith(skipped)]


FERNET_KEY = re.compile(r"(?<![\w+/=-])[A-Za-z0-9_-]{43}=(?![\w=])")
SECRET_KEY_VALUE = re.compile(r"SECRET_KEY\w*[\"']?\s*[:=]\s*[\"']([^\"']{20,})[\"']")


def test_every_secret_committed_in_the_repository_is_on_the_refused_lists():
    fernet_keys, secret_keys = set(), set()
    for path in committed_text_files():
        text = path.read_text(errors="ignore") if path.is_file() else ""
        fernet_keys |= set(FERNET_KEY.findall(text))
        secret_keys |= set(SECRET_KEY_VALUE.findall(text))
    assert fernet_keys and secret_keys  # the scan finds the development values
    assert fernet_keys <= COMMITTED_ENCRYPTION_KEYS
    assert secret_keys <= COMMITTED_SECRET_KEYS
