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
from dataclasses import dataclass, field, replace

import numpy as np

from prtranslate.anchors import AnchorSource, AnchorTable, default_anchor_sources
from prtranslate.documents import BOILERPLATE, TITLE, Document, Paragraph, release_meta
from prtranslate.scorers import SimilarityScorer
from prtranslate.sentences import count_sentences
from prtranslate.structure import NOTE, SUB_POINT, unit_role
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
        default_factory=lambda: {
            (1, 1): 0.0, (1, 0): 2.5, (0, 1): 2.5, (2, 1): 3.1, (1, 2): 3.1,
            (2, 2): 30.0,  # a 2-2 bead must be overwhelmingly better than two 1-1 beads
        }
    )
    length_weight: float = 1.0
    length_variance: float = 13.0
    refit: bool = True            # align twice, refitting the length ratio on the first pass's 1-1 beads
    temperature: float = 1.0      # of the bead posteriors that give each bead its confidence
    anchor_match: float = 1.6
    anchor_miss: float = 0.45
    one_sided_miss: float = 0.15  # share of the anchor-miss cost a 1-0/0-1 bead pays for its anchors
    sentence_weight: float = 1.2
    max_length_cost: float = 30.0
    low_confidence: float = 0.7
    band: int = 30
    # Release structure (prtranslate.structure): Korean "※" notes are often left out of the English, and
    # a "□" paragraph and its "ㅇ" sub-point often become one English paragraph; two body paragraphs
    # rarely do. Plain text without list markers (the news benchmark) is not affected.
    note_one_sided: float = 1.0   # prior of a 1-0/0-1 bead holding a note (instead of 2.5)
    note_merge: float = 4.0       # a note merged with a neighbour into one bead
    note_mismatch: float = 2.0    # a note paired 1-1 with something that is not a note
    sub_merge: float = -1.5       # a marked paragraph and its first sub-point in one bead
    paragraph_merge: float = 3.0  # two marked paragraphs (or a sub-point and the next paragraph) in one bead


@dataclass(frozen=True)
class _Features:
    separate: np.ndarray        # separate[u]: unit u-1 and unit u may not share a bead
    length: np.ndarray          # characters without spaces
    sentences: np.ndarray       # rough sentence counts
    role: np.ndarray | None = None   # role[u + 1]: structural role of unit u (_PLAIN, _MARKED, _SUB, _NOTE)


# Structural roles as numbers: a paragraph without list marker, one with a marker ("□", "1."), a sub-point, a note.
_PLAIN, _MARKED, _SUB, _NOTE = 0, 1, 2, 3


def role_codes(units: Sequence[object]) -> list[int]:
    """The structural role code of each paragraph (see :mod:`prtranslate.structure`)."""
    codes = []
    for unit in units:
        role = unit_role(unit)
        codes.append(_NOTE if role == NOTE else _SUB if role == SUB_POINT
                     else _MARKED if getattr(unit, "marker", "") else _PLAIN)
    return codes


def _with_roles(features: _Features, roles: Sequence[int]) -> _Features:
    role = np.full(len(features.length) + 1, _PLAIN, dtype=np.int8)
    if len(roles):
        role[1:] = roles
    return replace(features, role=role)


def _structure_cost(s: AlignerSettings, ko: _Features, en: _Features, a: int, b: int, i: np.ndarray,
                    jc: np.ndarray) -> np.ndarray | float:
    """Cost of an a-b bead ending at Korean unit ``i`` and English unit ``jc`` for its structure: what its
    units are (notes, sub-points, paragraphs), not what they say."""
    if ko.role is None or en.role is None:
        return 0.0
    kr = ko.role[np.minimum(i, len(ko.role) - 1)]   # role of the bead's last Korean unit
    er = en.role[jc]                                # of its last English unit
    if not b:
        return np.where(kr == _NOTE, s.note_one_sided - s.priors[(a, b)], 0.0)
    if not a:
        return np.where(er == _NOTE, s.note_one_sided - s.priors[(a, b)], 0.0)
    cost: np.ndarray | float = 0.0
    if a == 2:
        cost = cost + _merge_cost(s, ko.role[np.maximum(i - 1, 0)], kr)
    if b == 2:
        cost = cost + _merge_cost(s, en.role[np.maximum(jc - 1, 0)], er)
    if a == 1 and b == 1:
        cost = cost + np.where((kr == _NOTE) != (er == _NOTE), s.note_mismatch, 0.0)
    return cost


