"""Translation catalogues: every app keeps `locale/nl/LC_MESSAGES/django.po`.

Source strings are English; Dutch (the default UI language) is a complete
catalogue. The compiled `.mo` files are committed so a fresh machine needs no
gettext tools; `compile_catalogues` rebuilds them with polib and the test suite
checks that they are complete and up to date.
"""

from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("*/locale/*/LC_MESSAGES/django.po"))


def problems(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"{po_path}: fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                found.append(f"{po_path}: untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            found.append(f"{po_path}: untranslated: {entry.msgid!r}")
    return found


def compile_all() -> list[Path]:
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
