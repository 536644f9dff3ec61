"""The translation memory: the store's aligned pairs plus imported TMX units, exported, imported, looked up.

Export and import go through translate-toolkit (TMX, XLIFF, CSV). Every exported unit
carries where it came from: release name, date, alignment score and origin (``align`` for
a pair the aligner found, ``import:FILE`` for an imported unit, ``mt:…`` for a machine
translation). TMX units carry them as ``<prop type="x-release|x-date|x-score|x-origin">``
(and ``x-status`` = ``approved`` for a pair of a release an editor approved in ``prtranslate review``,
``flagged`` for a pair with a known error written by ``--include-flagged``),
XLIFF units as a ``prtranslate`` context group, CSV rows as location (release), context
(date) and developer comments (``score=…; origin=…``).

:class:`TranslationMemory` answers lookups as CAT tools do: exact matches (100 %) first,
then fuzzy matches by character edit distance (rapidfuzz), as a whole-number percentage
that stays below 100 unless the texts are equal once whitespace is normalised and a leading
list marker (``1.``, ``°``) is set aside.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from prtranslate.errors import InputError
from prtranslate.outputs import write_atomic, write_stdout
from prtranslate.store import Store, TmUnit

FORMATS = {".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff", ".csv": "csv"}
PROPS = ("release", "date", "score", "origin", "status")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form texts are compared in: whitespace collapsed, ends stripped."""
    return _SPACE.sub(" ", text).strip()


def without_marker(text: str) -> str:
    """The text without the list marker it starts with (``1.``, ``°``, ``가.``…)."""
    from prtranslate.documents import list_marker

    text = text.lstrip()
    marker = list_marker(text)
    return text[len(marker):].lstrip() if marker else text


def match_key(text: str) -> str:
    """What lookups compare: the normalised text without its list marker (numbering differs by release)."""
    return normalise(without_marker(text))


@dataclass(frozen=True)
class TmMatch:
    """One TM hit for a lookup: the stored source and target, match percentage and provenance."""

    source: str
    target: str
    score: float            # match percentage, 0–100 (100 = exact)
    origin: str
    release: str | None = None
    date: str | None = None
    pair_score: float | None = None   # the aligner's confidence in the stored pair

    @property
    def exact(self) -> bool:
        return self.score >= 100

    @property
    def target_content(self) -> str:
        """The target without its list marker, for a caller that keeps its own numbering."""
        return without_marker(self.target)


# --- collecting the units -------------------------------------------------------------------------


ERROR = "error"            # prtranslate.check.ERROR (not imported: check pulls in the aligner)
#: The ``x-status`` of a unit with a known error (``tm export --include-flagged``): not approved.
FLAGGED = "flagged"


def _unit_key(release: str, position: int | None) -> str:
    return f"{release}#{position}"


def flagged_pairs(store: Store) -> dict[str, str]:
    """The stored pairs a translation memory must not take as approved, by unit key (``release#position``),
    each with why: an open error finding (a wrong date, "South Korea's"), or an editor's rejection.

    Editors' decisions (``corpus decide``), the latest per finding or pair, close a finding when it
    is ``reject`` (a false alarm) or ``fixed``; ``accept`` confirms it. ``reject`` on a pair (a wrong
    pair) flags the pair whatever its findings.
    """
    flagged: dict[str, list[str]] = {}
    for row in store.releases():
        if row.status != "aligned":
            continue
        _, _, findings = store.release(row.id)
        on_finding, on_pair = _verdicts(store, row.id)
        for number, finding in enumerate(findings, 1):
            if finding.severity != ERROR or finding.position is None:
                continue
            if on_finding.get(number) in ("reject", "fixed"):
                continue
            flagged.setdefault(_unit_key(row.name, finding.position), []).append(
                f"{finding.severity} {finding.kind}: {finding.message}")
        for position, (verdict, why) in on_pair.items():
            if verdict == "reject":
                flagged.setdefault(_unit_key(row.name, position), []).append(why)
    return {key: "; ".join(reasons) for key, reasons in flagged.items()}