def _merge_cost(s: AlignerSettings, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Cost of two consecutive units of one side sharing a bead, by their roles."""
    notes = (first == _NOTE).astype(int) + (second == _NOTE)
    cost = np.where(notes == 1, s.note_merge, 0.0)
    cost = cost + np.where((first == _MARKED) & (second == _SUB), s.sub_merge, 0.0)
    return cost + np.where(((first == _MARKED) | (first == _SUB)) & (second == _MARKED), s.paragraph_merge, 0.0)


def _length(text: str) -> int:
    return len("".join(text.split()))


class Aligner:
    """Aligns two sequences of texts; :func:`align_documents` is the usual entry point."""

    def __init__(self, anchor_sources: Sequence[AnchorSource] | None = None,
                 scorers: Sequence[SimilarityScorer] = (), settings: AlignerSettings | None = None) -> None:
        self.anchor_sources = list(default_anchor_sources() if anchor_sources is None else anchor_sources)
        self.scorers = list(scorers)
        self.settings = settings or AlignerSettings()

    # -- public ------------------------------------------------------------------------------

    def align(self, ko_texts: Sequence[str], en_texts: Sequence[str], ko_apart: Sequence[int] = (),
              en_apart: Sequence[int] = (), ko_roles: Sequence[int] = (), en_roles: Sequence[int] = ()) -> list[Bead]:
        """Beads over positions ``0..len-1`` of each side, monotone, each position in exactly one bead.

        ``ko_apart``/``en_apart`` list positions that must not share a bead with the position
        before them (a boilerplate line stood between them in the file). ``ko_roles``/``en_roles``
        give each position's structural role (:func:`role_codes`); without them all are plain.
        """
        n, m = len(ko_texts), len(en_texts)
        if n == 0 or m == 0:
            return [Bead((i,), (), 1.0, (FLAG_ONE_SIDED,)) for i in range(n)] + [
                Bead((), (j,), 1.0, (FLAG_ONE_SIDED,)) for j in range(m)
            ]
        ko_f = self._features(ko_texts, "ko", ko_apart)
        en_f = self._features(en_texts, "en", en_apart)
        ko_f, en_f = _with_roles(ko_f, ko_roles), _with_roles(en_f, en_roles)
        table = AnchorTable.build(ko_texts, en_texts, self.anchor_sources)
        for scorer in self.scorers:
            table = table.with_scores(scorer, ko_texts, en_texts, self.settings.band)
        ratio = float(en_f.length.sum()) / max(1.0, float(ko_f.length.sum()))
        variance = self.settings.length_variance
        path, search = self._search(ko_f, en_f, table, ratio, variance)
        # Refit the length ratio on the 1-1 beads of the first pass (one-sided paragraphs bias the
        # ratio of the totals), then align again.
        ones = [(k[0], e[0]) for k, e, _ in path if len(k) == 1 and len(e) == 1]
        if len(ones) >= 5 and self.settings.refit:
            lk = float(sum(ko_f.length[k] for k, _ in ones))
            le = float(sum(en_f.length[e] for _, e in ones))
            refitted = le / max(1.0, lk)
            if abs(refitted / ratio - 1.0) > 0.01:  # a second pass only when the ratio really moved
                ratio = refitted
                path, search = self._search(ko_f, en_f, table, ratio, variance)
        posterior = search.posteriors(path)
        return [self._bead(k, e, p) for (k, e, _), p in zip(path, posterior, strict=True)]

    # -- internals ---------------------------------------------------------------------------

    def _features(self, texts: Sequence[str], language: str, apart: Sequence[int] = ()) -> _Features:
        separate = np.zeros(len(texts) + 1, dtype=bool)
        separate[[p for p in apart if 0 < p < len(texts)]] = True
        return _Features(
            separate=separate,
            length=np.array([_length(t) for t in texts], dtype=float),
            sentences=np.array([count_sentences(t, language) for t in texts], dtype=float),
        )

    def _bead(self, ko: tuple[int, ...], en: tuple[int, ...], score: float) -> Bead:
        flags: list[str] = []
        if not ko or not en:
            flags.append(FLAG_ONE_SIDED)
        if score < self.settings.low_confidence:
            flags.append(FLAG_LOW_CONFIDENCE)
        return Bead(ko, en, round(score, 4), tuple(flags))

    def _search(self, ko_f: _Features, en_f: _Features, table: AnchorTable, ratio: float,
                variance: float) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...], float]], _BandedSearch]:
        m = len(en_f.length)
        width = self.settings.band
        while True:
            search = _BandedSearch(self.settings, ko_f, en_f, table, ratio, variance, width)
            result = search.run()
            if result is not None or 2 * width + 1 >= m + 1:
                if result is None:  # pragma: no cover - the full band never touches an edge
                    raise RuntimeError("alignment search failed")
                return result, search
            width *= 2


def _read(row: np.ndarray, start: int, k: int, margin: int, fill: float) -> np.ndarray:
    """``k`` values of a margin-padded band row from ``start``; reads past the padding give ``fill``."""
    if 0 <= start <= 2 * margin:
        return row[start : start + k]
    out = np.full(k, fill)
    src = np.arange(k) + start
    ok = (src >= 0) & (src < len(row))
    out[ok] = row[src[ok]]
    return out


class _BandedSearch:
    """One dynamic-programming pass inside a band of fixed width around the diagonal.

    Cell ``(i, j)`` (``i`` Korean and ``j`` English units consumed) is stored at ``[i, j - lo[i]]``.
    The cost of every bead type at every cell is computed up front with whole-array numpy
    operations; the row loop then only adds and takes minima.
    """

    def __init__(self, settings: AlignerSettings, ko_f: _Features, en_f: _Features, table: AnchorTable,
                 ratio: float, variance: float, width: int) -> None:
        self.s = settings
        self.ko_f, self.en_f, self.table = ko_f, en_f, table
        self.ratio, self.variance = ratio, variance
        n, m = self.n, self.m = len(ko_f.length), len(en_f.length)
        self.k = min(2 * width + 1, m + 1)
        self.full = self.k == m + 1
        centre = np.rint(np.arange(n + 1) * (m / n)).astype(int)
        self.lo = np.clip(centre - width, 0, m + 1 - self.k)
        self.cols = self.lo[:, None] + np.arange(self.k)[None, :]   # j of every cell

    def _shift(self, x: np.ndarray, di: int, dj: int, fill: float) -> np.ndarray:
        """``y[i, t] = x at cell (i - di, j - dj)`` where ``j = lo[i] + t``; ``fill`` outside the band."""
        rows = np.arange(self.n + 1)[:, None] - di
        cols = self.cols - dj - self.lo[np.clip(rows, 0, self.n)]
        ok = (rows >= 0) & (cols >= 0) & (cols < self.k)
        out = np.full(x.shape, fill)
        out[ok] = x[np.broadcast_to(rows, ok.shape)[ok], cols[ok]]
        return out

    def _costs(self) -> list[np.ndarray]:
        """Cost of each bead type ending at each cell (inf where the bead does not fit)."""
        s, n = self.s, self.n
        j = self.cols
        i = np.arange(n + 1)[:, None]
        cum = lambda x: np.concatenate([[0.0], np.cumsum(x)])  # noqa: E731
        ck_len, ce_len = cum(self.ko_f.length), cum(self.en_f.length)
        ck_sent, ce_sent = cum(self.ko_f.sentences), cum(self.en_f.sentences)
        ck_miss, ce_miss = cum(self.table.ko_weight), cum(self.table.en_weight)
        ck_match, ce_match = cum(self.table.ko_match), cum(self.table.en_match)
        # Anchor weight shared by the 1-1 pair ending at each cell, as a band matrix.
        pair_match = np.zeros((n + 1, self.k))
        pair_miss = np.zeros((n + 1, self.k))
        ks, es, wm, wx = self.table.pairs()
        if len(ks):
            rows, cols = ks + 1, es + 1 - self.lo[ks + 1]
            ok = (cols >= 0) & (cols < self.k)
            np.add.at(pair_match, (rows[ok], cols[ok]), wm[ok])
            np.add.at(pair_miss, (rows[ok], cols[ok]), wx[ok])
        shifted_match = {(0, 0): pair_match}
        shifted_miss = {(0, 0): pair_miss}
        for di, dj in ((0, 1), (1, 0), (1, 1)):
            shifted_match[(di, dj)] = self._shift(pair_match, di, dj, 0.0)
            shifted_miss[(di, dj)] = self._shift(pair_miss, di, dj, 0.0)
        costs = []
        jc = np.minimum(j, self.m)
        for a, b in BEAD_TYPES:
            fits = (i >= a) & (j >= b) & (j <= self.m)
            if a == 2:  # units i-2 and i-1 merged: not across a boilerplate line
                fits &= ~self.ko_f.separate[np.clip(i - 1, 0, n)]
            if b == 2:
                fits &= ~self.en_f.separate[np.clip(j - 1, 0, self.m)]
            ia = np.maximum(i - a, 0)
            jb = np.clip(j - b, 0, self.m)
            cost = np.full((n + 1, self.k), s.priors[(a, b)])
            k_miss = (ck_miss[i] - ck_miss[ia])
            e_miss = ce_miss[jc] - ce_miss[jb]
            if a and b:
                len_k = ck_len[i] - ck_len[ia]
                len_e = ce_len[jc] - ce_len[jb]
                mean = np.maximum(1.0, (self.ratio * len_k + len_e) / 2)
                delta = (len_e - self.ratio * len_k) / np.sqrt(self.variance * mean)
                cost += s.length_weight * np.minimum(delta * delta / 2, s.max_length_cost)
                cost += s.sentence_weight * np.abs((ck_sent[i] - ck_sent[ia]) - (ce_sent[jc] - ce_sent[jb]))
                match = sum(shifted_match[(di, dj)] for di in range(a) for dj in range(b))
                missed = sum(shifted_miss[(di, dj)] for di in range(a) for dj in range(b))
                match = np.minimum(match, np.minimum(ck_match[i] - ck_match[ia], ce_match[jc] - ce_match[jb]))
                missed = np.minimum(missed, np.minimum(k_miss, e_miss))
                cost += s.anchor_miss * (k_miss + e_miss - 2 * missed) - s.anchor_match * match
            else:
                cost += s.one_sided_miss * s.anchor_miss * (k_miss + e_miss)
            cost += _structure_cost(s, self.ko_f, self.en_f, a, b, i, jc)
            costs.append(np.where(fits, cost, np.inf))
        return costs

    def run(self) -> list[tuple[tuple[int, ...], tuple[int, ...], float]] | None:
        n, k = self.n, self.k
        costs = self.costs = self._costs()
        types = [(t, a, b) for t, (a, b) in enumerate(BEAD_TYPES) if a]
        t01 = BEAD_TYPES.index((0, 1))
        # 0-1 beads move along a row: row[t] = min(row[t], row[t-1] + step[t]); with prefix sums P of
        # the steps that is row = P + cumulative-min(row - P), computed for each row in one go.
        step = np.where(np.isfinite(costs[t01]), costs[t01], 1e18)
        step[:, 0] = 0.0
        prefix = np.cumsum(step, axis=1)
        margin = 8
        best = np.full((n + 1, k + 2 * margin), np.inf)   # inf margins make shifted reads plain slices
        back = np.full((n + 1, k), -1, dtype=np.int8)
        candidates = np.empty((len(types), k))
        columns = np.arange(k)
        type_ids = np.array([t for t, _, _ in types], dtype=np.int8)
        lo = self.lo
        for i in range(n + 1):
            if i == 0:
                row = np.full(k, np.inf)
                row[self.cols[0] == 0] = 0.0
                kind = np.full(k, -1, dtype=np.int8)
            else:
                for c, (t, a, b) in enumerate(types):
                    if a > i:
                        candidates[c] = np.inf
                        continue
                    prev = _read(best[i - a], margin + lo[i] - b - lo[i - a], k, margin, np.inf)
                    np.add(prev, costs[t][i], out=candidates[c])
                choice = candidates.argmin(axis=0)
                row = candidates[choice, columns]
                kind = type_ids[choice]
            p = prefix[i]
            via = np.minimum.accumulate(row - p) + p
            skip = via < row - 1e-9
            if skip.any():
                row = np.where(skip, via, row)
                kind = np.where(skip, np.int8(t01), kind)
            kind[~np.isfinite(row)] = -1
            best[i, margin : margin + k] = row
            back[i] = kind
        return self._trace(best[:, margin : margin + k], back)

    def posteriors(self, path: list[tuple[tuple[int, ...], tuple[int, ...], float]]) -> list[float]:
        """Posterior probability of each bead of ``path`` over all alignments in the band.

        Forward–backward in log space with the same costs (as energies, divided by the
        temperature); a bead's probability is the weight of all alignments that contain it.
        """
        n, k, margin = self.n, self.k, 8
        tau = self.s.temperature
        neg = [-c / tau for c in self.costs]           # log-weights; -inf where a bead does not fit
        types = [(t, a, b) for t, (a, b) in enumerate(BEAD_TYPES) if a]
        t01 = BEAD_TYPES.index((0, 1))
        step = np.where(np.isfinite(neg[t01]), -neg[t01], 1e18)
        step[:, 0] = 0.0
        prefix = np.cumsum(step, axis=1)
        lo = self.lo
        padded = [np.pad(x, ((0, 0), (margin, margin)), constant_values=-np.inf) for x in neg]
        buf = np.empty((len(types), k))
        fwd = np.full((n + 1, k + 2 * margin), -np.inf)
        bwd = np.full((n + 1, k + 2 * margin), -np.inf)
        with np.errstate(invalid="ignore", over="ignore"):
            for i in range(n + 1):
                if i == 0:
                    row = np.where(self.cols[0] == 0, 0.0, -np.inf)
                else:
                    for c, (t, a, b) in enumerate(types):
                        if a > i:
                            buf[c] = -np.inf
                            continue
                        prev = _read(fwd[i - a], margin + lo[i] - b - lo[i - a], k, margin, -np.inf)
                        np.add(prev, neg[t][i], out=buf[c])
                    row = np.logaddexp.reduce(buf, axis=0)
                p = prefix[i]
                fwd[i, margin : margin + k] = np.logaddexp.accumulate(row + p) - p
            for i in range(n, -1, -1):
                if i == n:
                    row = np.where(self.cols[n] == self.m, 0.0, -np.inf)
                else:
                    for c, (t, a, b) in enumerate(types):
                        if i + a > n:
                            buf[c] = -np.inf
                            continue
                        # successor cell (i + a, j + b), reached through a bead ending there
                        start = margin + lo[i] + b - lo[i + a]
                        np.add(_read(bwd[i + a], start, k, margin, -np.inf),
                               _read(padded[t][i + a], start, k, margin, -np.inf), out=buf[c])
                    row = np.logaddexp.reduce(buf, axis=0)
                # 0-1 beads: row[j] = logaddexp(row[j], row[j+1] - step[j+1]), a reversed accumulation.
                p = prefix[i]
                bwd[i, margin : margin + k] = np.logaddexp.accumulate((row - p)[::-1])[::-1] + p
        total = fwd[n, margin + self.m - lo[n]]
        out = []
        i0 = j0 = 0
        for ko_ids, en_ids, _ in path:
            a, b = len(ko_ids), len(en_ids)
            i, j = i0 + a, j0 + b
            logp = (fwd[i0, margin + j0 - lo[i0]] + neg[BEAD_TYPES.index((a, b))][i, j - lo[i]]
                    + bwd[i, margin + j - lo[i]] - total)
            out.append(math.exp(min(0.0, logp)) if np.isfinite(logp) else 0.0)
            i0, j0 = i, j
        return out

    def _trace(self, best: np.ndarray, back: np.ndarray):
        i, j = self.n, self.m
        path: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
        margin = 2
        while i > 0 or j > 0:
            t_col = j - self.lo[i]
            near_left = self.lo[i] > 0 and t_col < margin
            near_right = self.lo[i] + self.k - 1 < self.m and self.k - 1 - t_col < margin
            if not self.full and 0 < i < self.n and (near_left or near_right):
                return None  # the path hugs the band's edge: widen and search again
            t = int(back[i, t_col])
            if t < 0:
                return None
            a, b = BEAD_TYPES[t]
            here = best[i, t_col]
            there = best[i - a, j - b - self.lo[i - a]]
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


def _after_gaps(content: Sequence[Paragraph]) -> list[int]:
    """Positions in ``content`` whose paragraph does not directly follow the previous one in the file."""
    return [k for k in range(1, len(content)) if content[k].id != content[k - 1].id + 1]


def align_documents(ko: Document, en: Document, anchor_sources: Sequence[AnchorSource] | None = None,
                    scorers: Sequence[SimilarityScorer] = (), settings: AlignerSettings | None = None) -> Alignment:
    """Align the paragraphs of two versions of a release; boilerplate becomes one-sided flagged beads."""
    aligner = Aligner(anchor_sources, scorers, settings)
    ko_content = ko.content
    en_content = en.content
    local = aligner.align([p.text for p in ko_content], [p.text for p in en_content],
                          _after_gaps(ko_content), _after_gaps(en_content),
                          role_codes(ko_content), role_codes(en_content))
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
    return Alignment(ko.paragraphs, en.paragraphs, tuple(beads), "paragraph", ko.path, en.path,
                     meta={"page": release_meta(ko, en)})


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
                     paragraphs.en_path, meta=dict(paragraphs.meta))
