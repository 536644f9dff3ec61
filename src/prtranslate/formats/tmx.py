"""Alignments as TMX 1.4 translation memories (written and read with translate-toolkit).

One ``<tu>`` per two-sided bead; boilerplate and one-sided beads are left out, since a
translation memory holds pairs only. Each unit carries ``<prop>`` elements that tie it back
to the release: ``x-prtranslate-score``, ``x-prtranslate-flags``, ``x-prtranslate-ko-ids``,
``x-prtranslate-en-ids`` (and, at sentence level, the paragraph ids), then the caller's own
properties. The header has the attributes TMX 1.4 requires, which OmegaT and Trados check.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

from prtranslate import __version__
from prtranslate.align import Alignment, Bead
from prtranslate.errors import InputError

PROP_PREFIX = "x-prtranslate-"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _prop_type(name: str) -> str:
    # TMX 1.4 reserves unprefixed prop types for the standard; user types start with "x-".
    return name if name.startswith("x-") else f"x-{name}"


def _ids(ids: tuple[int, ...] | list[int]) -> str:
    return ",".join(map(str, ids))


def bead_properties(alignment: Alignment, bead: Bead) -> dict[str, str]:
    """The ``x-prtranslate-*`` properties of one bead's unit."""
    props = {
        f"{PROP_PREFIX}score": f"{bead.score:.4f}",
        f"{PROP_PREFIX}flags": ",".join(bead.flags),
        f"{PROP_PREFIX}ko-ids": _ids(bead.ko),
        f"{PROP_PREFIX}en-ids": _ids(bead.en),
    }
    if alignment.level == "sentence":
        for side, units, ids in (("ko", alignment.ko_units, bead.ko), ("en", alignment.en_units, bead.en)):
            paragraphs = sorted({getattr(units[i], "paragraph", i) for i in ids})
            props[f"{PROP_PREFIX}{side}-paragraphs"] = _ids(paragraphs)
    return props


def alignment_to_tmx(alignment: Alignment, properties: Mapping[str, str] | None = None, *,
                     source_language: str = "ko", target_language: str = "en") -> bytes:
    """TMX 1.4 bytes (UTF-8) with one translation unit per two-sided bead of ``alignment``.

    ``properties`` are added to every unit (``{"release": "2020-11-19-…"}`` becomes
    ``<prop type="x-release">``). Pass ``source_language="ko-KR"``, ``target_language="en-US"``
    for tools that want full locales.
    """
    from lxml import etree
    from translate.misc.xml_helpers import safely_set_text
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage=source_language, targetlanguage=target_language)
    header = store.document.getroot().find(store.namespaced("header"))
    # TMX 1.4 §3.1: every header attribute below is required.
    for key, value in (
        ("creationtool", "prtranslate"),
        ("creationtoolversion", __version__),
        ("segtype", "sentence" if alignment.level == "sentence" else "paragraph"),
        ("o-tmf", "prtranslate"),
        ("adminlang", "en"),
        ("srclang", source_language),
        ("datatype", "plaintext"),
    ):
        header.set(key, value)
    extra = {_prop_type(k): str(v) for k, v in (properties or {}).items()}
    for number, bead in enumerate(alignment.pairs, start=1):
        unit = store.addsourceunit(alignment.ko_text(bead), source_language)
        unit.settarget(alignment.en_text(bead), target_language, append=True)
        unit.xmlelement.set("tuid", str(number))
        for key, value in {**bead_properties(alignment, bead), **extra}.items():
            prop = etree.Element(unit.namespaced("prop"))
            prop.set("type", key)
            safely_set_text(prop, value)
            # TMX DTD order inside <tu>: note*, prop*, tuv+.
            unit._insert_element_before(prop, unit.namespaced("tuv"))
    return bytes(store)


def _language_text(unit, language: str) -> str:
    prefix = language.lower().split("-")[0]
    for node in unit.getlanguageNodes():
        lang = (node.get(_XML_LANG) or node.get("lang") or "").lower()
        if lang.split("-")[0] == prefix:
            return unit.getNodeText(node, "preserve") or ""
    return ""


def read_tmx(source: str | os.PathLike[str] | bytes, source_language: str = "ko",
             target_language: str = "en") -> list[tuple[str, str, dict[str, str]]]:
    """The ``(korean, english, properties)`` of each unit of a TMX file (a path or the file's bytes)."""
    from lxml import etree
    from translate.storage import tmx

    if isinstance(source, bytes):
        data, name = source, "TMX data"
    else:
        from prtranslate.inputs import read_input

        path = Path(source)
        data = read_input(path, "TMX file")
        name = str(path)
    try:
        store = tmx.tmxfile(BytesIO(data))
    except (etree.XMLSyntaxError, ValueError) as err:
        raise InputError(f"{name} is not a valid TMX file: {err}") from err
    rows: list[tuple[str, str, dict[str, str]]] = []
    for unit in store.units:
        nodes = unit.xmlelement.iterchildren(unit.namespaced("prop"))
        props = {p.get("type", ""): p.text or "" for p in nodes}
        rows.append((_language_text(unit, source_language), _language_text(unit, target_language), props))
    return rows
