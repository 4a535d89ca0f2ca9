"""Fill a .po catalogue from a Python dict of translations (developer tool).

Usage: python tools/fill_catalogue.py PO_FILE TRANSLATIONS_MODULE_PATH
The translations file defines NL = {msgid: msgstr or (singular, plural)}.
Entries the table lists are (re)set from it; untranslated others are listed.
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
        if "fuzzy" in entry.flags:
            # A fuzzy guess by msgmerge is never kept: it is often another message.
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            entry.previous_msgid = None
        if entry.msgid_plural:
            if value:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            if not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif value:
            entry.msgstr = value  # the table is the source of truth for what it lists
        elif not entry.msgstr:
            missing.append(entry.msgid)
    po.save(po_path)
    for msgid in missing:
        print("MISSING:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
