"""Fill a .po catalogue from a Python dict of translations (developer tool).

Usage: python tools/fill_catalogue.py PO_FILE TRANSLATIONS_MODULE_PATH
The translations file defines NL = {msgid: msgstr or (singular, plural)}.
Entries already translated are left alone; missing ones are listed.
"""

import runpy
import sys

import polib


def main(po_path: str, translations_path: str) -> int:
    table = runpy.run_path(translations_path)["NL"]
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        value = table.get(entry.msgid)
        if entry.msgid_plural:
            if value and not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            if not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            if value:
                entry.msgstr = value
            else:
                missing.append(entry.msgid)
        if "fuzzy" in entry.flags and value:
            entry.flags.remove("fuzzy")
    po.save(po_path)
    for msgid in missing:
        print("MISSING:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
