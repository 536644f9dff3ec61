"""The editors' version of a stored release: corrected text, repaired alignment, decisions, approval.

A stored release starts as the aligner left it (version 0). Every change an editor makes
(``prtranslate review``) is a new :class:`Revision` of it: the paragraphs of both versions, the
beads over them, the findings of the checker re-run on them at once, and whether the release is
approved. The store keeps every version (table ``release_versions``, keyed by release name, so
``corpus add --force`` keeps them and re-applies the newest), logs each change with its editor,
time, before and after (``audit_log``), and refuses a save based on an older version than the
stored one (:class:`~prtranslate.errors.ConflictError`). Source files are never written:
:func:`export_release` writes the corrected text elsewhere.

Editing operations are pure functions from a revision to new content; :func:`save` re-checks
and stores. The glossary the checks use is the bundled one plus the store's *glossary layer*:
the forms editors declared acceptable or forbidden while deciding on findings (:func:`decide`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from prtranslate.errors import InputError, OutputError, UsageError
from prtranslate.labels import label, name
from prtranslate.store import (
    Decision,
    FindingRecord,
    LayerTerm,
    PairRecord,
    ReleaseRow,
    Store,
    finding_subject,
)

if TYPE_CHECKING:
    from prtranslate.glossary import Glossary

ORIGIN_EDITOR = "editor"
FLAG_APPROVED = "approved"
VERDICTS = ("accept", "reject", "fixed")
#: What a decision may teach the glossary layer: nothing, an acceptable rendering, a forbidden one.
LEARN = ("", "acceptable", "forbid")
_LEARNING_KINDS = ("term", "inconsistent")


@dataclass(frozen=True)
class Para:
    """One paragraph of one language version: its id (position in the file), text and kind."""

    id: int
    text: str
    kind: str = "body"          # body, title or boilerplate


@dataclass(frozen=True)
class Link:
    """A bead: the paragraph ids it pairs on each side (one side may be empty)."""

    ko: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 1.0
    flags: tuple[str, ...] = ()
    origin: str = "align"


@dataclass(frozen=True)
class Revision:
    """A release as the editors see it now: version 0 is the aligner's."""

    release: ReleaseRow
    version: int
    ko: tuple[Para, ...]
    en: tuple[Para, ...]
    beads: tuple[Link, ...]
    findings: tuple[FindingRecord, ...]
    approved: bool = False
    editor: str | None = None
    saved_at: str | None = None
    source_changed: bool = False     # the release's files changed since this version was saved

    def paragraph(self, side: str, pid: int) -> Para:
        for p in self.ko if side == "ko" else self.en:
            if p.id == pid:
                return p
        raise UsageError(f"{self.release.name} has no {side} paragraph {pid}")

    def text(self, side: str, ids: Sequence[int]) -> str:
        paras = {p.id: p.text for p in (self.ko if side == "ko" else self.en)}
        return " ".join(paras[i] for i in ids if i in paras)

    def pairs(self) -> tuple[PairRecord, ...]:
        """The beads as the store's pair rows (texts joined as the aligner joins them)."""
        return tuple(
            PairRecord(pos, b.ko, b.en, self.text("ko", b.ko) if b.ko else None,
                       self.text("en", b.en) if b.en else None, b.score,
                       b.flags + ((FLAG_APPROVED,) if self.approved and FLAG_APPROVED not in b.flags else ()),
                       b.origin)
            for pos, b in enumerate(self.beads))

    def content(self) -> str:
        return json.dumps({"ko": [[p.id, p.text, p.kind] for p in self.ko],
                           "en": [[p.id, p.text, p.kind] for p in self.en],
                           "beads": [[list(b.ko), list(b.en), b.score, list(b.flags), b.origin] for b in self.beads]},
                          ensure_ascii=False)


# --- reading --------------------------------------------------------------------------------------


