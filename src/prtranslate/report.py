"""QA reports on how consistent the Korean and English versions of releases are.

A release report aligns the two versions and checks them (:mod:`prtranslate.check`), then
sums up: alignment coverage (the share of content paragraphs paired, the one-sided ones),
terminology compliance (glossary hits kept / glossary hits seen: a Korean glossary term in
a paired paragraph whose English carries an accepted rendering), number and date agreement,
findings by kind and, when a translation model is given and loads, round-trip agreement
(the machine translation of the Korean scored against the English, paragraph by paragraph).

A corpus report runs the release report over every ``NAME.ko.txt`` + ``NAME.en.txt`` pair of
a folder: one row per release, totals, and the compliance trend over release dates, read
from a ``YYYY-MM-DD`` name prefix.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from prtranslate import __version__
from prtranslate.errors import InputError, ModelError, PrtranslateError

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=$|[-_.\s])")


def release_date(path: str | Path) -> str | None:
    """The ``YYYY-MM-DD`` a release file name starts with, or ``None``."""
    import datetime

    m = _DATE.match(Path(path).name)
    if not m:
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def release_name(path: str | Path) -> str:
    """``NAME`` of ``NAME.ko.txt`` (the file name without language tag and extension)."""
    from prtranslate.outputs import display_name

    name = re.sub(r"\.(txt|md|html|htm)\Z", "", display_name(Path(path).name), flags=re.IGNORECASE)
    return re.sub(r"[._-](ko|en|kor|eng)\Z", "", name, flags=re.IGNORECASE)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- release ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BeadRow:
    """One bead of the release with its figures: terms and numerals seen and kept, round-trip score."""

    ko: tuple[int, ...]
    en: tuple[int, ...]
    ko_text: str
    en_text: str
    score: float
    flags: tuple[str, ...]
    terms_seen: int = 0
    terms_kept: int = 0
    numbers_seen: int = 0
    numbers_agreeing: int = 0
    roundtrip: float | None = None
    ko_labels: tuple[str, ...] = ()     # the paragraphs as the reader sees them (prtranslate.labels)
    en_labels: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """``ko 4. 양측은… | en 4. The two sides…``: the bead's paragraphs by their labels."""
        return " | ".join(f"{side} {' + '.join(labels)}" for side, labels in
                          (("ko", self.ko_labels), ("en", self.en_labels)) if labels) or "—"

    @property
    def paired(self) -> bool:
        return bool(self.ko and self.en)

    @property
    def boilerplate(self) -> bool:
        return "boilerplate" in self.flags

    def to_dict(self) -> dict[str, object]:
        return {
            "ko": list(self.ko), "en": list(self.en), "ko_labels": list(self.ko_labels),
            "en_labels": list(self.en_labels), "score": round(self.score, 4),
            "flags": list(self.flags),
            "terms_seen": self.terms_seen, "terms_kept": self.terms_kept, "numbers_seen": self.numbers_seen,
            "numbers_agreeing": self.numbers_agreeing,
            "roundtrip": None if self.roundtrip is None else round(self.roundtrip, 2),
            "ko_text": self.ko_text, "en_text": self.en_text,
        }


@dataclass(frozen=True)
class RoundTrip:
    """Round-trip agreement: chrF of the machine translation of the Korean against the English."""

    available: bool
    note: str
    chrf: float | None = None
    signature: str = ""
    model: str = ""
    sacrebleu_signature: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"available": self.available, "note": self.note,
                "chrf": None if self.chrf is None else round(self.chrf, 2), "signature": self.signature,
                "model": self.model}


