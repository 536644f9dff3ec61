"""Terminology and fact checks on an aligned release pair: what an editor must look at.

Each aligned pair of paragraphs is checked for

- **term**: a glossary term on the Korean side whose preferred or accepted English is absent
  (an *error* when a near miss such as "Northern Sea Road" stands in its place, a *warning*
  otherwise); words that render another term of the Korean ("Foreign Minister" for 외교부 장관)
  are no near miss of a third ("Foreign Ministry" for 외교부);
- **forbidden**: a forbidden English variant ("South Korea", "Sea of Japan"), an error;
- **inconsistent**: one Korean term rendered two different ways in one release (or, with
  :func:`check_consistency`, across releases), a warning; short forms ("the Foreign Ministry"
  after "the Ministry of Foreign Affairs") and descriptive terms (양측) are no inconsistency;
- **number** / **date**: numbers, ordinals, amounts, percentages, dates and year ranges that
  differ between the versions once normalised (``2020년 11월 19일(목)`` = ``November 19, 2020``),
  an error; a value on one side only is a warning;
- **missing**: a paragraph present in one version only (boilerplate excluded): an error for a
  body paragraph, a warning for a note ("※", "*") or a sub-point ("ㅇ", "°");
- **untranslated**: Hangul left in the English, or an English paragraph equal to the Korean.

What depends on the pairing is an error only on a pair the aligner is sure of (posterior at least
:data:`CONFIDENT`); elsewhere it is a warning whose message says "alignment uncertain".
Forbidden forms and Hangul in the English hold whatever the pairing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from prtranslate.glossary import Glossary, TermEntry, TermMatch, english_key, load_glossary, near_miss, with_layer
from prtranslate.labels import label
from prtranslate.numerals import (
    DATE,
    NUMBER,
    ORDINAL,
    RANGE,
    YEAR,
    Numeral,
    as_decimal,
    english_form,
    find_numerals,
    infer_years,
    reference_date,
)
from prtranslate.structure import NOTE, SUB_POINT, unit_role

if TYPE_CHECKING:
    from prtranslate.align import Alignment, Bead

TERM = "term"
FORBIDDEN = "forbidden"
INCONSISTENT = "inconsistent"
NUMBER_KIND = "number"
DATE_KIND = "date"
MISSING = "missing"
UNTRANSLATED = "untranslated"
KINDS = (TERM, FORBIDDEN, INCONSISTENT, NUMBER_KIND, DATE_KIND, MISSING, UNTRANSLATED)

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Finding:
    """One thing an editor should look at: kind, severity, paragraph ids on both sides, and why."""

    kind: str
    severity: str
    ko: tuple[int, ...]
    en: tuple[int, ...]
    message: str
    evidence: str = ""
    expected: str = ""
    found: str = ""

    def to_dict(self) -> dict[str, object]:
        """The JSONL record: ``{"kind", "severity", "ko": [ids], "en": [ids], "message", ...}``."""
        return {"kind": self.kind, "severity": self.severity, "ko": list(self.ko), "en": list(self.en),
                "message": self.message, "evidence": self.evidence, "expected": self.expected,
                "found": self.found}


@dataclass(frozen=True)
class CheckResult:
    """An alignment, its findings, and the glossary they were checked against (None: no glossary)."""

    alignment: Alignment
    findings: tuple[Finding, ...]
    glossary: Glossary | None = None
    meta: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}


# --- the units of a bead --------------------------------------------------------------------------

def _content(unit) -> str:
    """A unit's text without its list marker ("1.", "°"): numbering is not a fact to compare."""
    return getattr(unit, "content", unit.text)


def _paragraph_ids(units, ids: Sequence[int]) -> tuple[int, ...]:
    return tuple(sorted({getattr(units[i], "paragraph", units[i].id) for i in ids}))


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- untranslated ---------------------------------------------------------------------------------

_HANGUL = r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+"
_HANGUL_RUN = re.compile(rf"{_HANGUL}(?:\s+{_HANGUL})*")


_TRANSLATION = "an English translation"