def _verdicts(store: Store, release: int) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """The standing (latest) verdict on each finding (by number, from 1) and on each pair (by position,
    with a note: who rejected it and why) of a stored release; decisions on what the release no
    longer holds (orphaned) count for nothing."""
    on_finding: dict[int, str] = {}
    on_pair: dict[int, tuple[str, str]] = {}
    for d in store.decisions_for(release):          # oldest first: the latest decision stands
        if d.orphaned:
            continue
        if d.target == "finding" and d.finding is not None:
            on_finding[d.finding] = d.verdict
        elif d.target == "pair" and d.pair is not None:
            who = f" by {d.editor}" if d.editor else ""
            on_pair[d.pair] = (d.verdict, f"rejected{who}" + (f": {d.note}" if d.note else ""))
    return on_finding, on_pair


def store_units(store: Store, min_pair_score: float = 0.0, imported: bool = True,
                exclude_flagged: bool = False) -> list[TmUnit]:
    """The TM as Korean→English units: every aligned (two-sided, non-boilerplate) pair, then imports.

    With ``exclude_flagged``, pairs with an open error finding or rejected by an editor
    (:func:`flagged_pairs`) are left out.
    """
    skip = flagged_pairs(store) if exclude_flagged else {}
    units = [
        TmUnit(pair.ko_text or "", pair.en_text or "", "ko", "en", pair.origin, release.name, release.date,
               pair.score, _unit_key(release.name, pair.position), "approved" if "approved" in pair.flags else "")
        for release, pair in store.aligned_pairs(min_score=min_pair_score)
        if _unit_key(release.name, pair.position) not in skip
    ]
    if imported:
        # An imported unit that repeats an aligned pair (a re-imported export) is shown once.
        seen = {(normalise(u.source), normalise(u.target)) for u in units}
        units += [u for u in store.tm_units() if (normalise(u.source), normalise(u.target)) not in seen]
    return units


class TranslationMemory:
    """Exact and fuzzy lookups over TM units, in either direction (``ko→en`` or ``en→ko``)."""

    def __init__(self, units: Sequence[TmUnit], source_lang: str = "ko") -> None:
        if source_lang not in ("ko", "en"):
            raise InputError(f"unknown source language {source_lang!r}: use ko or en")
        self.source_lang = source_lang
        self.units: list[TmUnit] = []
        self._exact: dict[str, list[int]] = {}
        seen: set[tuple[str, str]] = set()
        for unit in units:
            source, target = (unit.source, unit.target) if source_lang == "ko" else (unit.target, unit.source)
            key = (match_key(source), normalise(target))
            if not key[0] or not key[1] or key in seen:
                continue
            seen.add(key)
            self._exact.setdefault(key[0], []).append(len(self.units))
            self.units.append(TmUnit(source, target, source_lang, "en" if source_lang == "ko" else "ko",
                                     unit.origin, unit.release, unit.date, unit.score, unit.key))
        self._choices = [match_key(u.source) for u in self.units]

    @classmethod
    def from_store(cls, store: Store, source_lang: str = "ko",
                   min_pair_score: float = 0.0) -> TranslationMemory:
        return cls(store_units(store, min_pair_score=min_pair_score), source_lang)

    def __len__(self) -> int:
        return len(self.units)

    def lookup(self, text: str, min_score: float = 75.0, limit: int = 5) -> list[TmMatch]:
        """Matches for ``text`` scoring at least ``min_score`` percent, best first (exact ones first)."""
        from rapidfuzz import fuzz, process

        query = match_key(text)
        if not query:
            return []
        matches: list[TmMatch] = [self._match(i, 100.0) for i in self._exact.get(query, ())]
        exact = set(self._exact.get(query, ()))
        if len(matches) < limit and min_score < 100:
            hits = process.extract(query, self._choices, scorer=fuzz.ratio, score_cutoff=min_score,
                                   limit=limit + len(exact))
            for _, ratio, index in hits:
                if index in exact:
                    continue
                # A CAT tool never shows 100 % for a text that differs.
                percent = min(99.0, float(math.floor(ratio)))
                if percent >= min_score:
                    matches.append(self._match(index, percent))
        matches.sort(key=lambda m: (-m.score, -(m.pair_score or 0.0), m.release or "", m.source))
        return matches[:limit]

    def best(self, text: str, min_score: float = 95.0) -> TmMatch | None:
        """The best match at or above ``min_score``, or None (what ``translate`` reuses before MT)."""
        found = self.lookup(text, min_score=min_score, limit=1)
        return found[0] if found else None

    def _match(self, index: int, percent: float) -> TmMatch:
        u = self.units[index]
        return TmMatch(u.source, u.target, percent, u.origin, u.release, u.date, u.score)