@dataclass(frozen=True)
class ReleaseReport:
    """The consistency figures of one release pair."""

    ko_path: str
    en_path: str
    name: str
    date: str | None
    rows: tuple[BeadRow, ...]
    findings: tuple[Any, ...]            # prtranslate.check.Finding
    roundtrip: RoundTrip
    glossary_digest: str = ""
    meta: dict[str, object] = field(default_factory=dict, compare=False)
    posted: str | None = None        # the posting date of the page's metadata block (ISO)
    department: str | None = None    # the department of the page's metadata block
    # Paragraph labels by id (prtranslate.labels), to name the findings' paragraphs.
    ko_labels: dict[int, str] = field(default_factory=dict, compare=False)
    en_labels: dict[int, str] = field(default_factory=dict, compare=False)

    def where(self, finding: Any) -> str:
        """A finding's paragraphs by their labels: ``ko 4. 양측은… | en 4. The two sides…``."""
        from prtranslate.labels import name

        return " | ".join(f"{side} {name(labels, ids)}" for side, labels, ids in
                          (("ko", self.ko_labels, finding.ko), ("en", self.en_labels, finding.en)) if ids) \
            or "across releases"

    @property
    def content_rows(self) -> tuple[BeadRow, ...]:
        return tuple(r for r in self.rows if not r.boilerplate)

    @property
    def ko_paragraphs(self) -> int:
        return sum(len(r.ko) for r in self.content_rows)

    @property
    def en_paragraphs(self) -> int:
        return sum(len(r.en) for r in self.content_rows)

    @property
    def paired_ko(self) -> int:
        return sum(len(r.ko) for r in self.content_rows if r.paired)

    @property
    def paired_en(self) -> int:
        return sum(len(r.en) for r in self.content_rows if r.paired)

    @property
    def coverage(self) -> float | None:
        """Share of content paragraphs (both sides) that are paired."""
        return _rate(self.paired_ko + self.paired_en, self.ko_paragraphs + self.en_paragraphs)

    @property
    def one_sided(self) -> tuple[BeadRow, ...]:
        return tuple(r for r in self.content_rows if not r.paired)

    @property
    def terms_seen(self) -> int:
        return sum(r.terms_seen for r in self.rows)

    @property
    def terms_kept(self) -> int:
        return sum(r.terms_kept for r in self.rows)

    @property
    def compliance(self) -> float | None:
        """Terminology compliance: glossary hits kept / glossary hits seen (``None`` when none seen)."""
        return _rate(self.terms_kept, self.terms_seen)

    @property
    def numbers_seen(self) -> int:
        return sum(r.numbers_seen for r in self.rows)

    @property
    def numbers_agreeing(self) -> int:
        return sum(r.numbers_agreeing for r in self.rows)

    @property
    def number_agreement(self) -> float | None:
        return _rate(self.numbers_agreeing, self.numbers_seen)

    def lowest_roundtrip(self, limit: int = 5) -> list[BeadRow]:
        """The paired beads whose round-trip agreement is lowest: where the meaning may diverge."""
        scored = [r for r in self.rows if r.roundtrip is not None]
        return sorted(scored, key=lambda r: (r.roundtrip, r.ko))[:limit]

    @property
    def findings_by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(f.kind for f in self.findings).items()))

    @property
    def findings_by_severity(self) -> dict[str, int]:
        return dict(sorted(Counter(f.severity for f in self.findings).items()))

    @property
    def signature(self) -> str:
        parts = [f"prtranslate:{__version__}", f"glossary:{self.glossary_digest or 'none'}"]
        if self.roundtrip.available:
            parts.append(f"mt:{self.roundtrip.model}|roundtrip:chrF|{self.roundtrip.sacrebleu_signature}")
        return "|".join(parts)

    def summary(self) -> dict[str, object]:
        """The figures of the release, without its text (a corpus row)."""
        return {
            "name": self.name, "date": self.date, "posted": self.posted, "department": self.department,
            "ko": self.ko_path, "en": self.en_path,
            "paragraphs": {"ko": self.ko_paragraphs, "en": self.en_paragraphs},
            "paired": {"ko": self.paired_ko, "en": self.paired_en},
            "coverage": _round(self.coverage), "one_sided": len(self.one_sided),
            "terms": {"seen": self.terms_seen, "kept": self.terms_kept,
                      "compliance": _round(self.compliance)},
            "numbers": {"seen": self.numbers_seen, "agreeing": self.numbers_agreeing,
                        "agreement": _round(self.number_agreement)},
            "findings": {"total": len(self.findings), "by_kind": self.findings_by_kind,
                         "by_severity": self.findings_by_severity},
            "roundtrip": self.roundtrip.to_dict(),
        }

    def to_dict(self) -> dict[str, object]:
        record = self.summary()
        record["one_sided_paragraphs"] = [
            {"side": "ko" if r.ko else "en", "ids": list(r.ko or r.en), "labels": list(r.ko_labels or r.en_labels),
             "text": r.ko_text or r.en_text}
            for r in self.one_sided
        ]
        record["findings_list"] = [finding_record(f, self.ko_labels, self.en_labels) for f in self.findings]
        record["beads"] = [r.to_dict() for r in self.rows]
        record["signature"] = self.signature
        record["prtranslate"] = __version__
        return record


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def finding_record(finding: Any, ko_labels: dict[int, str] | None = None,
                   en_labels: dict[int, str] | None = None) -> dict[str, object]:
    """A :class:`prtranslate.check.Finding` as plain JSON data, with its paragraphs' labels when given."""
    labels: dict[str, object] = {}
    if ko_labels is not None and en_labels is not None:
        labels = {"ko_labels": [ko_labels.get(i, str(i)) for i in finding.ko],
                  "en_labels": [en_labels.get(j, str(j)) for j in finding.en]}
    return {
        "kind": finding.kind, "severity": finding.severity, "ko": list(finding.ko), "en": list(finding.en),
        **labels, "message": finding.message, "evidence": finding.evidence, "expected": finding.expected,
        "found": finding.found,
    }