def current(store: Store, release: str | int) -> Revision:
    """The release's newest version: the editors' latest, else the aligner's as stored."""
    row, pairs, findings = store.release(release)
    latest = store.latest_revision(row.name)
    if latest is not None:
        data = json.loads(latest.content)
        return Revision(
            row, latest.version,
            tuple(Para(int(i), str(t), str(k)) for i, t, k in data["ko"]),
            tuple(Para(int(i), str(t), str(k)) for i, t, k in data["en"]),
            tuple(Link(tuple(k), tuple(e), float(s), tuple(f), str(o)) for k, e, s, f, o in data["beads"]),
            latest.findings, latest.approved, latest.editor, latest.created_at,
            (latest.ko_hash, latest.en_hash) != (row.ko_hash, row.en_hash))
    ko_texts = _source_texts(row.ko_path, row.ko_hash, "ko")
    en_texts = _source_texts(row.en_path, row.en_hash, "en")
    ko: dict[int, Para] = {}
    en: dict[int, Para] = {}
    beads = []
    for p in pairs:
        kind = "boilerplate" if "boilerplate" in p.flags else "title" if "title" in p.flags else "body"
        for ids, text, texts, side in ((p.ko_ids, p.ko_text, ko_texts, ko), (p.en_ids, p.en_text, en_texts, en)):
            for n, pid in enumerate(ids):
                if pid in texts:
                    side[pid] = Para(pid, texts[pid], kind)
                else:  # without the unchanged source file, a bead of two paragraphs keeps its text whole
                    side[pid] = Para(pid, (text or "") if n == 0 else "", kind)
        flags = tuple(f for f in p.flags if f != FLAG_APPROVED)
        beads.append(Link(p.ko_ids, p.en_ids, p.score, flags, p.origin))
    return Revision(row, 0, tuple(sorted(ko.values(), key=lambda x: x.id)),
                    tuple(sorted(en.values(), key=lambda x: x.id)), tuple(beads), tuple(findings),
                    approved=any(FLAG_APPROVED in p.flags for p in pairs))


def _source_texts(path: str | None, digest: str | None, language: str) -> dict[int, str]:
    """Paragraph texts by id from the release's file, when it is still there and unchanged."""
    if not path or not digest:
        return {}
    from prtranslate.corpus import file_hash
    from prtranslate.documents import read_document
    from prtranslate.errors import PrtranslateError

    file = Path(path)
    try:
        if not file.is_file() or file_hash(file) != digest:
            return {}
        return {p.id: p.text for p in read_document(file, language=language).paragraphs}
    except (OSError, PrtranslateError):
        return {}


# --- the checker, loaded once -------------------------------------------------------------------


class Checker:
    """The checks a server runs on every save: the glossary (bundled plus the store's layer) and the
    Korean analyser are loaded once and reloaded only when the layer grows."""

    def __init__(self, glossary_paths: Sequence[str] = ()) -> None:
        self.glossary_paths = tuple(glossary_paths)
        self._lock = threading.Lock()
        self._glossary: Glossary | None = None
        self._layer_size = -1

    def glossary(self, store: Store) -> Glossary:
        from prtranslate.glossary import load_glossary, with_layer

        terms = store.layer_terms()
        with self._lock:
            if self._glossary is None or len(terms) != self._layer_size:
                base = load_glossary(list(self.glossary_paths))
                self._glossary = with_layer(base, [(t.ko, t.en, t.form) for t in terms])
                self._layer_size = len(terms)
            return self._glossary

    def warm(self, db: str) -> None:
        """Load the glossary and the Korean analyser now (seconds), so the first save is quick."""
        with Store(db, readonly=True) as store:
            self.glossary(store).find_ko("북극항로를 논의하였다.")

    def findings(self, store: Store, revision: Revision) -> tuple[FindingRecord, ...]:
        """The checker's findings on ``revision``'s text and beads, with the bead positions."""
        from prtranslate.align import Alignment, Bead
        from prtranslate.check import check_alignment
        from prtranslate.corpus import finding_record
        from prtranslate.documents import Paragraph, list_marker

        if not revision.ko or not revision.en:
            return ()
        ko_index = {p.id: n for n, p in enumerate(revision.ko)}
        en_index = {p.id: n for n, p in enumerate(revision.en)}
        ko_units = tuple(Paragraph(p.id, p.text, p.kind, list_marker(p.text)) for p in revision.ko)
        en_units = tuple(Paragraph(p.id, p.text, p.kind, list_marker(p.text)) for p in revision.en)
        beads = tuple(Bead(tuple(ko_index[i] for i in b.ko), tuple(en_index[j] for j in b.en), b.score, b.flags)
                      for b in revision.beads)
        alignment = Alignment(ko_units, en_units, beads)
        positions: dict[tuple[str, int], int] = {}
        for pos, b in enumerate(revision.beads):
            positions.update({("ko", i): pos for i in b.ko})
            positions.update({("en", j): pos for j in b.en})
        return tuple(finding_record(f, positions) for f in check_alignment(alignment, self.glossary(store)))