def _untranslated(ko_text: str, en_text: str, ko: tuple[int, ...], en: tuple[int, ...]) -> list[Finding]:
    runs = _HANGUL_RUN.findall(en_text)
    same = " ".join(ko_text.split()) == " ".join(en_text.split())
    if same and any(ch.isalpha() for ch in en_text):
        return [Finding(UNTRANSLATED, ERROR if runs else WARNING, ko, en,
                        "The English paragraph is the same as the Korean: it was not translated.",
                        _short(ko_text), _TRANSLATION, _short(en_text))]
    if not runs:
        return []
    hangul = sum(len(r.replace(" ", "")) for r in runs)
    letters = sum(1 for ch in en_text if ch.isalpha())
    if hangul >= 0.5 * max(1, letters):
        return [Finding(UNTRANSLATED, ERROR, ko, en, "The English paragraph is in Korean.",
                        _short(ko_text), _TRANSLATION, _short(en_text))]
    found = "; ".join(dict.fromkeys(runs))
    # "Dokdo (독도)": Hangul given on purpose, in brackets or quotes, is worth a look, not an error.
    glossed = all(re.search(rf"[(\[“\"'‘]\s*{re.escape(r)}\s*[)\]”\"'’]", en_text) for r in runs)
    return [Finding(UNTRANSLATED, WARNING if glossed else ERROR, ko, en,
                    f"Korean text left in the English: {_short(found, 40)}", "", "English only", _short(found))]


# --- numbers and dates ----------------------------------------------------------------------------

def _category(numeral: Numeral) -> str:
    return DATE_KIND if numeral.kind in (DATE, RANGE, YEAR) else NUMBER_KIND


def _date_parts(value: str) -> tuple[str | None, str | None, str | None]:
    if value.startswith("--"):
        return None, value[2:4], value[5:7]
    parts = value.split("-")
    return parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None


def _compatible(a: Numeral, b: Numeral) -> bool:
    """Same value, allowing for what one side leaves out (a year, a day) or classes differently."""
    if a.key == b.key:
        return True
    kinds = {a.kind, b.kind}
    if kinds == {DATE}:
        pa, pb = _date_parts(a.value), _date_parts(b.value)
        if pa[1] is None or pb[1] is None:
            return False
        return all(x is None or y is None or x == y for x, y in zip(pa, pb, strict=True))
    if kinds == {DATE, YEAR}:
        date, year = (a, b) if a.kind == DATE else (b, a)
        return date.value[:4] == year.value
    if kinds in ({NUMBER, YEAR}, {NUMBER, ORDINAL}):
        return a.value == b.value
    if kinds == {DATE, NUMBER}:
        # "(1.5)" reads as a month and day in Korean shorthand, "1.5" as a number in English.
        date, number = (a, b) if a.kind == DATE else (b, a)
        return as_decimal(date) == number.value
    return False


def _pair_off(ko: list[Numeral], en: list[Numeral], test,
              pairs: list[tuple[Numeral, Numeral]]) -> tuple[list[Numeral], list[Numeral]]:
    """The values of each side left without a partner under ``test``; the partners go to ``pairs``."""
    left_en = list(en)
    left_ko: list[Numeral] = []
    for k in ko:
        partner = next((e for e in left_en if test(k, e)), None)
        if partner is None:
            left_ko.append(k)
        else:
            left_en.remove(partner)
            pairs.append((k, partner))
    return left_ko, left_en


@dataclass(frozen=True)
class NumeralComparison:
    """How the numbers and dates of a paired bead compare, as the check sees them: the values both
    sides agree on, and the ones left over on each side (each left-over becomes a number or date
    finding: one per differing pair, one per value on one side only)."""

    agreeing: tuple[tuple[Numeral, Numeral], ...]
    left_ko: tuple[Numeral, ...]
    left_en: tuple[Numeral, ...]

    def differing(self, category: str) -> tuple[list[Numeral], list[Numeral]]:
        """The Korean and the English values of ``category`` (number or date) that found no partner."""
        return ([n for n in self.left_ko if _category(n) == category],
                [n for n in self.left_en if _category(n) == category])

    @property
    def disagreeing(self) -> int:
        """How many findings the differences make (a differing pair is one finding)."""
        return sum(max(len(k), len(e)) for k, e in (self.differing(c) for c in (DATE_KIND, NUMBER_KIND)))


