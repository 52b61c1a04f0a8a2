"""The emulators exist only when SANDBOX is on: apps, URLs, admin and the public paths of the
login middleware (B14). Off is production's default, checked in a process of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.contrib import admin
from django.urls import resolve

from config.middleware import public_prefixes

ROOT = Path(__file__).resolve().parents[2]
PATHS = [
    "/sandbox/pipedrive/play/",
    "/sandbox/pipedrive/oauth/authorize",
    "/sandbox/pipedrive/api/v2/persons",
    "/sandbox/snovio/play/webhooks/",
    "/sandbox/snovio/v1/get-balance",
]
REPORT = """
import json
import django
django.setup()
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import Resolver404, resolve
from config.middleware import public_prefixes

def resolves(path):
    try:
        return resolve(path) is not None
    except Resolver404:
        return False

print(json.dumps({
    "apps": [app for app in settings.INSTALLED_APPS if app.startswith("sandbox")],
    "admin": sorted({model._meta.app_label for model in admin.site._registry}),
    "resolves": [resolves(path) for path in PATHS],
    "public": [p for p in public_prefixes() if p.startswith("/sandbox/")],
    "status": [Client().get(path).status_code for path in PATHS],
}))
"""


def report_with(**env) -> dict:
    script = f"PATHS = {PATHS!r}\n{REPORT}"
    base = {k: v for k, v in os.environ.items() if k not in ("SANDBOX", "SANDBOX_IN_PRODUCTION")}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=base | env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def sandbox_labels(labels) -> set[str]:
    return {label for label in labels if label.startswith("sandbox")}


def test_with_the_sandbox_off_no_emulator_app_url_admin_or_public_path_exists(tmp_path):
    report = report_with(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert report["apps"] == []
    assert sandbox_labels(report["admin"]) == set()
    assert report["resolves"] == [False] * len(PATHS)
    assert report["public"] == []
    assert report["status"] == [404] * len(PATHS)


def test_with_the_sandbox_on_the_emulators_are_mounted_and_their_apis_public():
    assert sandbox_labels(m._meta.app_label for m in admin.site._registry) == {"sandbox_pipedrive"}
    assert all(resolve(path) for path in PATHS)
    assert "/sandbox/snovio/v1/" in public_prefixes()
