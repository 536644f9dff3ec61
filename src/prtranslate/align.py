"""Monotone alignment of Korean and English units (paragraphs or sentences).

Banded dynamic programming over beads 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2. A bead's cost adds
a Korean↔English length model fitted to the document pair (Gale–Church style), the evidence
of anchors that survive translation (numbers, dates, ordinals, Latin words, transliterated
names, glossary terms: see :mod:`prtranslate.anchors`), the agreement of sentence counts,
and any extra similarity scorers (:mod:`prtranslate.scorers`). The band starts on the
diagonal, then follows the best path and widens (up to :data:`MAX_BAND` cells a row) while
that path runs along its edge; costs are computed a chunk of rows at a time and only one
byte per band cell is kept, so memory grows linearly with the input whatever the drift
between the two versions (see :mod:`prtranslate.resources` for the estimate and the limit).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from prtranslate.anchors import AnchorSource, AnchorTable, default_anchor_sources
from prtranslate.documents import BOILERPLATE, TITLE, Document, Paragraph, release_meta
from prtranslate.resources import check_alignment_memory
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
              en_apart: Sequence[int] = (), ratio: float | None = None, ko_roles: Sequence[int] = (),
              en_roles: Sequence[int] = ()) -> list[Bead]:
        """Beads over positions ``0..len-1`` of each side, monotone, each position in exactly one bead.

        ``ko_apart``/``en_apart`` list positions that must not share a bead with the position
        before them (a boilerplate line stood between them in the file). ``ratio`` (English
        characters per Korean one) is fitted to the texts when not given. ``ko_roles``/``en_roles``
        give each position's structural role (:func:`role_codes`); without them all are plain.
        """
        n, m = len(ko_texts), len(en_texts)
        if n == 0 or m == 0:
            return [Bead((i,), (), 1.0, (FLAG_ONE_SIDED,)) for i in range(n)] + [
                Bead((), (j,), 1.0, (FLAG_ONE_SIDED,)) for j in range(m)
            ]
        check_alignment_memory(n, m, sum(map(len, ko_texts)) + sum(map(len, en_texts)), MAX_BAND)
        ko_f = self._features(ko_texts, "ko", ko_apart)
        en_f = self._features(en_texts, "en", en_apart)
        ko_f, en_f = _with_roles(ko_f, ko_roles), _with_roles(en_f, en_roles)
        anchors = AnchorTable.build(ko_texts, en_texts, self.anchor_sources)
        table = anchors
        for scorer in self.scorers:
            table = table.with_scores(scorer, ko_texts, en_texts, self.settings.band)
        fixed = ratio is not None
        if ratio is None:
            ratio = float(en_f.length.sum()) / max(1.0, float(ko_f.length.sum()))
        variance = self.settings.length_variance
        path, search = self._search(ko_f, en_f, table, ratio, variance, None)
        # Scorers rate the pairs near the diagonal; a path that ran off it (one version has
        # paragraphs the other lacks) has its pairs rated, and is searched for again.
        centre = _path_centre(path, n)[1:] - 1   # for each Korean unit, the English unit near the path
        if self.scorers and np.abs(centre - np.arange(n) * (m / n)).max() > self.settings.band:
            table = anchors
            for scorer in self.scorers:
                table = table.with_scores(scorer, ko_texts, en_texts, self.settings.band, centre)
            path, search = self._search(ko_f, en_f, table, ratio, variance, path)
        # Refit the length ratio on the 1-1 beads of the first pass (one-sided paragraphs bias the
        # ratio of the totals), then align again.
        ones = [(k[0], e[0]) for k, e in path if len(k) == 1 and len(e) == 1]
        if len(ones) >= 5 and self.settings.refit and not fixed:
            lk = float(sum(ko_f.length[k] for k, _ in ones))
            le = float(sum(en_f.length[e] for _, e in ones))
            refitted = le / max(1.0, lk)
            if abs(refitted / ratio - 1.0) > 0.01:  # a second pass only when the ratio really moved
                ratio = refitted
                # The second pass starts in a band around the first pass's path.
                path, search = self._search(ko_f, en_f, table, ratio, variance, path)
        posterior = search.posteriors(path)
        return [self._bead(k, e, p) for (k, e), p in zip(path, posterior, strict=True)]

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

    def _search(self, ko_f: _Features, en_f: _Features, table: AnchorTable, ratio: float, variance: float,
                guide: list[tuple[tuple[int, ...], tuple[int, ...]]] | None,
                ) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], _BandedSearch]:
        """The best path, in a band that starts on the diagonal (or on ``guide``, an earlier path) and
        moves or widens while it binds.

        When the best path runs along the band's edge, the band is centred on that path and (up to
        :data:`MAX_BAND` cells a row) doubled, and the search runs again; it stops when the path
        stays clear of the edges or when a new band finds nothing cheaper (a repeated text has many
        equally good paths, some along any edge). Memory stays ``(n + 1) × MAX_BAND`` bytes at
        most, whatever the drift between the two sides.
        """
        n, m = len(ko_f.length), len(en_f.length)
        width = self.settings.band
        centre = None if guide is None else _path_centre(guide, n)
        found: tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], _BandedSearch, float] | None = None
        for _ in range(MAX_ROUNDS):
            search = _BandedSearch(self.settings, ko_f, en_f, table, ratio, variance, width, centre)
            path, total, hugs = search.run()
            if path is not None:
                if found is not None and total >= found[2] - 1e-6 * max(1.0, abs(found[2])):
                    break  # the edge did not bind: the previous path is as good
                found = (path, search, total)
                if not hugs:
                    break
                centre = _path_centre(path, n)
            wider = min(2 * width, (MAX_BAND - 1) // 2, m)
            if search.full or (path is None and wider == width and found is not None):
                break  # nothing wider to try: keep the best path found
            width = wider
        if found is None:  # pragma: no cover - the diagonal band always reaches (n, m)
            raise RuntimeError("alignment search failed")
        return found[0], found[1]


def _path_centre(path: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], n: int) -> np.ndarray:
    """For each row ``i`` (Korean units consumed), the middle of the columns the path visits there."""
    lo = np.full(n + 1, np.inf)
    hi = np.full(n + 1, -np.inf)
    lo[0] = hi[0] = 0.0
    i = j = 0
    for ko_ids, en_ids in path:
        i, j = i + len(ko_ids), j + len(en_ids)
        lo[i] = min(lo[i], j)
        hi[i] = max(hi[i], j)
    seen = np.isfinite(lo)
    rows = np.arange(n + 1)
    return np.interp(rows, rows[seen], (lo[seen] + hi[seen]) / 2)


#: The widest band a search may hold, in cells a row: a search keeps one byte a cell (its back
#: pointers), so memory is at most ``(n + 1) × MAX_BAND`` bytes; beyond it the band moves instead.
MAX_BAND = 2049
#: Searches of one alignment at most (each moves or widens the band, and each must find a cheaper path).
MAX_ROUNDS = 40
#: Band cells whose costs are computed at once (a chunk of rows); the search never holds more.
CHUNK_CELLS = 1 << 17
#: Below this many band cells the costs are kept between the passes instead of recomputed.
KEEP_CELLS = 1 << 20
_MARGIN = 8


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
    """One dynamic-programming pass inside a band of fixed width around a centre line.

    Cell ``(i, j)`` (``i`` Korean and ``j`` English units consumed) is column ``j - lo[i]`` of
    row ``i``. Bead costs are computed with whole-array numpy operations a chunk of rows at a
    time (:data:`CHUNK_CELLS`); the search keeps only the back pointers of every cell (one byte
    each) and the last three rows of values, and the posteriors only the values on the path.
    """

    def __init__(self, settings: AlignerSettings, ko_f: _Features, en_f: _Features, table: AnchorTable,
                 ratio: float, variance: float, width: int, centre: np.ndarray | None = None) -> None:
        self.s = settings
        self.ko_f, self.en_f, self.table = ko_f, en_f, table
        self.ratio, self.variance = ratio, variance
        n, m = self.n, self.m = len(ko_f.length), len(en_f.length)
        self.k = min(2 * width + 1, m + 1)
        self.full = self.k == m + 1
        if centre is None:
            centre = np.arange(n + 1) * (m / n)
        self.lo = np.clip(np.rint(centre).astype(np.int64) - width, 0, m + 1 - self.k)
        self.chunk = max(1, CHUNK_CELLS // self.k)
        self._kept: dict[int, list[np.ndarray]] | None = {} if (n + 1) * self.k <= KEEP_CELLS else None
        cum = lambda x: np.concatenate([[0.0], np.cumsum(x)])  # noqa: E731
        self.ck_len, self.ce_len = cum(ko_f.length), cum(en_f.length)
        self.ck_sent, self.ce_sent = cum(ko_f.sentences), cum(en_f.sentences)
        self.ck_miss, self.ce_miss = cum(table.ko_weight), cum(table.en_weight)
        self.ck_match, self.ce_match = cum(table.ko_match), cum(table.en_match)

    # -- costs -----------------------------------------------------------------------------------

    def _chunk_costs(self, c: int) -> list[np.ndarray]:
        """Costs of chunk ``c`` (rows ``c * chunk`` up to the next chunk), kept when the band is small."""
        if self._kept is not None and c in self._kept:
            return self._kept[c]
        r0 = c * self.chunk
        costs = self._costs(r0, min(r0 + self.chunk, self.n + 1))
        if self._kept is not None:
            self._kept[c] = costs
        return costs

    def _shift(self, x: np.ndarray, x0: int, r0: int, r1: int, di: int, dj: int) -> np.ndarray:
        """Rows ``r0..r1-1``: ``y[i, t]`` = ``x`` at cell ``(i - di, j - dj)`` where ``j = lo[i] + t``;
        ``x`` holds rows from ``x0``; 0 outside the band."""
        rows = np.arange(r0, r1)[:, None] - di
        cols = self.lo[r0:r1, None] + np.arange(self.k)[None, :] - dj - self.lo[np.clip(rows, 0, self.n)]
        ok = (rows >= x0) & (cols >= 0) & (cols < self.k)
        out = np.zeros((r1 - r0, self.k))
        out[ok] = x[np.broadcast_to(rows - x0, ok.shape)[ok], cols[ok]]
        return out

    def _costs(self, r0: int, r1: int) -> list[np.ndarray]:
        """Cost of each bead type ending at each cell of rows ``r0..r1-1`` (inf where it does not fit)."""
        s, n, m = self.s, self.n, self.m
        j = self.lo[r0:r1, None] + np.arange(self.k)[None, :]
        i = np.arange(r0, r1)[:, None]
        ck_len, ce_len, ck_sent, ce_sent = self.ck_len, self.ce_len, self.ck_sent, self.ce_sent
        ck_miss, ce_miss, ck_match, ce_match = self.ck_miss, self.ce_miss, self.ck_match, self.ce_match
        # Anchor weight shared by the 1-1 pair ending at each cell (one row above the chunk too).
        x0 = max(r0 - 1, 0)
        pair_match, pair_miss = self.table.cell_weights(range(x0, r1), self.lo, self.k)
        shifted_match = {(0, 0): pair_match[r0 - x0 :]}
        shifted_miss = {(0, 0): pair_miss[r0 - x0 :]}
        for di, dj in ((0, 1), (1, 0), (1, 1)):
            shifted_match[(di, dj)] = self._shift(pair_match, x0, r0, r1, di, dj)
            shifted_miss[(di, dj)] = self._shift(pair_miss, x0, r0, r1, di, dj)
        costs = []
        jc = np.minimum(j, m)
        for a, b in BEAD_TYPES:
            fits = (i >= a) & (j >= b) & (j <= m)
            if a == 2:  # units i-2 and i-1 merged: not across a boilerplate line
                fits &= ~self.ko_f.separate[np.clip(i - 1, 0, n)]
            if b == 2:
                fits &= ~self.en_f.separate[np.clip(j - 1, 0, m)]
            ia = np.maximum(i - a, 0)
            jb = np.clip(j - b, 0, m)
            cost = np.full((r1 - r0, self.k), s.priors[(a, b)])
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

    # -- best path -------------------------------------------------------------------------------

    def run(self) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]] | None, float, bool]:
        """(best path, its cost, whether it runs along the band's edge); the path is None when the
        band does not reach ``(n, m)``."""
        n, k, margin = self.n, self.k, _MARGIN
        types = [(t, a, b) for t, (a, b) in enumerate(BEAD_TYPES) if a]
        t01 = BEAD_TYPES.index((0, 1))
        back = np.full((n + 1, k), -1, dtype=np.int8)
        ring = np.full((3, k + 2 * margin), np.inf)   # rows i, i-1, i-2; inf margins make reads slices
        candidates = np.empty((len(types), k))
        columns = np.arange(k)
        type_ids = np.array([t for t, _, _ in types], dtype=np.int8)
        lo = self.lo
        for c in range((n + self.chunk) // self.chunk):
            costs = self._chunk_costs(c)
            r0 = c * self.chunk
            # 0-1 beads move along a row: row[t] = min(row[t], row[t-1] + step[t]); with prefix sums P of
            # the steps that is row = P + cumulative-min(row - P), computed for each row in one go.
            step = np.where(np.isfinite(costs[t01]), costs[t01], 1e18)
            step[:, 0] = 0.0
            prefix = np.cumsum(step, axis=1)
            for i in range(r0, r0 + len(step)):
                if i == 0:
                    row = np.full(k, np.inf)
                    row[lo[0] + columns == 0] = 0.0
                    kind = np.full(k, -1, dtype=np.int8)
                else:
                    for x, (t, a, b) in enumerate(types):
                        if a > i:
                            candidates[x] = np.inf
                            continue
                        prev = _read(ring[(i - a) % 3], margin + lo[i] - b - lo[i - a], k, margin, np.inf)
                        np.add(prev, costs[t][i - r0], out=candidates[x])
                    choice = candidates.argmin(axis=0)
                    row = candidates[choice, columns]
                    kind = type_ids[choice]
                p = prefix[i - r0]
                via = np.minimum.accumulate(row - p) + p
                skip = via < row - 1e-9
                if skip.any():
                    row = np.where(skip, via, row)
                    kind = np.where(skip, np.int8(t01), kind)
                kind[~np.isfinite(row)] = -1
                ring[i % 3, margin : margin + k] = row
                back[i] = kind
        total = float(ring[n % 3, margin + self.m - lo[n]])
        path, hugs = self._trace(back)
        return path, total, hugs

    def _trace(self, back: np.ndarray) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]] | None, bool]:
        i, j = self.n, self.m
        path: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        margin = 2
        hugs = False
        while i > 0 or j > 0:
            t_col = j - self.lo[i]
            near_left = self.lo[i] > 0 and t_col < margin
            near_right = self.lo[i] + self.k - 1 < self.m and self.k - 1 - t_col < margin
            hugs = hugs or (not self.full and 0 < i < self.n and (near_left or near_right))
            t = int(back[i, t_col])
            if t < 0:
                return None, False
            a, b = BEAD_TYPES[t]
            path.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
            i, j = i - a, j - b
        path.reverse()
        return path, hugs

    # -- confidence ------------------------------------------------------------------------------

    def posteriors(self, path: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> list[float]:
        """Posterior probability of each bead of ``path`` over all alignments in the band.

        Forward–backward in log space with the same costs (as energies, divided by the
        temperature); a bead's probability is the weight of all alignments that contain it. Only
        the last rows and the values at the path's cells are kept.
        """
        n, k, margin, lo = self.n, self.k, _MARGIN, self.lo
        tau = self.s.temperature
        types = [(t, a, b) for t, (a, b) in enumerate(BEAD_TYPES) if a]
        t01 = BEAD_TYPES.index((0, 1))
        starts: dict[int, list[tuple[int, int]]] = {}   # row -> (bead, column) where a bead starts
        ends: dict[int, list[tuple[int, int, int]]] = {}  # row -> (bead, column, type) where it ends
        i0 = j0 = 0
        for x, (ko_ids, en_ids) in enumerate(path):
            a, b = len(ko_ids), len(en_ids)
            starts.setdefault(i0, []).append((x, j0 - lo[i0]))
            ends.setdefault(i0 + a, []).append((x, j0 + b - lo[i0 + a], BEAD_TYPES.index((a, b))))
            i0, j0 = i0 + a, j0 + b
        fwd_at = np.zeros(len(path))
        bwd_at = np.zeros(len(path))
        neg_at = np.zeros(len(path))
        buf = np.empty((len(types), k))
        ring = np.full((3, k + 2 * margin), -np.inf)
        chunks = (n + self.chunk) // self.chunk

        def log_weights(c: int) -> list[np.ndarray]:
            return [-x / tau for x in self._chunk_costs(c)]   # -inf where a bead does not fit

        def steps(neg01: np.ndarray) -> np.ndarray:
            step = np.where(np.isfinite(neg01), -neg01, 1e18)
            step[:, 0] = 0.0
            return np.cumsum(step, axis=1)

        with np.errstate(invalid="ignore", over="ignore"):
            for c in range(chunks):
                neg = log_weights(c)
                prefix = steps(neg[t01])
                r0 = c * self.chunk
                for i in range(r0, r0 + len(prefix)):
                    if i == 0:
                        row = np.where(lo[0] + np.arange(k) == 0, 0.0, -np.inf)
                    else:
                        for x, (t, a, b) in enumerate(types):
                            if a > i:
                                buf[x] = -np.inf
                                continue
                            prev = _read(ring[(i - a) % 3], margin + lo[i] - b - lo[i - a], k, margin, -np.inf)
                            np.add(prev, neg[t][i - r0], out=buf[x])
                        row = np.logaddexp.reduce(buf, axis=0)
                    p = prefix[i - r0]
                    row = np.logaddexp.accumulate(row + p) - p
                    ring[i % 3, margin : margin + k] = row
                    for x, col in starts.get(i, ()):
                        fwd_at[x] = row[col]
                    for x, col, t in ends.get(i, ()):
                        neg_at[x] = neg[t][i - r0, col]
            total = ring[n % 3, margin + self.m - lo[n]]
            ring.fill(-np.inf)
            pad = ((0, 0), (margin, margin))
            below: list[list[np.ndarray]] = []   # the two rows after the chunk, padded (successors' weights)
            for c in range(chunks - 1, -1, -1):
                r0 = c * self.chunk
                neg = log_weights(c)
                prefix = steps(neg[t01])
                padded = [np.pad(x, pad, constant_values=-np.inf) for x in neg]
                rows = len(prefix)
                for i in range(r0 + rows - 1, r0 - 1, -1):
                    if i == n:
                        row = np.where(lo[n] + np.arange(k) == self.m, 0.0, -np.inf)
                    else:
                        for x, (t, a, b) in enumerate(types):
                            if i + a > n:
                                buf[x] = -np.inf
                                continue
                            # successor cell (i + a, j + b), reached through a bead ending there
                            start = margin + lo[i] + b - lo[i + a]
                            r = i + a - r0
                            weights = padded[t][r] if r < rows else below[r - rows][t]
                            np.add(_read(ring[(i + a) % 3], start, k, margin, -np.inf),
                                   _read(weights, start, k, margin, -np.inf), out=buf[x])
                        row = np.logaddexp.reduce(buf, axis=0)
                    # 0-1 beads: row[j] = logaddexp(row[j], row[j+1] - step[j+1]), a reversed accumulation.
                    p = prefix[i - r0]
                    row = np.logaddexp.accumulate((row - p)[::-1])[::-1] + p
                    ring[i % 3, margin : margin + k] = row
                    for x, col, _ in ends.get(i, ()):
                        bwd_at[x] = row[col]
                below = [[padded[t][r] for t in range(len(neg))] for r in range(min(2, rows))]
        logp = fwd_at + neg_at + bwd_at - total
        with np.errstate(invalid="ignore"):
            out = np.where(np.isfinite(logp), np.exp(np.minimum(0.0, logp)), 0.0)
        return [float(v) for v in out]


# --- documents -----------------------------------------------------------------------------------


def order_beads(content: Iterable[Bead], ko_extra: Iterable[Bead], en_extra: Iterable[Bead]) -> list[Bead]:
    """Merge content beads with one-sided extra beads (boilerplate) so both sides stay in reading order."""
    content = list(content)
    keyed: list[tuple[tuple[int, int, int], Bead]] = [((k, 2, 0), b) for k, b in enumerate(content)]
    for side, extras in (("ko", ko_extra), ("en", en_extra)):
        # Content beads holding this side, with their first id (increasing: beads are in order);
        # an extra bead goes before the first of them that starts after it.
        holders = [(min(getattr(b, side)), k) for k, b in enumerate(content) if getattr(b, side)]
        firsts = [first for first, _ in holders]
        for bead in extras:
            pid = getattr(bead, side)[0]
            at = bisect.bisect_right(firsts, pid)
            k = holders[at][1] if at < len(holders) else len(content)
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
                          ko_roles=role_codes(ko_content), en_roles=role_codes(en_content))
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


def _paired_ratio(paragraphs: Alignment, least: int = 3) -> float | None:
    """English characters per Korean one over the document's 1-1 paragraph pairs (None: too few)."""
    ones = [b for b in paragraphs.beads if len(b.ko) == 1 and len(b.en) == 1 and FLAG_TITLE not in b.flags]
    if len(ones) < least:
        return None
    ko = sum(_length(paragraphs.ko_units[b.ko[0]].text) for b in ones)
    en = sum(_length(paragraphs.en_units[b.en[0]].text) for b in ones)
    return en / ko if ko and en else None


def align_sentences(paragraphs: Alignment, settings: AlignerSettings | None = None,
                    anchor_sources: Sequence[AnchorSource] | None = None,
                    scorers: Sequence[SimilarityScorer] = ()) -> Alignment:
    """Split each paragraph into sentences and align the sentences inside each paired paragraph bead
    (with the same anchors and similarity scorers as the paragraphs)."""
    from prtranslate.sentences import split_sentences
    from prtranslate.units import Sentence

    aligner = Aligner(anchor_sources, scorers, settings)
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

    ratio = _paired_ratio(paragraphs)
    for bead in paragraphs.beads:
        ko_ids = add(ko_units, bead.ko, paragraphs.ko_units, "ko")
        en_ids = add(en_units, bead.en, paragraphs.en_units, "en")
        if not ko_ids or not en_ids:
            beads += [Bead((i,), (), bead.score, bead.flags) for i in ko_ids]
            beads += [Bead((), (j,), bead.score, bead.flags) for j in en_ids]
            continue
        # The document's length ratio, not the paragraph's: a sentence missing from one version
        # skews a paragraph's own ratio towards absorbing it into a 1-2 or 2-1 bead.
        inner = aligner.align([ko_units[i].text for i in ko_ids], [en_units[j].text for j in en_ids],
                              ratio=ratio)
        for sub in inner:
            flags = tuple(dict.fromkeys(sub.flags + tuple(f for f in bead.flags if f == FLAG_TITLE)))
            score = round(min(sub.score, bead.score), 4)
            if score < aligner.settings.low_confidence and FLAG_LOW_CONFIDENCE not in flags:
                flags += (FLAG_LOW_CONFIDENCE,)
            beads.append(Bead(tuple(ko_ids[i] for i in sub.ko), tuple(en_ids[j] for j in sub.en), score, flags))
    return Alignment(tuple(ko_units), tuple(en_units), tuple(beads), "sentence", paragraphs.ko_path,
                     paragraphs.en_path, meta=dict(paragraphs.meta))