def _term_key(match: Any) -> tuple[str, str]:
    return (match.entry.ko, match.entry.en)


def term_figures(glossary: Any, ko_text: str, en_text: str) -> tuple[int, int]:
    """``(seen, kept)``: glossary entries whose Korean term is in ``ko_text``, and of those, the ones
    whose English (or an accepted variant) is in ``en_text``."""
    seen = {_term_key(m) for m in glossary.find_ko(ko_text) if not getattr(m, "partial", False)}
    if not seen:
        return 0, 0
    found = {_term_key(m) for m in glossary.find_en(en_text)}
    return len(seen), len(seen & found)


def comparison_figures(comparison: Any) -> tuple[int, int]:
    """``(seen, agreeing)`` numbers and dates from ``check``'s own comparison
    (:class:`prtranslate.check.NumeralComparison`): the values both sides agree on, plus one for
    each number or date finding the check makes of the rest. ``None`` (nothing compared): ``(0, 0)``."""
    if comparison is None:
        return 0, 0
    agreeing = len(comparison.agreeing)
    return agreeing + comparison.disagreeing, agreeing


def number_figures(ko_text: str, en_text: str) -> tuple[int, int]:
    """``(seen, agreeing)`` numbers and dates of a Korean and an English paragraph, as ``check`` compares them."""
    from prtranslate.check import compare_numerals

    return comparison_figures(compare_numerals(ko_text, en_text))


class RoundTripper:
    """Machine-translates the Korean of paired beads into English to score it against the English.

    The model is loaded once, on first use, and only when one is named (``--model`` or
    ``$PRTRANSLATE_MODEL_KO_EN``); when it cannot be loaded the report carries a note instead.
    """

    def __init__(self, model: str | None = None) -> None:
        self.requested = model
        self._backend: Any = None
        self._note = ""

    def _load(self) -> Any:
        if self._backend is not None or self._note:
            return self._backend
        import os

        from prtranslate.mt.models import ENV_VARS

        env = ENV_VARS[("ko", "en")]
        if not (self.requested or os.environ.get(env, "").strip()):
            # The default hub model is not tried: a report must not wait on a download.
            self._note = f"not run: no translation model given (--model or ${env})"
            return None
        try:
            from prtranslate.mt import choose_model, get_backend, resolve_model

            spec = resolve_model(*choose_model("ko", "en", self.requested), "ko", "en")
            self._backend = get_backend(spec.format)(spec, "ko", "en", device="auto")
        except ModelError as err:
            self._note = f"not available: {err}"
        return self._backend

    def translate(self, paragraphs: Sequence[str]) -> list[str] | None:
        """English drafts of Korean paragraphs (sentence by sentence), or None without a model."""
        backend = self._load()
        if backend is None:
            return None
        from prtranslate.sentences import split_sentences

        sentences = [split_sentences(p, "ko") or [p] for p in paragraphs]
        flat = [s for group in sentences for s in group]
        try:
            # Greedy decoding: a QA signal, not a draft to publish, and four times faster than beams.
            best = [hyps[0].text if hyps else "" for hyps in backend.translate(flat, n_best=1, beam_size=1)]
        except ModelError as err:
            self._backend, self._note = None, f"not available: {err}"
            return None
        out, k = [], 0
        for group in sentences:
            out.append(" ".join(best[k : k + len(group)]))
            k += len(group)
        return out

    @property
    def note(self) -> str:
        return self._note

    @property
    def model(self) -> str:
        """The model's id and the fingerprint of its files, for the signature."""
        spec = getattr(self._backend, "spec", None)
        return f"{spec.id}@{spec.fingerprint[:12]}" if spec is not None else ""

    @property
    def backend_name(self) -> str:
        return str(getattr(self._backend, "name", ""))