# --- changes ------------------------------------------------------------------------------------


def _flags(revision: Revision, ko: tuple[int, ...], en: tuple[int, ...]) -> tuple[str, ...]:
    kinds = [revision.paragraph("ko", i).kind for i in ko] + [revision.paragraph("en", j).kind for j in en]
    flags = []
    if kinds and all(k == "boilerplate" for k in kinds):
        flags.append("boilerplate")
    if "title" in kinds:
        flags.append("title")
    if not ko or not en:
        flags.append("one_sided")
    return tuple(flags)


def _bead(revision: Revision, position: int) -> Link:
    if not 0 <= position < len(revision.beads):
        raise UsageError(f"{revision.release.name} has no bead #{position}")
    return revision.beads[position]


def edit_text(revision: Revision, side: str, pid: int, text: str) -> tuple[Revision, tuple[str, str, str, str]]:
    """The revision with paragraph ``pid`` of ``side`` replaced by ``text``; and its audit entry."""
    if side not in ("ko", "en"):
        raise UsageError(f"unknown side {side!r}: use ko or en")
    text = " ".join(text.split())
    if not text:
        raise UsageError("a paragraph cannot be emptied; unlink it instead")
    old = revision.paragraph(side, pid)
    paras = tuple(replace(p, text=text) if p.id == pid else p for p in (revision.ko if side == "ko" else revision.en))
    changed = replace(revision, ko=paras) if side == "ko" else replace(revision, en=paras)
    return changed, ("edit", f"{side} {label(old)}", old.text, text)


def _describe(revision: Revision, link: Link) -> str:
    """A bead for the history, its paragraphs named as the reader sees them (``ko 4. 양측은… ↔ en —``)."""
    ko = {p.id: label(p) for p in revision.ko}
    en = {p.id: label(p) for p in revision.en}
    return f"ko {name(ko, link.ko)} ↔ en {name(en, link.en)}"


def merge(revision: Revision, position: int) -> tuple[Revision, tuple[str, str, str, str]]:
    """Bead ``position`` and the next one made one bead (links two one-sided paragraphs)."""
    first, second = _bead(revision, position), _bead(revision, position + 1)
    ko, en = first.ko + second.ko, first.en + second.en
    link = Link(ko, en, 1.0, _flags(revision, ko, en), ORIGIN_EDITOR)
    beads = (*revision.beads[:position], link, *revision.beads[position + 2:])
    action = "link" if (not first.en and not second.ko) or (not first.ko and not second.en) else "merge"
    return (replace(revision, beads=beads),
            (action, f"beads #{position} and #{position + 1}",
             f"{_describe(revision, first)}; {_describe(revision, second)}", _describe(revision, link)))


