"""Fill empty English msgstr entries of locale/en/LC_MESSAGES/django.po from a TSV glossary.

Usage: python scripts/fill_po.py locale/en/translations.tsv locale/en/LC_MESSAGES/django.po
The TSV has two columns: the Chinese msgid and its English text. Entries already translated in the
.po are kept. Only single-line msgids are handled (Renda's user-facing strings are single-line).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def main(tsv: str, po: str) -> int:
    table = {}
    for line in Path(tsv).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            zh, en = line.split("\t", 1)
            table[zh] = en
    text = Path(po).read_text(encoding="utf-8")
    # an empty msgstr is 'msgstr ""' NOT followed by continuation lines (a wrapped translation)
    pattern = re.compile(r'^msgid "(.+)"\nmsgstr ""$(?!\n")', re.M)
    filled = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal filled
        en = table.get(m.group(1).replace('\\"', '"'))
        if en is None:
            return m.group(0)
        filled += 1
        return f'msgid "{m.group(1)}"\nmsgstr "{en}"'

    text = pattern.sub(repl, text)
    text = text.replace("#, fuzzy\n", "", 1)
    Path(po).write_text(text, encoding="utf-8")
    missing = len(pattern.findall(text))
    print(f"filled {filled}, still untranslated {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
