"""The message catalogue of the report and the explorer: extract, update, compile (Babel).

::

    python tools/i18n.py extract   # strings of SOURCES -> src/interlabor/locale/interlabor.pot
    python tools/i18n.py update    # merge the template into every language's .po
    python tools/i18n.py compile   # .po -> .mo (shipped with the package)
    python tools/i18n.py all       # the three in order

Translate the empty ``msgstr`` of ``locale/<lang>/LC_MESSAGES/interlabor.po`` between update and
compile; ``tests/report/test_i18n.py`` fails while any is empty or a ``.mo`` is older than its
``.po``. English is the source language: its catalogue maps every string to itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "interlabor"
LOCALE = PKG / "locale"
POT = LOCALE / "interlabor.pot"
LANGS = ("en", "es")
#: Modules whose strings a person sees in the report or the explorer.
SOURCES = ("report/i18n.py", "report/names.py", "report/views.py", "report/charts.py",
           "report/html.py", "report/png.py", "explore", "cli/show.py")


def extract() -> None:
    """Write the template from :data:`SOURCES`."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir, extract_from_file
    from babel.messages.pofile import write_po

    cat = Catalog(project="interlabor", domain="interlabor", charset="utf-8")
    kw = {"_": None, "N_": None}
    for src in SOURCES:
        path = PKG / src
        if path.is_dir():
            found = ((path / f, *m) for f, *m in extract_from_dir(
                path, method_map=[("**.py", "python")], keywords=kw))
        else:
            found = ((path, *m) for m in extract_from_file("python", path, keywords=kw))
        for file, lineno, message, comments, _ctx in found:
            rel = Path(file).resolve().relative_to(PKG)
            cat.add(message, locations=[(str(rel), lineno)], auto_comments=comments)
    with POT.open("wb") as fh:
        write_po(fh, cat, width=100, sort_output=True, omit_header=False)
    print(f"{POT}: {len(cat)} messages")


def update() -> None:
    """Merge the template into each language's catalogue (English: msgstr = msgid)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    for lang in LANGS:
        with POT.open("rb") as fh:  # afresh: update() shares the template's messages
            template = read_po(fh)
        po = LOCALE / lang / "LC_MESSAGES" / "interlabor.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.exists():
            with po.open("rb") as fh:
                cat = read_po(fh, locale=lang)
        else:
            cat = Catalog(locale=lang, domain="interlabor", project="interlabor")
        cat.update(template, no_fuzzy_matching=True)
        cat.fuzzy = False
        for msg in cat:
            if msg.id and lang == "en":
                msg.string = msg.id
        with po.open("wb") as fh:
            write_po(fh, cat, width=100, sort_output=True, ignore_obsolete=True)
        empty = sum(1 for m in cat if m.id and not m.string)
        print(f"{po}: {len(cat)} messages, {empty} untranslated")


def compile_all() -> None:
    """Compile every ``.po`` to its ``.mo``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for lang in LANGS:
        po = LOCALE / lang / "LC_MESSAGES" / "interlabor.po"
        with po.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, cat)
        print(f"{po.with_suffix('.mo')}: compiled")


def main(argv: list[str]) -> None:
    """Run the steps named on the command line."""
    steps = {"extract": [extract], "update": [update], "compile": [compile_all],
             "all": [extract, update, compile_all]}
    if len(argv) != 1 or argv[0] not in steps:
        sys.exit(f"usage: python tools/i18n.py {{{'|'.join(steps)}}}")
    for step in steps[argv[0]]:
        step()


if __name__ == "__main__":
    main(sys.argv[1:])