def compare_numerals(ko_text: str, en_text: str, reference: str | None = None) -> NumeralComparison:
    """Pair off the numbers and dates of a Korean and an English paragraph (see :func:`_numbers`).

    Yearless dates ("6.8.(목)", "June 8") take the year that puts them nearest ``reference``, the
    release's date (:func:`release_reference`).
    """
    ko_nums = infer_years(find_numerals(ko_text, "ko"), reference)
    en_nums = infer_years(find_numerals(en_text, "en"), reference)
    agreeing: list[tuple[Numeral, Numeral]] = []
    left_ko, left_en = _pair_off(ko_nums, en_nums, lambda a, b: a.key == b.key, agreeing)
    left_ko, left_en = _pair_off(left_ko, left_en, _compatible, agreeing)
    # "November 9 to November 12, 2021": the year stands once for a range of dates the other side
    # writes in full, so a year left over is accounted for by any date of that year opposite.
    ko_years = {n.value[:4] for n in ko_nums if n.kind == DATE and not n.value.startswith("--")}
    en_years = {n.value[:4] for n in en_nums if n.kind == DATE and not n.value.startswith("--")}
    left_ko = [n for n in left_ko if not (n.kind == YEAR and n.value in en_years)]
    left_en = [n for n in left_en if not (n.kind == YEAR and n.value in ko_years)]
    # Spelled-out small numbers ("two countries" for 양국) have no Korean digits to meet.
    left_ko = [n for n in left_ko if not n.weak]
    left_en = [n for n in left_en if not n.weak]
    # A value one side repeats ("3국은 … 3국 극지연구기관") and the other says once ("the three
    # countries … their institutes") is no difference, unless the other side has a value left over.
    left_ko, left_en = _drop_repeats(left_ko, left_en, agreeing)
    return NumeralComparison(tuple(agreeing), tuple(left_ko), tuple(left_en))


def _drop_repeats(left_ko: list[Numeral], left_en: list[Numeral],
                  agreeing: list[tuple[Numeral, Numeral]]) -> tuple[list[Numeral], list[Numeral]]:
    """The left-overs less the repeats of an agreed value, category by category, when only one
    side has left-overs in that category (a left-over opposite may be what the repeat became)."""
    ko_keys = {k.key for k, _ in agreeing}
    en_keys = {e.key for _, e in agreeing}
    for category in (DATE_KIND, NUMBER_KIND):
        ks = [n for n in left_ko if _category(n) == category]
        es = [n for n in left_en if _category(n) == category]
        if ks and not es:
            left_ko = [n for n in left_ko if not (_category(n) == category and n.key in ko_keys)]
        elif es and not ks:
            left_en = [n for n in left_en if not (_category(n) == category and n.key in en_keys)]
    return left_ko, left_en


def _said_ko(n: Numeral) -> str:
    """A Korean numeral as a finding names it: ``6.8 (June 8)``; one day of a range with the whole
    range as written, ``September 6 (in 9.4-6)``."""
    return f"{english_form(n)} (in {n.written})" if n.written else f"{n.text} ({english_form(n)})"


def _said_en(n: Numeral) -> str:
    return f"{n.text} (in {n.written})" if n.written else n.text


def _numbers(ko_text: str, en_text: str, ko: tuple[int, ...], en: tuple[int, ...],
             reference: str | None = None) -> list[Finding]:
    comparison = compare_numerals(ko_text, en_text, reference)
    findings: list[Finding] = []
    for category in (DATE_KIND, NUMBER_KIND):
        ks, es = comparison.differing(category)
        noun = "Date" if category == DATE_KIND else "Number"
        for k, e in zip(ks, es, strict=False):
            findings.append(Finding(
                category, ERROR, ko, en,
                f'{noun} differs: the Korean says {_said_ko(k)}, the English says {_said_en(e)}.',
                k.written or k.text, english_form(k), e.written or e.text))
        for k in ks[len(es):]:
            findings.append(Finding(
                category, WARNING, ko, en,
                f'{noun} {_said_ko(k)} of the Korean is not in the English.',
                k.written or k.text, english_form(k), ""))
        for e in es[len(ks):]:
            findings.append(Finding(
                category, WARNING, ko, en, f'{noun} {_said_en(e)} of the English is not in the Korean.',
                "", "", e.written or e.text))
    return findings