def split(revision: Revision, position: int, ko_count: int, en_count: int
          ) -> tuple[Revision, tuple[str, str, str, str]]:
    """Bead ``position`` cut in two: its first ``ko_count`` Korean and ``en_count`` English paragraphs,
    then the rest (a 1-1 bead cut at (1, 0) is unlinked: two one-sided paragraphs)."""
    bead = _bead(revision, position)
    if not (0 <= ko_count <= len(bead.ko) and 0 <= en_count <= len(bead.en)) or \
            (ko_count, en_count) in ((0, 0), (len(bead.ko), len(bead.en))):
        raise UsageError(f"bead #{position} ({_describe(revision, bead)}) cannot be cut after {ko_count} ko,"
                         f" {en_count} en")
    parts = [(bead.ko[:ko_count], bead.en[:en_count]), (bead.ko[ko_count:], bead.en[en_count:])]
    links = tuple(Link(k, e, 1.0, _flags(revision, k, e), ORIGIN_EDITOR) for k, e in parts)
    beads = revision.beads[:position] + links + revision.beads[position + 1:]
    action = "unlink" if len(bead.ko) == 1 and len(bead.en) == 1 else "split"
    return (replace(revision, beads=beads),
            (action, f"bead #{position}", _describe(revision, bead),
             "; ".join(_describe(revision, link) for link in links)))


def split_options(link: Link) -> list[tuple[int, int]]:
    """The cuts :func:`split` accepts for a bead, as ``(ko_count, en_count)``, in reading order."""
    return [(k, e) for k in range(len(link.ko) + 1) for e in range(len(link.en) + 1)
            if (k, e) not in ((0, 0), (len(link.ko), len(link.en)))]


def save(store: Store, checker: Checker, base: Revision, changed: Revision, editor: str | None,
         audit: Sequence[tuple[str, str, str | None, str | None]], approved: bool | None = None) -> Revision:
    """Re-check ``changed`` and store it as the version after ``base`` (a
    :class:`~prtranslate.errors.ConflictError` when someone saved after ``base``). An edit or an
    alignment change withdraws an approval; ``approved=True`` approves."""
    state = approved if approved is not None else False
    checked = replace(changed, approved=state)
    checked = replace(checked, findings=checker.findings(store, checked))
    action = audit[0][0] if audit else "save"
    decided = decisions_by_finding(store, base)
    version = store.save_revision(base.release.name, base.version, checked.content(), checked.pairs(),
                                  checked.findings, state, editor, action, audit)
    saved = current(store, base.release.name)
    _carry_decisions(store, base, saved, decided, version)
    return saved


def _same_finding(finding: FindingRecord) -> tuple[str | None, ...]:
    return (finding.kind, finding.message, finding.evidence, finding.expected, finding.found)


def _carry_decisions(store: Store, base: Revision, saved: Revision, decided: dict[int, Decision],
                     version: int) -> None:
    """Decisions stay with findings that an edit elsewhere in their paragraph did not touch.

    A decision is keyed by its finding's texts, the pair's included, so editing one sentence of a
    paragraph would leave the decisions on its other findings orphaned: a finding of the new version
    that is the same as a decided one of the old (kind, message, evidence, expected, found) gets the
    same decision again, recorded with its editor and a note saying so."""
    if not decided:
        return
    now = decisions_by_finding(store, saved)
    taken = set(now)
    for number, decision in decided.items():
        if number > len(base.findings):
            continue
        key = _same_finding(base.findings[number - 1])
        match = next((n for n, f in enumerate(saved.findings, start=1) if n not in taken and _same_finding(f) == key),
                     None)
        if match is None:
            continue
        taken.add(match)
        note = f"{decision.note + '; ' if decision.note else ''}kept after version {version}"
        store.record_decision(saved.release.name, saved.findings[match - 1], decision.verdict,
                              editor=decision.editor, note=note)


def approve(store: Store, checker: Checker, base: Revision, editor: str | None) -> Revision:
    """Approve the release as it stands: its pairs are marked approved (``tm export`` says so)."""
    if base.release.status != "aligned":
        raise UsageError(f"{base.release.name} is not an aligned release; there is nothing to approve")
    return save(store, checker, base, base, editor,
                [("approve", "release", "approved" if base.approved else "not approved", "approved")], approved=True)


