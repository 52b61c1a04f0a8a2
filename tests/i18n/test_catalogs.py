"""The Spanish catalogs are complete and up to date with the source.

Each catalog (locale/ for the templates and config, <app>/locale for each app's Python
strings) must have every entry translated, none fuzzy, and each translation must keep its
placeholders (msgfmt --check). A string added to the source without a translation fails
here: makemessages is run on a copy of the source and must find nothing the committed
catalog lacks, nor keep anything the source no longer has."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("integrations", "syncengine", "automations", "operations")
# The project catalog: the templates and config (the apps keep their own; the emulators'
# play pages stay English).
PROJECT_SOURCES = ("templates", "config")
CATALOGS = {"project": ROOT / "locale", **{app: ROOT / app / "locale" for app in APPS}}
DJANGO_ADMIN = Path(sys.executable).with_name("django-admin")


def po_file(locale_dir: Path) -> Path:
    return locale_dir / "es" / "LC_MESSAGES" / "django.po"


def keys(po: polib.POFile) -> set[tuple[str, str]]:
    return {(entry.msgctxt or "", entry.msgid) for entry in po if not entry.obsolete}


@pytest.mark.parametrize("name", CATALOGS)
def test_every_entry_is_translated_and_none_is_fuzzy(name):
    po = polib.pofile(str(po_file(CATALOGS[name])))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"{name}: untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"{name}: fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("name", CATALOGS)
def test_translations_keep_their_placeholders(name):
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(po_file(CATALOGS[name]))],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def regenerated(name: str, tmp_path: Path) -> polib.POFile:
    """The catalog as makemessages makes it today from a copy of the source."""
    sources = (*PROJECT_SOURCES, "locale") if name == "project" else (name,)
    for source in sources:
        shutil.copytree(ROOT / source, tmp_path / source, ignore=shutil.ignore_patterns("*.mo"))
    workdir = tmp_path if name == "project" else tmp_path / name
    # No settings: makemessages then writes into ./locale of the copy, never the checkout.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    made = subprocess.run(
        [str(DJANGO_ADMIN), "makemessages", "-l", "es", "--no-obsolete", "--add-location", "file"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    return polib.pofile(str(po_file(workdir / "locale")))


@pytest.mark.parametrize("name", CATALOGS)
def test_the_catalog_is_up_to_date_with_the_source(name, tmp_path):
    committed = keys(polib.pofile(str(po_file(CATALOGS[name]))))
    current = regenerated(name, tmp_path)
    missing = sorted(keys(current) - committed)
    stale = sorted(committed - keys(current))
    assert missing == [], f"{name}: strings without a translation: {missing[:10]}"
    assert stale == [], f"{name}: entries the source no longer has: {stale[:10]}"