def _roundtrip(rows: list[BeadRow], roundtripper: RoundTripper | None) -> tuple[list[BeadRow], RoundTrip]:
    """Score the machine translation of each paired bead's Korean against its English (chrF)."""
    tripper = roundtripper or RoundTripper()
    paired = [k for k, r in enumerate(rows) if r.paired and not r.boilerplate]
    if not paired:
        return rows, RoundTrip(False, "not run: no paired paragraphs")
    drafts = tripper.translate([rows[k].ko_text for k in paired])
    if drafts is None:
        return rows, RoundTrip(False, tripper.note)
    from prtranslate.score import CHRF, score_segments

    corpus, segments = score_segments(drafts, [rows[k].en_text for k in paired], "en", pairing="alignment")
    out = list(rows)
    for k, scores in zip(paired, segments, strict=True):
        out[k] = replace(rows[k], roundtrip=scores[CHRF])
    note = f"{len(paired)} paired paragraphs machine-translated ko→en ({tripper.backend_name})"
    chrf = corpus[CHRF]
    return out, RoundTrip(True, note, chrf.score, chrf.signature, tripper.model, chrf.sacrebleu_signature)


def build_release_report(alignment: Any, findings: Sequence[Any], glossary: Any,
                         roundtripper: RoundTripper | None = None) -> ReleaseReport:
    """The report of an aligned, checked release (see :func:`report_release` for files)."""
    from prtranslate.check import compare_bead_numerals
    from prtranslate.labels import paragraph_labels, unit_labels

    rows: list[BeadRow] = []
    for bead in alignment.beads:
        ko_text, en_text = alignment.ko_text(bead), alignment.en_text(bead)
        terms = numbers = (0, 0)
        if bead.ko and bead.en and "boilerplate" not in bead.flags:
            terms = term_figures(glossary, ko_text, en_text) if glossary is not None else (0, 0)
            numbers = comparison_figures(compare_bead_numerals(alignment, bead))
        rows.append(BeadRow(bead.ko, bead.en, ko_text, en_text, float(bead.score), tuple(bead.flags),
                            terms[0], terms[1], numbers[0], numbers[1],
                            ko_labels=tuple(unit_labels(alignment.ko_units, bead.ko)),
                            en_labels=tuple(unit_labels(alignment.en_units, bead.en))))
    rows, roundtrip = _roundtrip(rows, roundtripper)
    path = alignment.ko_path or alignment.en_path
    page = getattr(alignment, "meta", {}).get("page") or {}
    return ReleaseReport(
        ko_path=alignment.ko_path, en_path=alignment.en_path, name=release_name(path),
        # A release's date: its file name's, else the posting date of its page.
        date=release_date(path) or page.get("posted"), posted=page.get("posted"),
        department=page.get("department"),
        rows=tuple(rows), findings=tuple(findings), roundtrip=roundtrip,
        glossary_digest=str(getattr(glossary, "digest", "") or ""),
        ko_labels=paragraph_labels(alignment.ko_units), en_labels=paragraph_labels(alignment.en_units),
    )


def _check(ko_path: str | Path, en_path: str | Path, glossary_paths: Sequence[str], use_bundled: bool):
    from prtranslate.check import check_files

    return check_files(str(ko_path), str(en_path), glossary_paths=tuple(glossary_paths),
                       use_bundled=use_bundled)


def report_release(ko_path: str | Path, en_path: str | Path, glossary_paths: Sequence[str] = (),
                   use_bundled: bool = True, model: str | None = None) -> ReleaseReport:
    """Align and check a release pair, then sum up its consistency."""
    result = _check(ko_path, en_path, glossary_paths, use_bundled)
    return build_release_report(result.alignment, result.findings, result.glossary, RoundTripper(model))


