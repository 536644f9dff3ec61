"""Monotone alignment of Korean and English units (paragraphs or sentences).

Banded dynamic programming over beads 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2. A bead's cost adds
a Korean↔English length model fitted to the document pair (Gale–Church style), the evidence
of anchors that survive translation (numbers, dates, ordinals, Latin words, transliterated
names, glossary terms: see :mod:`prtranslate.anchors`), the agreement of sentence counts,
and any extra similarity scorers (:mod:`prtranslate.scorers`). The band follows the
diagonal and widens until the best path stays clear of its edges, so time and memory grow
about linearly with document length.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from prtranslate.anchors import AnchorSource, AnchorTable, default_anchor_sources
from prtranslate.documents import BOILERPLATE, TITLE, Document
from prtranslate.units import Unit

BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))

FLAG_BOILERPLATE = "boilerplate"
FLAG_ONE_SIDED = "one_sided"
FLAG_LOW_CONFIDENCE = "low_confidence"
FLAG_TITLE = "title"


@dataclass(frozen=True)
class Bead:
    """Units paired by the aligner: ids on each side (one side may be empty), a confidence and flags."""

    ko: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 1.0
    flags: tuple[str, ...] = ()

    @property
    def one_sided(self) -> bool:
        return not self.ko or not self.en

    @property
    def shape(self) -> str:
        return f"{len(self.ko)}-{len(self.en)}"


@dataclass(frozen=True)
class Alignment:
    """The beads of one release pair, in reading order, over all units (boilerplate included)."""

    ko_units: tuple[Unit, ...]
    en_units: tuple[Unit, ...]
    beads: tuple[Bead, ...]
    level: str = "paragraph"
    ko_path: str = ""
    en_path: str = ""
    meta: dict[str, object] = field(default_factory=dict, compare=False)

    def ko_text(self, bead: Bead) -> str:
        return " ".join(self.ko_units[i].text for i in bead.ko)

    def en_text(self, bead: Bead) -> str:
        return " ".join(self.en_units[i].text for i in bead.en)

    @property
    def pairs(self) -> tuple[Bead, ...]:
        """The two-sided beads."""
        return tuple(b for b in self.beads if b.ko and b.en)


@dataclass
class AlignerSettings:
    """Weights of the cost terms; the defaults were tuned on the news benchmark (see benchmarks/)."""

    priors: dict[tuple[int, int], float] = field(
        default_factory=lambda: {(1, 1): 0.0, (1, 0): 4.2, (0, 1): 4.2, (2, 1): 2.6, (1, 2): 2.6, (2, 2): 6.0}
    )
    length_weight: float = 1.0
    length_variance: float = 8.0
    anchor_match: float = 1.6
    anchor_miss: float = 0.55
    sentence_weight: float = 0.7
    max_length_cost: float = 30.0
    low_confidence: float = 0.5
    band: int = 30


@dataclass(frozen=True)
class _Features:
    length: np.ndarray          # characters without spaces
    sentences: np.ndarray       # rough sentence counts
    anchor_weight: np.ndarray   # total anchor weight per unit


def _length(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _sentence_count(text: str, language: str) -> int:
    from prtranslate.sentences import count_sentences

    return count_sentences(text, language)


class Aligner:
    """Aligns two sequences of texts; :func:`align_documents` is the usual entry point."""

    def __init__(self, anchor_sources: Sequence[AnchorSource] | None = None,
                 scorers: Sequence[object] = (), settings: AlignerSettings | None = None) -> None:
        self.anchor_sources = list(default_anchor_sources() if anchor_sources is None else anchor_sources)
        self.scorers = list(scorers)
        self.settings = settings or AlignerSettings()

    # -- public ------------------------------------------------------------------------------

    def align(self, ko_texts: Sequence[str], en_texts: Sequence[str]) -> list[Bead]:
        """Beads over positions ``0..len-1`` of each side, monotone, each position in exactly one bead."""
        n, m = len(ko_texts), len(en_texts)
        if n == 0 or m == 0:
            return [Bead((i,), (), 1.0, (FLAG_ONE_SIDED,)) for i in range(n)] + [
                Bead((), (j,), 1.0, (FLAG_ONE_SIDED,)) for j in range(m)
            ]
        ko_f = self._features(ko_texts, "ko")
        en_f = self._features(en_texts, "en")
        table = AnchorTable.build(ko_texts, en_texts, self.anchor_sources)
        ratio = float(en_f.length.sum()) / max(1.0, float(ko_f.length.sum()))
        variance = self.settings.length_variance
        path = self._search(ko_f, en_f, table, ratio, variance)
        # Refit the length model on the confident 1-1 beads of the first pass, then align again.
        ones = [(k[0], e[0]) for k, e, _ in path if len(k) == 1 and len(e) == 1]
        if len(ones) >= 5:
            lk = np.array([ko_f.length[k] for k, _ in ones], dtype=float)
            le = np.array([en_f.length[e] for _, e in ones], dtype=float)
            ratio = float(le.sum() / max(1.0, lk.sum()))
            dev = (le - ratio * lk) / np.sqrt(np.maximum(1.0, (ratio * lk + le) / 2))
            # Robust spread (median absolute deviation): merged or missing beads must not inflate it.
            mad = float(np.median(np.abs(dev))) * 1.4826
            variance = float(np.clip(mad * mad, 2.0, 40.0))
            path = self._search(ko_f, en_f, table, ratio, variance)
        return [self._bead(k, e, cost) for k, e, cost in path]

    # -- internals ---------------------------------------------------------------------------

    def _features(self, texts: Sequence[str], language: str) -> _Features:
        return _Features(
            length=np.array([_length(t) for t in texts], dtype=float),
            sentences=np.array([_sentence_count(t, language) for t in texts], dtype=float),
            anchor_weight=np.zeros(len(texts)),
        )

    def _bead(self, ko: tuple[int, ...], en: tuple[int, ...], cost: float) -> Bead:
        # A cost near the 1-1 norm means a confident bead; the logistic squashes it into 0..1.
        score = 1.0 / (1.0 + math.exp(cost - 4.0))
        flags: list[str] = []
        if not ko or not en:
            flags.append(FLAG_ONE_SIDED)
        if score < self.settings.low_confidence:
            flags.append(FLAG_LOW_CONFIDENCE)
        return Bead(ko, en, round(score, 4), tuple(flags))

    def _search(self, ko_f: _Features, en_f: _Features, table: AnchorTable, ratio: float,
                variance: float) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
        n, m = len(ko_f.length), len(en_f.length)
        width = max(self.settings.band, int(4 * math.sqrt(max(n, m))))
        while True:
            result = _BandedSearch(self.settings, ko_f, en_f, table, ratio, variance, width).run()
            if result is not None or width >= max(n, m):
                assert result is not None or width >= max(n, m)
                if result is None:  # pragma: no cover - the full band never touches an edge
                    raise RuntimeError("alignment search failed")
                return result
            width *= 2


class _BandedSearch:
    """One dynamic-programming pass inside a band around the diagonal."""

    def __init__(self, settings: AlignerSettings, ko_f: _Features, en_f: _Features, table: AnchorTable,
                 ratio: float, variance: float, width: int) -> None:
        self.s = settings
        self.ko_f, self.en_f, self.table = ko_f, en_f, table
        self.ratio, self.variance, self.width = ratio, variance, width
        self.n, self.m = len(ko_f.length), len(en_f.length)
        self.full = width >= max(self.n, self.m)
        centre = np.arange(self.n + 1) * (self.m / self.n)
        self.lo = np.maximum(0, np.floor(centre - width)).astype(int)
        self.hi = np.minimum(self.m, np.ceil(centre + width)).astype(int)
        if self.full:
            self.lo[:] = 0
            self.hi[:] = self.m
        self.lo[0] = 0
        self.hi[self.n] = self.m
        self.cum_le = np.concatenate([[0.0], np.cumsum(en_f.length)])
        self.cum_se = np.concatenate([[0.0], np.cumsum(en_f.sentences)])
        self.cum_ae = np.concatenate([[0.0], np.cumsum(table.en_weight)])

    def _prev(self, rows: list[np.ndarray], row: int, cols: np.ndarray) -> np.ndarray:
        """Values of DP row ``row`` at columns ``cols`` (inf outside its band)."""
        data, lo = rows[row], self.lo[row]
        idx = cols - lo
        ok = (idx >= 0) & (idx < len(data))
        out = np.full(len(cols), np.inf)
        out[ok] = data[idx[ok]]
        return out

    def _match(self, k: int, cols: np.ndarray) -> np.ndarray:
        """Anchor weight shared by Korean unit ``k`` and English units ``cols`` (0 outside)."""
        return self.table.matches(k, cols)

    def run(self) -> list[tuple[tuple[int, ...], tuple[int, ...], float]] | None:
        s, n, m = self.s, self.n, self.m
        lk, le = self.ko_f.length, self.en_f.length
        sk = self.ko_f.sentences
        ak = self.table.ko_weight
        rows: list[np.ndarray] = []
        back: list[np.ndarray] = []
        for i in range(n + 1):
            cols = np.arange(self.lo[i], self.hi[i] + 1)
            best = np.full(len(cols), np.inf)
            kind = np.full(len(cols), -1, dtype=np.int8)
            if i == 0:
                best[cols == 0] = 0.0
            for t, (a, b) in enumerate(BEAD_TYPES):
                if a > i or (a == 0):
                    continue
                prev_cols = cols - b
                prev = self._prev(rows, i - a, prev_cols)
                valid = prev_cols >= 0
                if not valid.any():
                    continue
                cost = np.full(len(cols), s.priors[(a, b)])
                ko_weight = float(ak[i - a : i].sum())
                if b == 0:
                    cost += s.anchor_miss * ko_weight
                else:
                    pc = np.maximum(prev_cols, 0)
                    len_k = float(lk[i - a : i].sum())
                    len_e = self.cum_le[cols] - self.cum_le[pc]
                    mean = np.maximum(1.0, (self.ratio * len_k + len_e) / 2)
                    delta = (len_e - self.ratio * len_k) / np.sqrt(self.variance * mean)
                    cost += s.length_weight * np.minimum(delta * delta / 2, s.max_length_cost)
                    sent_e = self.cum_se[cols] - self.cum_se[pc]
                    cost += s.sentence_weight * np.abs(float(sk[i - a : i].sum()) - sent_e)
                    shared = np.zeros(len(cols))
                    for k in range(i - a, i):
                        for d in range(1, b + 1):
                            shared += self._match(k, cols - d)
                    en_weight = self.cum_ae[cols] - self.cum_ae[pc]
                    shared = np.minimum(shared, np.minimum(ko_weight, en_weight))
                    missed = ko_weight + en_weight - 2 * shared
                    cost += s.anchor_miss * missed - s.anchor_match * shared
                total = np.where(valid, prev + cost, np.inf)
                better = total < best
                best[better] = total[better]
                kind[better] = t
            # 0-1 beads move along the row: best[t] = min(best[t], best[t-1] + c01[t]).
            step = s.priors[(0, 1)] + s.anchor_miss * self.table.en_weight[np.maximum(cols - 1, 0)]
            step[0] = np.inf if cols[0] == 0 else step[0]
            prefix = np.concatenate([[0.0], np.cumsum(step[1:])])
            via = np.minimum.accumulate(best - prefix) + prefix
            skip = via < best - 1e-12
            if skip.any():
                best = np.where(skip, via, best)
                kind = np.where(skip, np.int8(BEAD_TYPES.index((0, 1))), kind)
            rows.append(best)
            back.append(kind)
        return self._trace(rows, back)

    def _trace(self, rows: list[np.ndarray], back: list[np.ndarray]):
        i, j = self.n, self.m
        path: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
        margin = 2
        while i > 0 or j > 0:
            idx = j - self.lo[i]
            if not self.full and 0 < i < self.n and (
                (self.lo[i] > 0 and idx < margin) or (self.hi[i] < self.m and self.hi[i] - j < margin)
            ):
                return None  # the path hugs the band's edge: widen and search again
            t = int(back[i][idx])
            if t < 0:
                return None
            a, b = BEAD_TYPES[t]
            here = rows[i][idx]
            prev_row = rows[i - a]
            there = prev_row[j - b - self.lo[i - a]]
            path.append((tuple(range(i - a, i)), tuple(range(j - b, j)), float(here - there)))
            i, j = i - a, j - b
        path.reverse()
        return path


# --- documents -----------------------------------------------------------------------------------


def order_beads(content: Iterable[Bead], ko_extra: Iterable[Bead], en_extra: Iterable[Bead]) -> list[Bead]:
    """Merge content beads with one-sided extra beads (boilerplate) so both sides stay in reading order."""
    content = list(content)
    keyed: list[tuple[tuple[int, int, int], Bead]] = [((k, 2, 0), b) for k, b in enumerate(content)]
    for side, extras in (("ko", ko_extra), ("en", en_extra)):
        for bead in extras:
            pid = getattr(bead, side)[0]
            k = next((k for k, b in enumerate(content) if getattr(b, side) and min(getattr(b, side)) > pid),
                     len(content))
            keyed.append(((k, 0 if side == "ko" else 1, pid), bead))
    keyed.sort(key=lambda kb: kb[0])
    return [b for _, b in keyed]


def align_documents(ko: Document, en: Document, anchor_sources: Sequence[AnchorSource] | None = None,
                    scorers: Sequence[object] = (), settings: AlignerSettings | None = None) -> Alignment:
    """Align the paragraphs of two versions of a release; boilerplate becomes one-sided flagged beads."""
    aligner = Aligner(anchor_sources, scorers, settings)
    ko_content = ko.content
    en_content = en.content
    local = aligner.align([p.text for p in ko_content], [p.text for p in en_content])
    content: list[Bead] = []
    for bead in local:
        ko_ids = tuple(ko_content[i].id for i in bead.ko)
        en_ids = tuple(en_content[j].id for j in bead.en)
        flags = list(bead.flags)
        kinds = {ko.paragraphs[i].kind for i in ko_ids} | {en.paragraphs[j].kind for j in en_ids}
        if TITLE in kinds:
            flags.append(FLAG_TITLE)
        content.append(Bead(ko_ids, en_ids, bead.score, tuple(flags)))
    ko_extra = [Bead((p.id,), (), 1.0, (FLAG_BOILERPLATE,)) for p in ko.paragraphs if p.kind == BOILERPLATE]
    en_extra = [Bead((), (p.id,), 1.0, (FLAG_BOILERPLATE,)) for p in en.paragraphs if p.kind == BOILERPLATE]
    beads = order_beads(content, ko_extra, en_extra)
    return Alignment(ko.paragraphs, en.paragraphs, tuple(beads), "paragraph", ko.path, en.path)


def align_sentences(paragraphs: Alignment, settings: AlignerSettings | None = None,
                    anchor_sources: Sequence[AnchorSource] | None = None) -> Alignment:
    """Split each paragraph into sentences and align the sentences inside each paired paragraph bead."""
    from prtranslate.sentences import split_sentences
    from prtranslate.units import Sentence

    aligner = Aligner(anchor_sources, (), settings)
    ko_units: list[Sentence] = []
    en_units: list[Sentence] = []
    beads: list[Bead] = []

    def add(units: list[Sentence], paragraph_ids: tuple[int, ...], source: tuple[Unit, ...], language: str):
        start = len(units)
        for pid in paragraph_ids:
            para = source[pid]
            for text in split_sentences(para.text, language) or [para.text]:
                units.append(Sentence(len(units), text, pid, para.kind))
        return list(range(start, len(units)))

    for bead in paragraphs.beads:
        ko_ids = add(ko_units, bead.ko, paragraphs.ko_units, "ko")
        en_ids = add(en_units, bead.en, paragraphs.en_units, "en")
        if not ko_ids or not en_ids:
            beads += [Bead((i,), (), bead.score, bead.flags) for i in ko_ids]
            beads += [Bead((), (j,), bead.score, bead.flags) for j in en_ids]
            continue
        inner = aligner.align([ko_units[i].text for i in ko_ids], [en_units[j].text for j in en_ids])
        for sub in inner:
            flags = tuple(dict.fromkeys(sub.flags + tuple(f for f in bead.flags if f == FLAG_TITLE)))
            beads.append(Bead(tuple(ko_ids[i] for i in sub.ko), tuple(en_ids[j] for j in sub.en),
                              round(min(sub.score, bead.score) if len(inner) > 1 else bead.score, 4), flags))
    return Alignment(tuple(ko_units), tuple(en_units), tuple(beads), "sentence", paragraphs.ko_path,
                     paragraphs.en_path)