# --- decisions on findings ------------------------------------------------------------------------


def decisions_by_finding(store: Store, revision: Revision) -> dict[int, Decision]:
    """The decision that stands (the latest) on each finding of the release, by the finding's number
    (from 1, in the order of ``revision.findings``, as ``corpus show`` numbers them)."""
    latest: dict[int, Decision] = {}
    for d in store.decisions_for(revision.release.name):
        if d.target == "finding" and d.finding is not None:
            latest[d.finding] = d
    return latest


def learnable(finding: FindingRecord) -> bool:
    """Whether a decision on ``finding`` can teach the glossary layer (a term rendered another way)."""
    return finding.kind in _LEARNING_KINDS and bool(finding.found)


def _term_of(finding: FindingRecord, glossary) -> str | None:
    if finding.kind == "inconsistent":
        return finding.evidence or None
    for match in glossary.find_ko(finding.evidence or ""):
        return str(match.entry.ko)
    return None


def decide(store: Store, checker: Checker, revision: Revision, subject: str, verdict: str,
           editor: str | None = None, note: str | None = None, learn: str = "") -> FindingRecord:
    """Record ``verdict`` (accept, reject, fixed) on the finding of ``revision`` whose subject is
    ``subject``; ``learn="acceptable"`` (with reject) adds the English form the finding found to the
    store's glossary layer as an accepted variant, ``learn="forbid"`` (with accept) as forbidden."""
    if verdict not in VERDICTS:
        raise UsageError(f"unknown decision {verdict!r}: use accept, reject or fixed")
    if learn not in LEARN or (learn == "acceptable" and verdict != "reject") or \
            (learn == "forbid" and verdict != "accept"):
        raise UsageError(f"{learn!r} cannot go with {verdict}")
    number = next((n for n, f in enumerate(revision.findings, start=1) if finding_subject(f) == subject), None)
    if number is None:
        raise InputError(f"{revision.release.name} has no such finding any more: reload")
    finding = revision.findings[number - 1]
    before = decisions_by_finding(store, revision).get(number)
    store.record_decision(revision.release.name, finding, verdict, editor=editor,
                          note=note or ("not here again" if verdict == "reject" and not learn else None))
    store.add_audit(revision.release.name, "decision", subject, before.verdict if before else None,
                    verdict + (f" ({note})" if note else ""), editor)
    if learn:
        if not learnable(finding):
            raise UsageError(f"a {finding.kind} finding cannot teach the glossary")
        glossary = checker.glossary(store)
        ko = _term_of(finding, glossary)
        entry = glossary.get(ko) if ko else None
        if entry is None:
            raise InputError(f"no glossary term found for: {finding.message}")
        forms = [f.strip() for f in (finding.found or "").split(";") if f.strip()]
        from prtranslate.glossary import english_key

        for form in forms:
            if english_key(form) == english_key(entry.en):
                continue
            store.add_layer_term(LayerTerm(entry.ko, form, "accepted" if learn == "acceptable" else "forbidden",
                                           revision.release.name, editor, note))
    return finding


# --- export ---------------------------------------------------------------------------------------


def export_release(store: Store, release: str | int, folder: str | Path) -> list[Path]:
    """Write the release's current text (the editors' corrections included) as ``NAME.ko.txt`` and
    ``NAME.en.txt`` in ``folder``; never over the release's own source files."""
    from prtranslate.outputs import write_atomic

    revision = current(store, release)
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    base = revision.release.name.replace("/", "--")
    written = []
    for side, paras, source in (("ko", revision.ko, revision.release.ko_path),
                                ("en", revision.en, revision.release.en_path)):
        if not paras:
            continue
        target = out / f"{base}.{side}.txt"
        if source and target.resolve() == Path(source).resolve():
            raise OutputError(f"{target} is the release's source file; export somewhere else")
        write_atomic(target, "\n\n".join(p.text for p in paras if p.text) + "\n")
        written.append(target)
    return written
