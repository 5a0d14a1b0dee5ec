"""The message catalogue: complete, compiled, placeholders kept; numbers in words."""

from __future__ import annotations

import gettext
import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from interlabor.errors import InterlaborError
from interlabor.report.i18n import LANGUAGES, LOCALE_DIR, translator

ROOT = Path(__file__).resolve().parents[2]
FIELD = re.compile(r"\{(\w*)\}")


def _po(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "interlabor.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_string_of_the_code_is_in_every_catalogue(tmp_path, monkeypatch) -> None:
    tool = _tool()
    monkeypatch.setattr(tool, "POT", tmp_path / "fresh.pot")
    tool.extract()
    with (tmp_path / "fresh.pot").open("rb") as fh:
        fresh = {m.id for m in read_po(fh) if m.id}
    assert len(fresh) > 300  # the strings of the report, the explorer and the region names
    for lang in LANGUAGES:
        cat = _po(lang)
        have = {m.id: m.string for m in cat if m.id}
        missing = sorted(fresh - set(have))
        assert not missing, f"{lang}: not in the catalogue (python tools/i18n.py all): {missing}"
        empty = sorted(i for i in fresh if not have[i])
        assert not empty, f"{lang}: untranslated: {empty[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    for m in _po(lang):
        if m.id and m.string:
            assert sorted(FIELD.findall(m.string)) == sorted(FIELD.findall(m.id)), m.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(lang: str) -> None:
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / "interlabor.mo"
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for m in _po(lang):
        if m.id:
            assert compiled.gettext(m.id) == m.string, (
                f"{mo} is older than its .po (python tools/i18n.py compile): {m.id!r}")


def test_numbers_in_words() -> None:
    en, es = translator("en"), translator("es")
    assert en.amount(560068.0, "million hours") == "560 billion hours"
    assert es.amount(560068.0, "million hours") == "560 mil millones de horas"
    assert en.amount(62594.9, "million hours") == "62.6 billion hours"
    assert es.amount(62594.9, "million hours") == "62,6 mil millones de horas"
    assert en.amount(6.98, "million hours") == "6.98 million hours"
    assert en.amount(3.2e6, "USD million") == "3.2 trillion USD"
    assert en.amount(1.5, "kg") == "1.5 kg"  # a unit without words keeps its own
    assert en.percent(0.6274) == "62.7%" and es.percent(0.6274) == "62,7%"
    assert en.number(1234.5) == "1,230" and es.number(1234.5) == "1.230"
    assert en.scale([560068.0, 62595.0], "million hours") == (1e-3, "billion hours")
    assert es.scale([5.0], "million hours") == (1.0, "millones de horas")
    assert en.amount(float("nan"), "million hours") == "not available"


def test_region_names() -> None:
    assert translator("en").region("DEU") == "Germany"
    assert translator("es").region("DEU") == "Alemania"
    assert translator("es").region("RoW") == "resto del mundo"
    assert translator("en").region("XYZ") == "XYZ"
    t = translator("es")
    assert t._("Who works for {region}?", region=t.region("DEU")) == "¿Quién trabaja para Alemania?"


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(InterlaborError, match="no translation for language 'fr'"):
        translator("fr")
    assert translator("es_ES").lang == "es"
