"""With DEBUG off, every way of starting the product refuses development secrets and the
emulators (B14): `manage.py check` (as runserver and migrate run it), gunicorn and qcluster.
Each test starts a real process with production settings (config.settings)."""

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from config.checks import COMMITTED_ENCRYPTION_KEYS, COMMITTED_SECRET_KEYS

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
OWN = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}
DEV_SECRET_KEY = "dev-only-secret-key-change-me-in-production-0123456789"
TEST_ENCRYPTION_KEY = "0bBLi1Lq0r2EH4dJcQHnSbxcNpZNT5xwuz9XQDpMLc4="
CLEARED = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "SANDBOX", "SANDBOX_IN_PRODUCTION", "CACHE_URL")


@pytest.fixture
def production_env(tmp_path):
    """Production settings with nothing set but a database: what an operator starts from."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "false",
    }


def run(env: dict, *command: str, timeout: float = 60) -> tuple[int, str]:
    """Run `command` in its own session; stop the whole session if it does not exit."""
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail(f"{command} did not refuse to start within {timeout} s:\n{output}")
    return process.returncode, output


def check(env: dict) -> tuple[int, str]:
    return run(env, str(BIN / "python"), "manage.py", "check")


BAD = {
    "no secrets at all": ({}, ["config.E001", "config.E003"]),
    "the development SECRET_KEY": ({**OWN, "SECRET_KEY": DEV_SECRET_KEY}, ["config.E002"]),
    "the test settings' encryption key": (
        {**OWN, "FIELD_ENCRYPTION_KEYS": f"{OWN['FIELD_ENCRYPTION_KEYS']},{TEST_ENCRYPTION_KEY}"},
        ["config.E004"],
    ),
    "the emulators": ({**OWN, "SANDBOX": "true"}, ["config.E005"]),
}


@pytest.mark.parametrize("given, refusals", BAD.values(), ids=BAD.keys())
def test_manage_py_check_refuses_an_unsafe_production_setup(production_env, given, refusals):
    code, output = check(production_env | given)
    assert code != 0
    for refusal in refusals:
        assert refusal in output
    assert "SystemCheckError" in output


def test_the_refused_values_include_the_ones_this_test_uses():
    assert DEV_SECRET_KEY in COMMITTED_SECRET_KEYS
    assert TEST_ENCRYPTION_KEY in COMMITTED_ENCRYPTION_KEYS


def test_manage_py_check_passes_with_the_operators_own_secrets(production_env):
    code, output = check(production_env | OWN)
    assert (code, "no issues" in output) == (0, True), output


def test_the_emulators_start_in_production_when_the_operator_says_so(production_env):
    env = production_env | OWN | {"SANDBOX": "true", "SANDBOX_IN_PRODUCTION": "true"}
    code, output = check(env)
    assert (code, "no issues" in output) == (0, True), output


def test_gunicorn_refuses_to_start_with_a_committed_secret_key(production_env):
    env = production_env | OWN | {"SECRET_KEY": DEV_SECRET_KEY}
    command = [str(BIN / "gunicorn"), "config.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"]
    code, output = run(env, *command)
    assert code != 0
    assert "Refusing to start" in output and "config.E002" in output


def test_qcluster_refuses_to_start_with_a_committed_encryption_key(production_env):
    env = production_env | OWN | {"FIELD_ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY}
    code, output = run(env, str(BIN / "python"), "manage.py", "qcluster")
    assert code != 0
    assert "config.E004" in output