# --- corpus -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusReport:
    """Release reports of a folder, with the releases that could not be read."""

    folder: str
    releases: tuple[ReleaseReport, ...]
    skipped: tuple[tuple[str, str], ...]   # (file or release name, reason)
    findings: tuple[Any, ...] = ()         # across releases: one term rendered differently

    def totals(self) -> dict[str, object]:
        r = self.releases
        ko = sum(x.ko_paragraphs for x in r)
        en = sum(x.en_paragraphs for x in r)
        paired = sum(x.paired_ko + x.paired_en for x in r)
        seen, kept = sum(x.terms_seen for x in r), sum(x.terms_kept for x in r)
        nseen, nagree = sum(x.numbers_seen for x in r), sum(x.numbers_agreeing for x in r)
        kinds: Counter[str] = Counter()
        severities: Counter[str] = Counter()
        for x in r:
            kinds.update(x.findings_by_kind)
            severities.update(x.findings_by_severity)
        return {
            "releases": len(r), "skipped": len(self.skipped), "paragraphs": {"ko": ko, "en": en},
            "coverage": _round(_rate(paired, ko + en)), "one_sided": sum(len(x.one_sided) for x in r),
            "terms": {"seen": seen, "kept": kept, "compliance": _round(_rate(kept, seen))},
            "numbers": {"seen": nseen, "agreeing": nagree, "agreement": _round(_rate(nagree, nseen))},
            "findings": {"total": sum(len(x.findings) for x in r), "by_kind": dict(sorted(kinds.items())),
                         "by_severity": dict(sorted(severities.items())),
                         "across_releases": len(self.findings)},
        }

    def trend(self) -> list[dict[str, object]]:
        """Terminology compliance of the dated releases, oldest first."""
        dated = sorted((x for x in self.releases if x.date), key=lambda x: (x.date, x.name))
        return [{"date": x.date, "name": x.name, "compliance": _round(x.compliance),
                 "terms_seen": x.terms_seen} for x in dated]

    def to_dict(self) -> dict[str, object]:
        return {
            "folder": self.folder, "prtranslate": __version__,
            "releases": [x.summary() for x in self.releases], "totals": self.totals(), "trend": self.trend(),
            "skipped": [{"name": n, "reason": why} for n, why in self.skipped],
            "findings_across_releases": [finding_record(f) for f in self.findings],
        }


def find_release_pairs(folder: str | Path) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """``NAME.ko.txt`` + ``NAME.en.txt`` pairs of a folder (sorted by name; tags in any case), and the
    files left alone with why: one version only, a FIFO or a dangling link, a name that is not UTF-8."""
    import re

    from prtranslate.inputs import unusable
    from prtranslate.outputs import display_name

    root = Path(folder)
    if not root.exists():
        raise InputError(f"{display_name(root)} does not exist")
    if not root.is_dir():
        raise InputError(f"{display_name(root)} is not a folder; give a folder of NAME.ko.txt + NAME.en.txt releases")
    pattern = re.compile(r"(?P<name>.+)\.(?P<lang>ko|en)\.txt\Z", re.IGNORECASE | re.DOTALL)
    files: dict[str, dict[str, Path]] = {}
    lone: list[tuple[str, str]] = []
    for path in sorted(root.iterdir()):
        match = pattern.match(path.name)
        if not match or path.name.startswith("."):
            continue
        why = unusable(path)
        if why:
            lone.append((display_name(path.name), why))
            continue
        files.setdefault(match["name"], {})[match["lang"].lower()] = path
    pairs = []
    for _name, langs in sorted(files.items()):
        if "ko" in langs and "en" in langs:
            pairs.append((langs["ko"], langs["en"]))
        elif "ko" in langs:
            lone.append((display_name(langs["ko"].name), "no English version (NAME.en.txt)"))
        else:
            lone.append((display_name(langs["en"].name), "no Korean version (NAME.ko.txt)"))
    return pairs, lone


def report_corpus(folder: str | Path, glossary_paths: Sequence[str] = (), use_bundled: bool = True,
                  model: str | None = None) -> CorpusReport:
    """Release reports of every pair in ``folder``; a release that cannot be read is listed as skipped."""
    pairs, skipped = find_release_pairs(folder)
    if not pairs:
        raise InputError(f"{folder} has no release pairs (NAME.ko.txt + NAME.en.txt)")
    from prtranslate.check import check_consistency

    reports, checked = [], []
    roundtripper = RoundTripper(model)   # one model load for the whole folder
    for ko, en in pairs:
        try:
            result = _check(ko, en, glossary_paths, use_bundled)
        except PrtranslateError as err:
            # A glossary problem concerns every release: stop. A bad release file: skip it.
            if not isinstance(err, InputError):
                raise
            skipped.append((release_name(ko), str(err)))
            continue
        checked.append(result)
        reports.append(build_release_report(result.alignment, result.findings, result.glossary, roundtripper))
    if not reports:
        raise InputError(f"no release in {folder} could be read ({skipped[0][1]})")
    return CorpusReport(str(folder), tuple(reports), tuple(skipped), tuple(check_consistency(checked)))


