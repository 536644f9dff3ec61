"""Termbases in and out: TBX (memoQ, Trados MultiTerm, …) through translate-toolkit, and CSV.

TBX mapping, one ``termEntry`` per Korean term:

- the Korean ``langSet`` (``ko``, ``ko-KR`` …): the first usable term is the entry's ``ko``; other
  Korean synonyms become entries of their own with the same English;
- the English ``langSet`` (``en``, ``en-US``, ``en-GB`` …): terms whose ``administrativeStatus``
  (or ``normativeAuthorization``) is deprecated, superseded or forbidden go to ``forbidden``; of
  the others, the preferred one (else the first) is ``en``, the rest ``accepted``;
- ``descrip type="subjectField"`` is the domain; a definition or note is the note.

CSV: a header row naming the columns: this glossary's own (``ko, en, accepted, forbidden, note,
domain``), or language columns as termbase tools write them (``Korean``/``ko-KR`` and
``English``/``en-US``), or translate-toolkit's ``source``/``target``. Multiple values in a cell
are separated by ``|``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Iterable
from pathlib import Path

from prtranslate.errors import GlossaryError
from prtranslate.glossary import COLUMNS, MULTI_SEPARATOR, TermEntry, make_entry, read_tsv

_BAD_STATUS = ("deprecated", "superseded", "forbidden", "obsolete", "notrecommended", "rejected")
_PREFERRED_STATUS = ("preferred",)

_KO_HEADERS = {"ko", "kor", "korean", "한국어", "source", "term_ko"}
_EN_HEADERS = {"en", "eng", "english", "영어", "target", "term_en"}


def _lang_of(code: str) -> str:
    return code.strip().lower().replace("_", "-").split("-")[0]


def _status(term) -> str:
    statuses = [term.administrative_status or ""]
    statuses += [n.text for n in term.notes if (n.category or "").lower() == "normativeauthorization"]
    joined = " ".join(statuses).lower().replace("-", "").replace("_", "").replace(" ", "")
    if any(s in joined for s in _BAD_STATUS):
        return "forbidden"
    if any(s in joined for s in _PREFERRED_STATUS):
        return "preferred"
    return ""


def xml_reason(err: BaseException, data: bytes, root: str) -> str:
    """Why an XML exchange file could not be read: the parser's message, or (translate-toolkit asserts
    without one) the root element found instead of ``root``."""
    reason = " ".join(str(err).split())
    if reason:
        return reason[:200]
    from lxml import etree

    try:
        found = etree.QName(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))).localname
    except Exception:  # only a better message is at stake
        return f"{type(err).__name__} while parsing"
    return f"the root element is <{found}>, not <{root}>"


def read_tbx(data: bytes, source: str = "<tbx>") -> list[TermEntry]:
    """Entries of a TBX termbase (Korean–English concepts; others are skipped)."""
    from lxml import etree
    from translate.storage.tbx import tbxfile

    try:
        store = tbxfile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, AssertionError) as err:
        # translate-toolkit asserts on a root element other than <martif>.
        raise GlossaryError(f"{source}: not a readable TBX file ({xml_reason(err, data, 'martif')})") from err
    entries: list[TermEntry] = []
    for unit in store.units:
        codes: dict[str, str] = {}
        for node in unit.getlanguageNodes():
            lang = node.get("{http://www.w3.org/XML/1998/namespace}lang") or node.get("lang") or ""
            codes.setdefault(_lang_of(lang), lang)
        if "ko" not in codes or "en" not in codes:
            continue
        ko_terms = [t for t in unit.get_target_terms(codes["ko"])
                    if t.text.strip() and _status(t) != "forbidden"]
        en_terms = [t for t in unit.get_target_terms(codes["en"]) if t.text.strip()]
        usable = [t for t in en_terms if _status(t) != "forbidden"]
        if not ko_terms or not usable:
            continue
        preferred = next((t for t in usable if _status(t) == "preferred"), usable[0])
        accepted = [t.text for t in usable if t is not preferred]
        forbidden = [t.text for t in en_terms if _status(t) == "forbidden"]
        note, domain = "", ""
        for n in unit.get_common_notes(source=False) + unit.get_common_notes(source=True):
            category = (n.category or "").lower()
            if category == "subjectfield" and not domain:
                domain = n.text
            elif category in ("definition", "note", "") and n.origin != "pos" and not note:
                note = n.text
        for ko in ko_terms:
            entries.append(make_entry(ko.text, preferred.text, accepted, forbidden, note, domain))
    if not entries:
        raise GlossaryError(f"{source}: no Korean–English term entries in this TBX file")
    return entries


# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_entry(entry: TermEntry) -> TermEntry:
    """The entry with every text XML-compatible (control characters dropped)."""
    def clean(text: str) -> str:
        return _NOT_XML.sub("", text)

    return dataclasses.replace(entry, ko=clean(entry.ko), en=clean(entry.en),
                               accepted=tuple(map(clean, entry.accepted)),
                               forbidden=tuple(map(clean, entry.forbidden)),
                               note=clean(entry.note), domain=clean(entry.domain))


def write_tbx(entries: Iterable[TermEntry]) -> bytes:
    """A TBX termbase (Korean source, English target) with preferred/admitted/deprecated statuses."""
    from lxml import etree
    from translate.storage.tbx import tbxfile

    store = tbxfile(sourcelanguage="ko", targetlanguage="en")
    for number, entry in enumerate(entries, start=1):
        entry = _xml_entry(entry)
        unit = store.addsourceunit(entry.ko)
        unit.setid(f"c{number}")
        unit.set_target_terms([entry.en, *entry.accepted, *entry.forbidden], "en")
        if entry.domain:
            descrip = etree.Element(unit.namespaced("descrip"), type="subjectField")
            descrip.text = entry.domain
            unit.xmlelement.insert(0, descrip)
        if entry.note:
            descrip = etree.Element(unit.namespaced("descrip"), type="definition")
            descrip.text = entry.note
            unit.xmlelement.insert(1 if entry.domain else 0, descrip)
        statuses = (["preferredTerm-admn-sts"] + ["admittedTerm-admn-sts"] * len(entry.accepted)
                    + ["deprecatedTerm-admn-sts"] * len(entry.forbidden))
        english = unit.get_target_dom("en")
        for tig, status in zip(english.findall(unit.namespaced("tig")), statuses, strict=True):
            note = etree.SubElement(tig, unit.namespaced("termNote"), type="administrativeStatus")
            note.text = status
    return bytes(store)


def _column(header: list[str], names: set[str]) -> int | None:
    for i, h in enumerate(header):
        key = h.strip().lower()
        if key in names or (_lang_of(key) in names and "-" in key.replace("_", "-")):
            return i
    return None


def read_csv(text: str, source: str = "<csv>") -> list[TermEntry]:
    """Entries of a CSV termbase (see the module's docstring for the accepted headers)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [row for row in reader if row and any(c.strip() for c in row)]
    except csv.Error as err:
        raise GlossaryError(f"{source}: malformed CSV ({err})") from err
    if not rows:
        raise GlossaryError(f"{source}: empty termbase")
    header = [h.strip().lower() for h in rows[0]]
    if "ko" in header and "en" in header and all(h in COLUMNS or not h for h in header):
        return read_tsv(text, source, delimiter=delimiter)
    ko_col = _column(header, _KO_HEADERS)
    en_col = _column(header, _EN_HEADERS)
    if ko_col is None or en_col is None:
        raise GlossaryError(f"{source}: CSV header must name a Korean and an English column "
                            f"(e.g. ko,en or Korean,English; found: {', '.join(header)})")
    extra = {name: header.index(name) for name in ("accepted", "forbidden", "note", "domain")
             if name in header}
    entries: list[TermEntry] = []
    for line, row in enumerate(rows[1:], start=2):
        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i] if i is not None and i < len(row) else ""

        ko_forms = [f.strip() for f in cell(ko_col).split(MULTI_SEPARATOR) if f.strip()]
        en_forms = [f.strip() for f in cell(en_col).split(MULTI_SEPARATOR) if f.strip()]
        if not ko_forms and not en_forms:
            continue
        if not ko_forms or not en_forms:
            raise GlossaryError(f"{source}: line {line}: both a Korean and an English term are required")
        for ko in ko_forms:
            accepted = [*en_forms[1:], *cell(extra.get("accepted")).split(MULTI_SEPARATOR)]
            entries.append(make_entry(ko, en_forms[0], accepted, cell(extra.get("forbidden")),
                                      cell(extra.get("note")), cell(extra.get("domain"))))
    return entries


def write_csv(entries: Iterable[TermEntry]) -> str:
    """The glossary as CSV with its own header (``ko, en, accepted, forbidden, note, domain``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([e.ko, e.en, MULTI_SEPARATOR.join(e.accepted), MULTI_SEPARATOR.join(e.forbidden),
                         e.note, e.domain])
    return out.getvalue()


def read_termbase(path: str | Path) -> list[TermEntry]:
    """Entries of a ``.tbx`` or ``.csv`` termbase file."""
    from prtranslate.inputs import read_input

    p = Path(path)
    from prtranslate.encodings import unicode_text

    data = read_input(p, "termbase", GlossaryError)
    if p.suffix.lower() in (".tbx", ".xml"):
        return read_tbx(data, str(p))
    try:
        text = unicode_text(data)
    except UnicodeDecodeError as err:
        raise GlossaryError(f"{p}: termbase is not UTF-8 or UTF-16 text (invalid {err.encoding.upper()}"
                            f" at byte {err.start})") from err
    return read_csv(text, str(p))
