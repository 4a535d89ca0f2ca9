"""The interface is Dutch by default with English as the switch (ADR 0004).

Checks that every app's Dutch catalogue is complete, that the committed .mo
files are what polib compiles from the .po files (a fresh machine needs no
gettext), and that the catalogues are up to date with the code: extracting the
strings again with Django's makemessages finds nothing missing.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from ketenzicht.core.i18n import PACKAGE_DIR, catalogues, problems

APPS = sorted(p.parent.name for p in PACKAGE_DIR.glob("*/apps.py"))
DJANGO_ADMIN = Path(sys.executable).with_name("django-admin")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _keys(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in po if not e.obsolete and e.msgid}


def _extract(app: str, tmp_path: Path) -> polib.POFile | None:
    """Run makemessages on a copy of the app; None when the app has no strings."""
    copy = tmp_path / app
    shutil.copytree(
        PACKAGE_DIR / app,
        copy,
        ignore=shutil.ignore_patterns("locale", "__pycache__", "static"),
    )
    (copy / "locale").mkdir()
    subprocess.run(
        [str(DJANGO_ADMIN), "makemessages", "-l", "nl", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        text=True,
    )
    po_path = copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(po_path)) if po_path.exists() else None


def test_there_are_catalogues():
    assert PACKAGE_DIR / "core/locale/nl/LC_MESSAGES/django.po" in catalogues()


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parts[-5])
def test_catalogue_is_complete(po_path):
    assert problems(po_path) == []


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parts[-5])
def test_committed_mo_is_compiled_from_po(po_path, tmp_path):
    fresh = tmp_path / "django.mo"
    polib.pofile(str(po_path)).save_as_mofile(str(fresh))
    committed = po_path.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run manage.py compile_catalogues"
    assert committed.read_bytes() == fresh.read_bytes(), (
        f"{committed} is stale: run manage.py compile_catalogues"
    )


@pytest.mark.parametrize("app", APPS)
def test_catalogue_has_every_string_in_the_code(app, tmp_path):
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        if _in_ci():
            pytest.fail("Debian's gettext is required in CI (make test installs it)")
        pytest.skip("gettext is not installed (make test installs it)")
    extracted = _extract(app, tmp_path)
    if extracted is None:
        return  # the app has no translatable strings
    po_path = PACKAGE_DIR / app / "locale/nl/LC_MESSAGES/django.po"
    assert po_path.exists(), f"{app} has translatable strings but no Dutch catalogue"
    missing = _keys(extracted) - _keys(polib.pofile(str(po_path)))
    assert sorted(m for _, m in missing) == [], f"run make messages and translate ({app})"


def test_dutch_is_the_default_and_english_the_switch():
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]
    # The language names come from Django's own catalogue.
    with translation.override("nl"):
        assert [str(name) for _, name in settings.LANGUAGES] == ["Nederlands", "Engels"]


@pytest.mark.parametrize(
    "msgid, dutch",
    [
        ("Skip to main content", "Direct naar de inhoud"),
        ("My wards", "Mijn pupillen"),
        ("Reporting board", "Meldplichtbord"),
        ("Log out", "Uitloggen"),
    ],
)
def test_core_strings_use_the_chains_dutch_terms(msgid, dutch):
    with translation.override("nl"):
        assert translation.gettext(msgid) == dutch
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


def test_no_msgid_is_translated_differently_by_two_apps():
    """Django merges all app catalogues into one per language, and the first app in
    INSTALLED_APPS wins for a msgid they share. So "Record assessment" cannot mean
    "Beoordeling vastleggen" in signals and "Taxatie vastleggen" in reception: one of
    them shows the other's text. Align the translations or give the strings a
    context (pgettext, {% translate "..." context "..." %})."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po_path in catalogues():
        app = po_path.parts[-5]
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgid or entry.msgid_plural:
                continue
            seen.setdefault((entry.msgctxt, entry.msgid), {})[app] = entry.msgstr
    conflicts = {
        msgid: translations
        for (_, msgid), translations in seen.items()
        if len(set(translations.values())) > 1
    }
    if conflicts:
        lines = [
            f"{msgid!r}: " + ", ".join(f"{app} {text!r}" for app, text in sorted(tr.items()))
            for msgid, tr in sorted(conflicts.items())
        ]
        pytest.fail("msgids translated differently by two apps:\n" + "\n".join(lines))
