"""translate-toolkit, as the project's tests use it to read and write
interchange files.

    python units.py read FILE...
        One JSON object per file on stdout: its units as translate-toolkit
        reads them (header units left out), each with its id, context,
        source and target texts (all plural forms), and flags. A CSV
        table's cells are read as csv2po --unescape-formulas reads them.

    python units.py xliff2 IN OUT
        Writes the units of IN (any format translate-toolkit reads) as
        XLIFF 2.0 by translate-toolkit's own XLIFF 2 writer, ids kept.
"""

import json
import sys

from translate.storage import factory


def load(path):
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if b"urn:oasis:names:tc:xliff:document:2." in head:
        from translate.storage import xliff2

        with open(path, "rb") as handle:
            return xliff2.Xliff2File.parsefile(handle)
    return factory.getobject(path)


def strings(value, spreadsheet=False):
    if value is None:
        return []
    if hasattr(value, "strings"):
        return [str(s) for s in value.strings]
    if spreadsheet:
        # A table's cells as csv2po --unescape-formulas reads them.
        from translate.convert.csv2po import csv2po

        return [csv2po.remove_spreadsheet_escape(str(value))]
    return [str(value)]


def read(paths):
    for path in paths:
        store = load(path)
        spreadsheet = type(store).__name__ == "csvfile"
        units = []
        for unit in store.units:
            if unit.isheader():
                continue
            flags = unit.getflags() if hasattr(unit, "getflags") else []
            units.append(
                {
                    "id": unit.getid(),
                    "context": unit.getcontext(),
                    "sources": strings(unit.source, spreadsheet),
                    "targets": strings(unit.target, spreadsheet),
                    "fuzzy": bool(unit.isfuzzy()),
                    "flags": sorted(str(f) for f in flags),
                }
            )
        record = {"file": path, "type": type(store).__name__, "units": units}
        print(json.dumps(record, ensure_ascii=False))


def xliff2(source, target):
    from translate.storage import xliff2 as module

    store = load(source)
    out = module.Xliff2File()
    out.setsourcelanguage(store.getsourcelanguage() or "en")
    if store.gettargetlanguage():
        out.settargetlanguage(store.gettargetlanguage())
    for k, unit in enumerate(u for u in store.units if not u.isheader()):
        new = out.addsourceunit(str(unit.source))
        new.target = str(unit.target or "")
        new.setid(unit.getcontext() or f"p{k + 1}")
    with open(target, "wb") as handle:
        handle.write(bytes(out))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "read":
        read(arguments)
    elif command == "xliff2":
        xliff2(*arguments)
    else:
        sys.exit(f"unknown command {command}")