def release_reference(alignment: Alignment) -> str | None:
    """The date a release's yearless dates are read against: its posting date, else its first full date."""
    page = alignment.meta.get("page")
    posted = page.get("posted") if isinstance(page, dict) else None
    return reference_date([u.text for u in alignment.ko_units if getattr(u, "kind", "") != "boilerplate"], posted)


# --- terms ----------------------------------------------------------------------------------------

def _near_miss(entry: TermEntry, en_text: str) -> tuple[str, int, int]:
    """The words of ``en_text`` closest to one of the entry's forms ("Northern Sea Road") and where
    they stand, or ``("", 0, 0)`` (:func:`prtranslate.glossary.near_miss`, which translation also uses)."""
    found = near_miss(entry, en_text)
    return (found.text, found.start, found.end) if found else ("", 0, 0)


def _forms_text(entry: TermEntry) -> str:
    return ", ".join(f'"{f}"' for f in entry.acceptable)


# What may stand before a Korean headline's actor ("[외교부] 정부, …"): a source tag, nothing else.
_HEADLINE_ACTOR = re.compile(r"^\s*(?:\[[^\]]{1,20}\]\s*)?$")


class _TermChecker:
    """Term, forbidden and (collected across beads) consistency checks against one glossary."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        # entry -> [(ko ids, en ids, normalised forms used)] for the consistency check
        self.usage: dict[TermEntry, list[tuple[tuple[int, ...], tuple[int, ...], dict[str, str]]]] = {}

    def bead(self, ko_text: str, en_text: str, ko: tuple[int, ...], en: tuple[int, ...],
             headline: bool = False) -> list[Finding]:
        all_hits = self.glossary.find_ko(ko_text)
        hits = [m for m in all_hits if not m.partial]
        present = self.glossary.en_forms(en_text)
        # Where the English renders some term of the Korean (or a term inside one: 외교장관 in
        # 외교장관회담): words there are that term's rendering, not a near miss of another one.
        rendered = [(m.start, m.end) for e in self._korean_terms(all_hits) for m in present.get(e, ())]
        forbidden = self.glossary.find_forbidden(en_text)
        ko_entries = {m.entry: m for m in hits}
        findings: list[Finding] = []

        reported: set[TermEntry] = set()
        seen_spans: set[tuple[int, int]] = set()
        for fm in forbidden:
            span = (fm.start, fm.end)
            if span in seen_spans:
                continue
            # The same words may be a right form for another term of this paragraph (an old
            # ministry name in a historical reference): then they are not a mistake here.
            if any(e in ko_entries and any((m.start, m.end) == span for m in ms)
                   for e, ms in present.items()):
                continue
            sharing = [x.entry for x in forbidden if (x.start, x.end) == span]
            entry = next((e for e in sharing if e in ko_entries), sharing[0])
            seen_spans.add(span)
            reported.add(entry)
            evidence = ko_entries[entry].text if entry in ko_entries else ""
            about = f" for {entry.ko}" if evidence else ""
            findings.append(Finding(
                FORBIDDEN, ERROR, ko, en,
                f'"{fm.text}" is not the ministry\'s usage{about}: write "{entry.en}".',
                evidence, entry.en, fm.text))

        for entry, match in ko_entries.items():
            forms = present.get(entry)
            if forms:
                # Headlines use short forms on purpose ("Vice Foreign Minister"): not an inconsistency.
                if not headline:
                    used = {english_key(m.text): m.text for m in forms}
                    self.usage.setdefault(entry, []).append((ko, en, used))
                continue
            if entry in reported:
                continue
            if (headline and _HEADLINE_ACTOR.match(ko_text[: match.start])
                    and ko_text[match.end:].lstrip().startswith(",")):
                continue   # "외교부, … 개최": the English headline leaves its actor out as a rule
            near, start, end = _near_miss(entry, en_text)
            if near and any(a <= start and end <= b for a, b in rendered):
                continue   # "Foreign Minister" for 외교부 장관 is no near miss of 외교부's "Foreign Ministry"
            if near:
                findings.append(Finding(
                    TERM, ERROR, ko, en, f'{entry.ko} should be "{entry.en}", not "{near}".',
                    match.text, entry.en, near))
            else:
                findings.append(Finding(
                    TERM, WARNING, ko, en,
                    f"{entry.ko} is not rendered as the glossary says: expected {_forms_text(entry)}.",
                    match.text, entry.en, ""))
        return findings

    def _korean_terms(self, hits: Sequence[TermMatch]) -> set[TermEntry]:
        """The entries of ``hits`` and of every glossary term written inside one of them."""
        entries = {m.entry for m in hits}
        for m in hits:
            text = m.text
            for a in range(len(text)):
                for b in range(a + 2, len(text) + 1):
                    if (a, b) != (0, len(text)):
                        inner = self.glossary.get(text[a:b])
                        if inner is not None:
                            entries.add(inner)
        return entries

    def consistency(self) -> list[Finding]:
        return _inconsistent(self.usage)


_FUNCTION_WORDS = frozenset({"the", "of", "for", "and", "a", "an", "on", "in", "to"})


def _variants(a: str, b: str) -> bool:
    """Two normalised forms one of which is a short form or another part of speech of the other.

    "russia" ⊂ "russian side"; "foreign ministry" and "ministry" for "ministry of foreign affairs"
    (the words of one among the other's); "two side" and "both side" (the same head word).
    "viet nam"/"vietnam" or "unsc"/"un security council" are two different names: an inconsistency.
    """
    if a in b or b in a:
        return True
    wa = set(a.replace("-", " ").split()) - _FUNCTION_WORDS
    wb = set(b.replace("-", " ").split()) - _FUNCTION_WORDS
    if wa and wb and (wa <= wb or wb <= wa):
        return True
    return a.split()[-1] == b.split()[-1]


def _families(keys: Sequence[str]) -> list[list[str]]:
    """Group normalised forms that are variants of one another (see :func:`_variants`)."""
    groups: list[list[str]] = []
    for key in sorted(keys, key=len):
        for group in groups:
            if any(_variants(k, key) for k in group):
                group.append(key)
                break
        else:
            groups.append([key])
    return groups


# Glossary domain of descriptive terms (양측, 대표단, 현지시간): their forms vary freely within a release.
_DESCRIPTIVE = "general"


# Glossary domains of places, whose entries list the adjective beside the name (Norway, Norwegian).
_PLACES = frozenset({"state", "region"})
# Endings of an English demonym or place adjective: Norwegian, Chinese, Finnish, French, Israeli, Icelandic.
_DEMONYM = re.compile(r"(?:an|ese|ish|ch|i|ic|ine|ino)$")


def _adjective(entry: TermEntry, key: str) -> bool:
    """Whether the normalised form ``key`` of a place is its adjective ("norwegian" for Norway):
    a form other than the preferred name whose last word has a demonym ending."""
    return (entry.domain in _PLACES and key != english_key(entry.en)
            and bool(_DEMONYM.search(key.split()[-1])))


def _renderings(entry: TermEntry, keys: Sequence[str]) -> list[list[str]]:
    """The families of normalised forms ``keys`` that are different renderings of ``entry``; empty
    when they are one rendering. A name and its adjective ("Norway", "Norwegian") are grammar, not
    two renderings: names are compared with names and adjectives with adjectives."""
    groups: list[list[str]] = []
    for part in (False, True):
        families = _families([k for k in keys if _adjective(entry, k) == part])
        if len(families) >= 2:
            groups.extend(families)
    return groups


def _inconsistent(usage) -> list[Finding]:
    findings: list[Finding] = []
    for entry, uses in usage.items():
        if entry.domain == _DESCRIPTIVE:
            continue   # "the two sides", "both sides", "the heads of delegation": wording, not names
        # A paragraph that uses two forms (a full name with its abbreviation) tells nothing.
        single = [(ko, en, next(iter(used.items()))) for ko, en, used in uses if len(used) == 1]
        groups = _renderings(entry, list(dict.fromkeys(key for _, _, (key, _) in single)))
        if not groups:
            continue
        shown: list[str] = []
        ko_ids: set[int] = set()
        en_ids: set[int] = set()
        for group in groups:
            first = next(u for u in single if u[2][0] in group)
            shown.append(f'"{first[2][1]}"')   # the finding's paragraphs say where each stands
            for ko, en, (key, _) in single:
                if key in group:
                    ko_ids.update(ko)
                    en_ids.update(en)
        findings.append(Finding(
            INCONSISTENT, WARNING, tuple(sorted(ko_ids)), tuple(sorted(en_ids)),
            f"{entry.ko} is rendered in {len(groups)} ways: {' and '.join(shown)}; pick one, "
            f'preferably "{entry.en}".',
            entry.ko, entry.en, "; ".join(s.strip('"') for s in shown)))
    return findings


# --- the whole check ------------------------------------------------------------------------------

def check_alignment(alignment: Alignment, glossary: Glossary | None) -> list[Finding]:
    """Findings of every check on an alignment, in reading order (consistency findings last)."""
    from prtranslate.align import FLAG_BOILERPLATE, FLAG_TITLE

    terms = _TermChecker(glossary) if glossary is not None and len(glossary) else None
    reference = release_reference(alignment)
    findings: list[Finding] = []
    for bead in alignment.beads:
        if FLAG_BOILERPLATE in bead.flags:
            continue
        ko = _paragraph_ids(alignment.ko_units, bead.ko)
        en = _paragraph_ids(alignment.en_units, bead.en)
        ko_text = " ".join(_content(alignment.ko_units[i]) for i in bead.ko)
        en_text = " ".join(_content(alignment.en_units[j]) for j in bead.en)
        if not bead.ko or not bead.en:
            units = [alignment.ko_units[i] for i in bead.ko] + [alignment.en_units[j] for j in bead.en]
            findings.append(_uncertain(_missing(ko_text, en_text, ko, en, label(units[0]), units), bead.score))
            continue
        untranslated = _untranslated(ko_text, en_text, ko, en)
        found = list(untranslated)
        if not _left_in_korean(untranslated):
            # (a Korean paragraph in the English: its terms and numbers say nothing more)
            found.extend(_numbers(ko_text, en_text, ko, en, reference))
            if terms is not None:
                found.extend(terms.bead(ko_text, en_text, ko, en, headline=FLAG_TITLE in bead.flags))
        findings.extend(_uncertain(f, bead.score) for f in found)
    if terms is not None:
        findings.extend(terms.consistency())
    return findings


def _left_in_korean(untranslated: Sequence[Finding]) -> bool:
    return any(f.severity == ERROR and f.expected == _TRANSLATION for f in untranslated)


def compare_bead_numerals(alignment: Alignment, bead: Bead) -> NumeralComparison | None:
    """The comparison :func:`check_alignment` makes of a bead's numbers and dates (its number and date
    findings come from it), or ``None`` where it compares none: boilerplate, a paragraph without
    counterpart, an English paragraph still in Korean."""
    from prtranslate.align import FLAG_BOILERPLATE

    if FLAG_BOILERPLATE in bead.flags or not bead.ko or not bead.en:
        return None
    ko_text = " ".join(_content(alignment.ko_units[i]) for i in bead.ko)
    en_text = " ".join(_content(alignment.en_units[j]) for j in bead.en)
    if _left_in_korean(_untranslated(ko_text, en_text, (), ())):
        return None
    return compare_numerals(ko_text, en_text, release_reference(alignment))


# A bead the aligner is less sure of than this (its posterior probability) is no ground for an error:
# what differs may be the pairing, not the translation.
CONFIDENT = 0.9

# Findings that hold whatever the pairing: the English alone shows them.
_PAIRING_FREE = (FORBIDDEN, UNTRANSLATED)


def _uncertain(finding: Finding, score: float) -> Finding:
    """``finding`` as a warning saying "alignment uncertain" when its bead scored under :data:`CONFIDENT`."""
    if score >= CONFIDENT or finding.kind in _PAIRING_FREE:
        return finding
    return replace(finding, severity=WARNING if finding.severity == ERROR else finding.severity,
                   message=f"{finding.message} (alignment uncertain: pair score {score:.2f})")


def _missing(ko_text: str, en_text: str, ko: tuple[int, ...], en: tuple[int, ...], name: str,
             units: Sequence[object] = ()) -> Finding:
    """A paragraph without counterpart: an error for a body paragraph, a warning for a note or a
    sub-point (``units``). ``name``: the paragraph as the reader sees it (its label,
    :mod:`prtranslate.labels`), not its id."""
    minor = bool(units) and all(unit_role(u) in (NOTE, SUB_POINT) for u in units)
    severity = WARNING if minor else ERROR
    what = {NOTE: "note", SUB_POINT: "sub-point"}.get(unit_role(units[0]), "paragraph") if minor else "paragraph"
    if ko:
        return Finding(MISSING, severity, ko, en, f'Korean {what} "{name}" has no counterpart in the English.',
                       _short(ko_text), "an English paragraph", "")
    return Finding(MISSING, severity, ko, en, f'English {what} "{name}" has no counterpart in the Korean.',
                   "", "", _short(en_text))


def check_consistency(results: Sequence[CheckResult]) -> list[Finding]:
    """Korean terms rendered one way in one release and another way in another (a corpus check).

    A release that is inconsistent in itself already has its own finding and is left out here;
    the finding's message names the files, its paragraph ids are empty.
    """
    by_entry: dict[TermEntry, dict[str, str]] = {}
    for result in results:
        if result.glossary is None:
            continue
        checker = _TermChecker(result.glossary)
        alignment = result.alignment
        for bead in alignment.pairs:
            checker.bead(" ".join(_content(alignment.ko_units[i]) for i in bead.ko),
                         " ".join(_content(alignment.en_units[j]) for j in bead.en), (), ())
        name = getattr(alignment, "en_path", "") or f"release {len(by_entry)}"
        for entry, uses in checker.usage.items():
            forms: dict[str, str] = {}
            for _, _, used in uses:
                forms.update(used)
            if forms and not _renderings(entry, list(forms)):
                names = [k for k in forms if not _adjective(entry, k)]
                by_entry.setdefault(entry, {})[name] = forms[names[0] if names else next(iter(forms))]
    findings = []
    for entry, by_file in by_entry.items():
        if entry.domain == _DESCRIPTIVE:
            continue
        if not _renderings(entry, list(dict.fromkeys(english_key(v) for v in by_file.values()))):
            continue
        shown = "; ".join(f'"{form}" in {path}' for path, form in by_file.items())
        findings.append(Finding(
            INCONSISTENT, WARNING, (), (), f"{entry.ko} is rendered differently across releases: {shown}.",
            entry.ko, entry.en, "; ".join(dict.fromkeys(by_file.values()))))
    return findings


def check_files(ko_path: str, en_path: str, glossary_paths: Sequence[str] = (),
                use_bundled: bool = True, layer: Sequence[tuple[str, str, str]] = ()) -> CheckResult:
    """Read, align (the glossary's terms anchoring the pairs) and check a release pair; ``layer`` holds
    forms editors accepted or forbade (a store's glossary layer, see :func:`~prtranslate.glossary.with_layer`)."""
    from prtranslate.align import align_documents
    from prtranslate.documents import read_pair
    from prtranslate.pipeline import anchor_sources_for

    ko_doc, en_doc = read_pair(ko_path, en_path)
    glossary = load_glossary(glossary_paths, bundled=use_bundled) if (use_bundled or glossary_paths) else None
    if layer:
        glossary = with_layer(glossary if glossary is not None else Glossary(), layer)
    sources = anchor_sources_for(())
    if glossary is not None:
        sources.append(glossary)
    alignment = align_documents(ko_doc, en_doc, anchor_sources=sources)
    findings = check_alignment(alignment, glossary)
    meta: dict[str, object] = {"glossary_digest": glossary.digest if glossary is not None else None}
    return CheckResult(alignment, tuple(findings), glossary, meta)