# --- export ------------------------------------------------------------------------------------


def tm_format(path: str | Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in set(FORMATS.values()):
            raise InputError(f"unknown TM format {fmt!r}: use tmx, xliff or csv")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot tell the TM format of {path}: name it .tmx, .xlf or .csv (or give --format)")
    return FORMATS[suffix]


def _props(unit: TmUnit) -> list[tuple[str, str]]:
    values = {"release": unit.release, "date": unit.date,
              "score": None if unit.score is None else f"{unit.score:.4f}", "origin": unit.origin,
              "status": unit.status or None}
    return [(f"x-{name}", str(values[name])) for name in PROPS if values[name] is not None]


def tm_bytes(units: Sequence[TmUnit], fmt: str, source_lang: str = "ko",
             notes: dict[str, str] | None = None) -> bytes:
    """Serialise TM units (Korean→English as stored) with translate-toolkit, ``source_lang`` first.

    A unit whose key is in ``notes`` is flagged: not approved, the note saying why (TMX ``<note>`` and
    ``x-status`` ``flagged``; XLIFF ``approved="no"``, state ``needs-review-translation`` and a note;
    CSV: in the comments).
    """
    target_lang = "en" if source_lang == "ko" else "ko"
    notes = notes or {}
    units = [replace(u, status=FLAGGED) if notes.get(u.key) else u for u in units]

    def sides(u: TmUnit) -> tuple[str, str]:
        return (u.source, u.target) if source_lang == "ko" else (u.target, u.source)

    if fmt == "tmx":
        from lxml import etree
        from translate.misc.xml_helpers import safely_set_text
        from translate.storage.tmx import tmxfile

        tmx = tmxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
        for u in units:
            source, target = sides(u)
            tu = tmx.addsourceunit(source, source_lang)
            tu.settarget(target, target_lang, append=True)
            if u.key:
                tu.xmlelement.set("tuid", u.key)
            note = notes.get(u.key)
            if note:
                element = etree.Element(tu.namespaced("note"))
                safely_set_text(element, note)
                tu._insert_element_before(element, tu.namespaced(tu.languageNode))
            for kind, value in _props(u):
                prop = etree.Element(tu.namespaced("prop"))
                prop.set("type", kind)
                safely_set_text(prop, value)
                # TMX DTD order inside <tu>: note*, prop*, tuv+.
                tu._insert_element_before(prop, tu.namespaced(tu.languageNode))
        return bytes(tmx)
    if fmt == "xliff":
        from translate.storage.xliff import xlifffile, xliffunit

        xlf: xlifffile[xliffunit] = xlifffile(sourcelanguage=source_lang, targetlanguage=target_lang)
        for n, u in enumerate(units):
            source, target = sides(u)
            unit = xlf.addsourceunit(source)
            unit.target = target
            unit.setid(u.key or str(n))
            unit.createcontextgroup("prtranslate", _props(u), purpose="information")
            if notes.get(u.key):
                unit.markapproved(False)
                unit.set_state_n(unit.statemap["needs-review-translation"])
                unit.addnote(notes[u.key], origin="developer")
        return bytes(xlf)
    from translate.storage.csvl10n import csvfile, csvunit

    csv = csvfile()
    for n, u in enumerate(units):
        source, target = sides(u)
        row = csvunit(source)
        row.target = target
        row.id = u.key or str(n)
        row.location = u.release or ""
        row.context = u.date or ""
        row.developer_comments = "; ".join(
            [f"{k[2:]}={v}" for k, v in _props(u) if k in ("x-score", "x-origin", "x-status")]
            + ([f"note={notes[u.key]}"] if notes.get(u.key) else []))
        csv.addunit(row)
    return bytes(csv)


@dataclass(frozen=True)
class ExportCount:
    """What ``tm export`` wrote: units, of which flagged (``--include-flagged``), and pairs left out."""

    units: int
    flagged: int = 0
    left_out: int = 0


def export_tm(store: Store, path: str | Path, fmt: str | None = None, source_lang: str = "ko",
              min_pair_score: float = 0.0, imported: bool = True, include_flagged: bool = False) -> ExportCount:
    """Write the store's TM to ``path`` (format from the suffix or ``fmt``).

    Pairs with open error findings or rejected by an editor are left out, or with
    ``include_flagged`` written as flagged units (not approved, a note saying why).
    """
    kind = tm_format(path, fmt)
    notes = flagged_pairs(store)
    units = store_units(store, min_pair_score=min_pair_score, imported=imported)
    kept = units if include_flagged else [u for u in units if u.key not in notes]
    data = tm_bytes(kept, kind, source_lang, notes if include_flagged else None)
    if str(path) == "-":   # standard output (the format from --format)
        write_stdout(data)
    else:
        write_atomic(path, data)
    flagged = sum(1 for u in units if u.key in notes)
    return ExportCount(len(kept), flagged if include_flagged else 0, 0 if include_flagged else flagged)


# --- import ------------------------------------------------------------------------------------


def _lang(code: str | None) -> str:
    return (code or "").split("-")[0].split("_")[0].lower()


def read_tmx(path: str | Path) -> list[TmUnit]:
    """Korean–English units of a TMX file (either language as source), with their x- properties."""
    from translate.storage.tmx import tmxfile

    from prtranslate.inputs import read_input

    file = Path(path)
    data = read_input(file, "TMX file")
    try:
        tmx = tmxfile.parsestring(data)
    except Exception as err:  # lxml and translate-toolkit raise many kinds on a broken file
        from prtranslate.formats.termbase import xml_reason

        raise InputError(f"{file} is not a readable TMX file: {xml_reason(err, data, 'tmx')}") from err
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    units: list[TmUnit] = []
    for tu in tmx.units:
        texts: dict[str, str] = {}
        for node in tu.getlanguageNodes():
            lang = _lang(node.get(xml_lang) or node.get("lang"))
            seg = tu.getNodeText(node)
            if lang in ("ko", "en") and seg and lang not in texts:
                texts[lang] = seg
        if "ko" not in texts or "en" not in texts:
            continue
        props = {p.get("type", ""): (p.text or "") for p in tu.xmlelement.iter(tu.namespaced("prop"))}
        score = props.get("x-score") or props.get("x-prtranslate-score")
        try:
            pair_score = float(score) if score else None
        except ValueError:
            pair_score = None
        units.append(TmUnit(
            texts["ko"], texts["en"], "ko", "en", origin=props.get("x-origin") or f"import:{file.name}",
            release=props.get("x-release") or None,
            date=props.get("x-date") or (tu.xmlelement.get("creationdate") or None), score=pair_score,
        ))
    return units


def import_tmx(store: Store, path: str | Path) -> tuple[int, int]:
    """Add a TMX file's Korean–English units to the store; returns ``(added, already there)``."""
    units = read_tmx(path)
    if not units:
        raise InputError(f"{path} has no unit with both a Korean and an English segment")
    return store.add_tm_units(units)
