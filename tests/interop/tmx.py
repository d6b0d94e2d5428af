"""Prints the units of TMX files as python-tmx (PythonTmx) reads them:
a second TMX reader besides translate-toolkit.

    python tmx.py FILE...

One JSON object per file: its header's source language, and its units
with their tuid, dates (as PythonTmx parsed them) and each tuv's
language and text.
"""

import json
import sys

import PythonTmx
from lxml import etree


def text(content):
    parts = []
    for part in content:
        if not isinstance(part, str):
            raise ValueError(f"inline markup: {part!r}")
        parts.append(part)
    return "".join(parts)


def main():
    for path in sys.argv[1:]:
        # No DTD, no entities, nothing fetched, as bitext reads TMX.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        tmx = PythonTmx.from_element(etree.parse(path, parser).getroot())
        units = [
            {
                "tuid": tu.tuid,
                "creationdate": tu.creationdate.isoformat() if tu.creationdate else None,
                "changedate": tu.changedate.isoformat() if tu.changedate else None,
                "tuvs": [[tuv.lang, text(tuv.content)] for tuv in tu.tuvs],
            }
            for tu in tmx.tus
        ]
        record = {"file": path, "srclang": tmx.header.srclang, "units": units}
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