# --- text -------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def format_release_text(report: ReleaseReport) -> str:
    """A terminal summary of a release report."""
    lines = [f"# {report.ko_path} <-> {report.en_path}" + (f" ({report.date})" if report.date else "")]
    if report.posted or report.department:
        lines.append(f"Posted               {report.posted or '-'}  (department: {report.department or '-'})")
    lines.append(f"Alignment coverage   {_pct(report.coverage)}  "
                 f"(paired ko {report.paired_ko}/{report.ko_paragraphs}, "
                 f"en {report.paired_en}/{report.en_paragraphs})")
    lines.append(f"Terminology          {_pct(report.compliance)}  "
                 f"({report.terms_kept} of {report.terms_seen} "
                 "glossary hits kept)")
    lines.append(f"Numbers and dates    {_pct(report.number_agreement)}  ({report.numbers_agreeing} of "
                 f"{report.numbers_seen} agree)")
    rt = report.roundtrip
    lines.append(f"Round-trip chrF      {rt.chrf:.1f}  ({rt.note})" if rt.available and rt.chrf is not None
                 else f"Round-trip           {rt.note}")
    by_kind = ", ".join(f"{k} {n}" for k, n in report.findings_by_kind.items()) or "none"
    lines.append(f"Findings             {len(report.findings)}  ({by_kind})")
    diverging = report.lowest_roundtrip()
    if diverging:
        lines.append("\nLowest round-trip agreement (chrF of the machine translation against the English):")
        for r in diverging:
            lines.append(f"  {r.roundtrip:5.1f}  {r.where}")
            lines.append(f"         EN: {' '.join(r.en_text.split())}")
    if report.one_sided:
        lines.append("\nOne-sided paragraphs:")
        for r in report.one_sided:
            side = "ko" if r.ko else "en"
            lines.append(f"  {side}: {' '.join((r.ko_text or r.en_text).split())}")
    if report.findings:
        lines.append("\nFindings:")
        for f in report.findings:
            lines.append(f"  [{f.severity}] {f.kind} ({report.where(f)}): {f.message}")
    lines.append(f"\nSignature: {report.signature}")
    return "\n".join(lines) + "\n"


def format_corpus_text(corpus: CorpusReport) -> str:
    """A terminal table of a corpus report: one row per release, totals, trend (names never cut)."""
    w = max([len("release"), *(len(x.name) for x in corpus.releases)])
    header = f"{'release':<{w}} {'date':<10} {'paras':>7} {'cover':>6} {'1-side':>6} {'terms':>7} " \
             f"{'numbers':>7} {'finds':>5}"
    lines = [f"# {corpus.folder}: {len(corpus.releases)} releases", header, "-" * len(header)]
    for x in corpus.releases:
        lines.append(f"{x.name:<{w}} {x.date or '-':<10} "
                     f"{x.ko_paragraphs:>3}/{x.en_paragraphs:<3} "
                     f"{_pct(x.coverage):>6} {len(x.one_sided):>6} {_pct(x.compliance):>7} "
                     f"{_pct(x.number_agreement):>7} {len(x.findings):>5}")
    t = corpus.totals()
    lines.append("-" * len(header))
    paras: Any = t["paragraphs"]
    terms: Any = t["terms"]
    numbers: Any = t["numbers"]
    findings: Any = t["findings"]
    lines.append(f"{'total':<{w}} {'':<10} {paras['ko']:>3}/{paras['en']:<3} {_pct(t['coverage']):>6} "  # type: ignore[arg-type]
                 f"{t['one_sided']:>6} {_pct(terms['compliance']):>7} {_pct(numbers['agreement']):>7} "
                 f"{findings['total']:>5}")
    by_kind = ", ".join(f"{k} {n}" for k, n in findings["by_kind"].items()) or "none"
    lines.append(f"\nFindings by kind: {by_kind}")
    for f in corpus.findings:
        lines.append(f"  [{f.severity}] {f.kind} (across releases): {f.message}")
    trend = corpus.trend()
    if trend:
        lines.append("\nTerminology compliance over release dates:")
        for point in trend:
            lines.append(f"  {point['date']}  {_pct(point['compliance']):>7}  ({point['terms_seen']} hits)  "  # type: ignore[arg-type]
                         f"{point['name']}")
    for name, why in corpus.skipped:
        lines.append(f"skipped {name}: {why}")
    return "\n".join(lines) + "\n"
