"""Anchors: what survives translation and so ties a Korean unit to its English counterpart.

An :class:`AnchorSource` maps a text to language-neutral keys with weights: numbers and
dates (:mod:`prtranslate.numerals`), Latin-script words inside Korean (IBM, NHK), list
numbering, transliterated names (:mod:`prtranslate.transliterate`), and glossary terms or
learned word pairs from other modules (anything with the same ``anchors`` method).
:class:`AnchorTable` turns the keys of two documents into the shared weights the aligner's
cost needs.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

import numpy as np

from prtranslate.documents import list_marker
from prtranslate.numerals import anchor_keys, find_numerals
from prtranslate.transliterate import english_key, hangul_key
from prtranslate.workers import WorkerPool

if TYPE_CHECKING:
    from prtranslate.scorers import SimilarityScorer


class AnchorSource(Protocol):
    """Anything that finds anchor keys in a text; keys must be the same for a text and its translation."""

    name: str

    def anchors(self, text: str, language: str) -> dict[str, float]: ...


class NumeralAnchors:
    """Numbers, dates, ordinals, ranges and amounts, normalised."""

    name = "num"
    weight: ClassVar[dict[str, float]] = {
        "date": 2.5, "range": 2.5, "number": 2.0, "percent": 2.5, "year": 2.0, "ordinal": 1.5,
        "time": 1.5, "phone": 2.0,
    }

    def anchors(self, text: str, language: str) -> dict[str, float]:
        keys: dict[str, float] = {}
        for numeral in find_numerals(text, language):
            w = self.weight[numeral.kind] * (0.4 if numeral.weak else 1.0)
            for key in anchor_keys(numeral):
                keys[key] = max(keys.get(key, 0.0), w)
        return keys


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Za-z]")
_LATIN_CAPITALISED = re.compile(r"[A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Z]")
_HANGUL_WORD = re.compile(r"[가-힣]{2,}")


class LatinAnchors:
    """Latin-script words inside Korean text (IBM, NHK, ASCI White) meet the same words in English."""

    name = "latin"

    def anchors(self, text: str, language: str) -> dict[str, float]:
        # Korean text carries acronyms and names (IBM, CNN, ASCI White), rarely lower-case words,
        # so on the English side only capitalised words can meet it.
        words = (_LATIN_WORD if language == "ko" else _LATIN_CAPITALISED).findall(text)
        keys = {}
        for w in words:
            w = w.lower().strip(".-")
            if w:
                keys[f"w:{w}"] = 2.0 if len(w) > 2 else 1.0
        return keys


class MarkerAnchors:
    """List numbering: "1." in Korean meets "1." in English."""

    name = "marker"

    def anchors(self, text: str, language: str) -> dict[str, float]:
        marker = list_marker(text)
        digits = "".join(ch for ch in marker if ch.isdigit())
        return {f"li:{digits}": 1.5} if digits else {}


# Korean particles and endings that follow a loanword; stripped before the key is made.
_KO_TAIL = re.compile(
    r"(?:으로부터|에서부터|에게서|으로서|으로써|에서는|에서도|에서의|에서|에게|으로|이라는|라는|이라고|라고|"
    r"과의|와의|와는|과는|까지|부터|이나|처럼|보다|만의|들의|들이|들은|들을|들과|들도|의|은|는|이|가|을|를|"
    r"과|와|도|로|에|만|측|씨|들|인|적|국|형|식|사|주|시)$"
)
_EN_CAPITAL = re.compile(r"\b[A-Z][a-zA-Z'’\-]{2,}")
_EN_LONG = re.compile(r"\b[a-z]{6,}\b")


@lru_cache(maxsize=200_000)
def _hangul_word_keys(word: str) -> tuple[str, ...]:
    keys = []
    for form in {word, _KO_TAIL.sub("", word)}:
        key = hangul_key(form) if len(form) >= 2 else None
        if key:
            keys.append(f"t:{key}")
    return tuple(keys)


@lru_cache(maxsize=200_000)
def _english_word_key(word: str) -> str | None:
    key = english_key(word.rstrip("'’s").replace("-", ""))
    return f"t:{key}" if key else None


class TransliterationAnchors:
    """Hangul words romanised to a consonant key that meets capitalised English words (names).

    Korean words that a word list knows (native and Sino-Korean vocabulary) are skipped:
    their romanisation would only meet English names by chance.
    """

    name = "translit"

    def __init__(self, known: LexiconAnchors | None = None, loanwords: bool = False) -> None:
        self.known = known
        self.loanwords = loanwords

    def anchors(self, text: str, language: str) -> dict[str, float]:
        keys: dict[str, float] = {}
        if language == "ko":
            known = self.known
            for word in _HANGUL_WORD.findall(text):
                if known is not None and known.korean_head(word):
                    continue
                for key in _hangul_word_keys(word):
                    keys[key] = 1.0
        else:
            words = _EN_CAPITAL.findall(text)
            if self.loanwords:
                words += _EN_LONG.findall(text)
            for word in words:
                found = _english_word_key(word)
                if found:
                    keys[found] = 1.0
        return keys


def default_anchor_sources() -> list[AnchorSource]:
    seed = seed_lexicon()
    sources: list[AnchorSource] = [NumeralAnchors(), LatinAnchors(), MarkerAnchors(), TransliterationAnchors(seed)]
    if seed is not None:
        sources.append(seed)
    return sources


@dataclass
class AnchorTable:
    """Anchor weights of each unit, and the weight shared by Korean/English unit pairs, on demand.

    Every key has a match weight (evidence for a pair when both units hold it) and a miss
    weight (evidence against when only one does): a number without its counterpart weighs
    heavily against a pair, a dictionary word without one hardly at all, since translations
    paraphrase. A key's weight falls with how often it occurs nearby (its local document
    frequency); keys found on one side only are dropped, they cannot tell pairs apart.

    The table keeps each unit's keys, not the pairs: :meth:`cell_weights` joins them for the
    rows of the aligner's band as it goes, so memory follows the band actually searched (a
    repeated text shares keys with every copy of itself: all pairs would not fit).
    """

    ko_weight: np.ndarray    # miss weight of each Korean unit's keys
    en_weight: np.ndarray
    ko_match: np.ndarray     # match weight of each Korean unit's keys
    en_match: np.ndarray
    ko_unit: np.ndarray      # the Korean (unit, key, weight) entries, sorted by unit
    ko_key: np.ndarray
    ko_w: np.ndarray
    en_order: np.ndarray     # key * (m + 1) + unit of each English entry, sorted
    en_unit: np.ndarray
    en_w: np.ndarray
    key_match: np.ndarray    # match and miss weight of each key
    key_miss: np.ndarray
    m: int
    pair_ko: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # scorers' pairs,
    pair_en: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # sorted by pair_ko
    pair_match: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pair_miss: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def build(cls, ko_texts: Sequence[str], en_texts: Sequence[str], sources: Sequence[AnchorSource],
              max_df: float = 40.0) -> AnchorTable:
        n, m = len(ko_texts), len(en_texts)
        ids: dict[str, int] = {}
        miss_factors: list[float] = []
        factor_of = {source.name: getattr(source, "miss_factor", 1.0) for source in sources}

        def entries(found: list[tuple[int, str, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            keys: list[int] = []
            for _, full, _ in found:
                kid = ids.get(full)
                if kid is None:
                    kid = ids[full] = len(ids)
                    miss_factors.append(factor_of[full.split("|", 1)[0]])
                keys.append(kid)
            return (np.array([u for u, _, _ in found], dtype=np.int64), np.array(keys, dtype=np.int64),
                    np.array([w for _, _, w in found], dtype=float))

        ko_found, en_found = _find_all(ko_texts, en_texts, sources)
        ko_u, ko_k, ko_w = _dedupe(*entries(ko_found))
        del ko_found
        en_u, en_k, en_w = _dedupe(*entries(en_found))
        del en_found
        size = len(ids)
        ko_df = np.bincount(ko_k, minlength=size)
        en_df = np.bincount(en_k, minlength=size)
        # Document frequency per 200 units: in a long document a word recurs far away without
        # making it less telling where it stands. A key seen on one side only cannot tell pairs apart.
        scale = min(1.0, 200.0 / max(n, m, 1))
        df = np.maximum(1.0, np.maximum(ko_df, en_df) * scale)
        valid = (ko_df > 0) & (en_df > 0) & (df <= max_df)
        weight = np.where(valid, 1.0 / np.sqrt(df), 0.0)
        miss = weight * np.array(miss_factors or [1.0])[: size]
        ko_weight = np.bincount(ko_u, weights=ko_w * miss[ko_k], minlength=n)
        ko_match = np.bincount(ko_u, weights=ko_w * weight[ko_k], minlength=n)
        en_weight = np.bincount(en_u, weights=en_w * miss[en_k], minlength=m)
        en_match = np.bincount(en_u, weights=en_w * weight[en_k], minlength=m)
        # Only keys that can pair are kept for the join: English entries ordered by (key, unit).
        keep = valid[ko_k]
        ko_u, ko_k, ko_w = ko_u[keep], ko_k[keep], ko_w[keep]
        keep = valid[en_k]
        en_u, en_k, en_w = en_u[keep], en_k[keep], en_w[keep]
        combined = en_k * (m + 1) + en_u
        order = np.argsort(combined, kind="stable")
        return cls(ko_weight, en_weight, ko_match, en_match, ko_u, ko_k, ko_w, combined[order], en_u[order],
                   en_w[order], weight, miss, m)

    def cell_weights(self, rows: range, lo: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Anchor match and miss weight shared by the 1-1 pair ending at each band cell of ``rows``.

        Row ``i`` of the band holds cells ``(i, lo[i] + t)`` for ``t < k``; the pair ending at
        ``(i, j)`` is Korean unit ``i - 1`` with English unit ``j - 1``. Returns two
        ``(len(rows), k)`` arrays, zero where no key is shared.
        """
        r0, r1 = rows.start, rows.stop
        size = (r1 - r0) * k
        a, b = np.searchsorted(self.ko_unit, [max(r0, 1) - 1, r1 - 1])
        u, key, w = self.ko_unit[a:b], self.ko_key[a:b], self.ko_w[a:b]
        first = lo[u + 1] - 1                     # English units inside the row's band
        base = key * (self.m + 1)
        start = np.searchsorted(self.en_order, base + np.clip(first, 0, self.m))
        stop = np.searchsorted(self.en_order, base + np.clip(first + k, 0, self.m))
        counts = stop - start
        rep = np.repeat(np.arange(len(u)), counts)
        en_idx = np.arange(len(rep)) + np.repeat(start - (np.cumsum(counts) - counts), counts)
        both = np.minimum(w[rep], self.en_w[en_idx])
        ko_units, en_units, keys = u[rep], self.en_unit[en_idx], key[rep]
        cell = (ko_units + 1 - r0) * k + (en_units + 1 - lo[ko_units + 1])
        # (astype: bincount of no entries at all gives integers)
        match = np.bincount(cell, weights=both * self.key_match[keys], minlength=size).astype(float)
        missed = np.bincount(cell, weights=both * self.key_miss[keys], minlength=size).astype(float)
        if len(self.pair_ko):
            a, b = np.searchsorted(self.pair_ko, [max(r0, 1) - 1, r1 - 1])
            pk, pe = self.pair_ko[a:b], self.pair_en[a:b]
            col = pe + 1 - lo[pk + 1]
            ok = (col >= 0) & (col < k)
            cell = (pk[ok] + 1 - r0) * k + col[ok]
            match += np.bincount(cell, weights=self.pair_match[a:b][ok], minlength=size)
            missed += np.bincount(cell, weights=self.pair_miss[a:b][ok], minlength=size)
        return match.reshape(r1 - r0, k), missed.reshape(r1 - r0, k)

    def with_scores(self, scorer: SimilarityScorer, ko_texts: Sequence[str], en_texts: Sequence[str],
                    window: int, centre: np.ndarray | None = None) -> AnchorTable:
        """This table plus a similarity scorer's evidence for the pairs within ``window`` of the diagonal,
        or of ``centre`` (for each Korean unit, the English unit a path pairs it with)."""
        n, m = len(ko_texts), len(en_texts)
        ko_ids = np.repeat(np.arange(n), 2 * window + 1)
        middle = np.arange(n) * (m / max(n, 1)) if centre is None else np.asarray(centre, dtype=float)
        en_ids = np.rint(middle[ko_ids]).astype(np.int64) + np.tile(np.arange(-window, window + 1), n)
        ok = (en_ids >= 0) & (en_ids < m)
        ko_ids, en_ids = ko_ids[ok], en_ids[ok]
        scores = np.asarray(scorer.pair_scores(ko_texts, en_texts, ko_ids, en_ids), dtype=float)
        keep = scores != 0
        pair_ko = np.concatenate([self.pair_ko, ko_ids[keep]])
        order = np.argsort(pair_ko, kind="stable")
        return replace(
            self,
            pair_ko=pair_ko[order],
            pair_en=np.concatenate([self.pair_en, en_ids[keep]])[order],
            pair_match=np.concatenate([self.pair_match, scores[keep]])[order],
            pair_miss=np.concatenate([self.pair_miss, np.zeros(int(keep.sum()))])[order],
            ko_match=self.ko_match + np.bincount(ko_ids[keep], weights=scores[keep], minlength=n),
            en_match=self.en_match + np.bincount(en_ids[keep], weights=scores[keep], minlength=m),
        )


def _find(texts: Sequence[str], language: str, sources: Sequence[AnchorSource]) -> list[tuple[int, str, float]]:
    """(unit, "source|key", weight) for every anchor of every text."""
    found: list[tuple[int, str, float]] = []
    for unit, text in enumerate(texts):
        for source in sources:
            prefix = source.name + "|"
            found.extend((unit, prefix + key, w) for key, w in source.anchors(text, language).items())
    return found


# Above this many units the Korean side's anchors are found in a second process (2 cores halve the time).
PARALLEL_UNITS = 4000


def _find_all(ko_texts: Sequence[str], en_texts: Sequence[str],
              sources: Sequence[AnchorSource]) -> tuple[list[tuple[int, str, float]], list[tuple[int, str, float]]]:
    if len(ko_texts) + len(en_texts) >= PARALLEL_UNITS and (os.cpu_count() or 1) > 1 and threading.active_count() == 1:
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork on this platform
            context = None
        if context is not None:
            with WorkerPool(max_workers=1, mp_context=context) as pool:
                ko_future = pool.submit(_find, list(ko_texts), "ko", list(sources))
                en_found = _find(en_texts, "en", sources)
                return ko_future.result(), en_found
    return _find(ko_texts, "ko", sources), _find(en_texts, "en", sources)


def _dedupe(units: np.ndarray, keys: np.ndarray,
            weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One entry per (unit, key), keeping the largest weight (two sources may yield one key)."""
    if len(units) == 0:
        return units, keys, weights
    order = np.lexsort((-weights, keys, units))
    units, keys, weights = units[order], keys[order], weights[order]
    first = np.ones(len(units), dtype=bool)
    first[1:] = (units[1:] != units[:-1]) | (keys[1:] != keys[:-1])
    return units[first], keys[first], weights[first]


def _keys(text: str, language: str, sources: Sequence[AnchorSource]) -> dict[str, float]:
    keys: dict[str, float] = {}
    for source in sources:
        for key, w in source.anchors(text, language).items():
            full = f"{source.name}|{key}"
            keys[full] = max(keys.get(full, 0.0), w)
    return keys


_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.\-]*[A-Za-z]|[A-Za-z]")


class LexiconAnchors:
    """Word pairs from a bilingual word list: a Korean headword meets any of its English renderings.

    Korean words are matched at the start of an eojeol (so particles and compounds still
    match: 정부는, 정부청사); English words case-insensitively, phrases of up to four words.
    The bundled ``seed-lexicon.tsv`` is general news vocabulary; glossaries and learned
    lexicons add their own pairs through the same mechanism.
    """

    name = "lexicon"
    miss_factor = 0.25  # translations paraphrase: a word without its counterpart is weak evidence
    polysemy = 0.9

    def __init__(self, pairs: Iterable[tuple[str, Sequence[str]]], name: str = "lexicon") -> None:
        self.name = name
        self.ko: dict[str, str] = {}
        self.en: dict[str, set[str]] = defaultdict(set)
        self.max_words = 1
        self.phrase_starts: set[str] = set()
        self._ko_cache: dict[str, str | None] = {}
        for ko, ens in pairs:
            ko = ko.strip()
            if len(ko) < 2:
                continue
            self.ko[ko] = ko
            for en in ens:
                form = " ".join(_EN_TOKEN.findall(en.lower()))
                if form:
                    self.en[form].add(f"lex:{ko}")
                    if " " in form:
                        self.phrase_starts.add(form.split(" ", 1)[0])
                        self.max_words = max(self.max_words, min(4, form.count(" ") + 1))
        # Register inflected forms of one-word entries once, so matching is one lookup per token.
        for form, heads in list(self.en.items()):
            if " " not in form:
                for inflected in _inflections(form):
                    self.en.setdefault(inflected, heads)
        self.longest = max((len(k) for k in self.ko), default=0)

    @classmethod
    def from_tsv(cls, path: str | Path, name: str = "lexicon") -> LexiconAnchors:
        pairs = []
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                cells = line.rstrip("\n").split("\t")
                if number == 0 and cells[0].strip().lower() == "ko":
                    continue
                if len(cells) >= 2 and cells[0].strip() and cells[1].strip():
                    pairs.append((cells[0], cells[1].split("|")))
        return cls(pairs, name)

    def anchors(self, text: str, language: str) -> dict[str, float]:
        keys: dict[str, float] = {}
        if language == "ko":
            for word in _HANGUL_WORD.findall(text):
                head = self.korean_head(word)
                if head:
                    keys[head] = 1.0
            return keys
        tokens = _EN_TOKEN.findall(text.lower().replace("’", "'"))
        en = self.en
        for i, token in enumerate(tokens):
            heads = en.get(token)
            if heads:
                # An English word with many Korean renderings tells less about each of them.
                w = 1.0 / len(heads) ** self.polysemy
                for head in heads:
                    if keys.get(head, 0.0) < w:
                        keys[head] = w
            if token in self.phrase_starts:
                for size in range(2, self.max_words + 1):
                    form = " ".join(tokens[i : i + size])
                    for head in en.get(form, ()):
                        keys[head] = 1.0
        return keys

    def korean_head(self, word: str) -> str | None:
        cached = self._ko_cache.get(word, False)
        if cached is not False:
            return cached  # type: ignore[return-value]
        head = None
        for size in range(min(len(word), self.longest), 1, -1):
            if word[:size] in self.ko:
                head = f"lex:{word[:size]}"
                break
        if len(self._ko_cache) < 200_000:
            self._ko_cache[word] = head
        return head


def _inflections(word: str) -> list[str]:
    """Plural and possessive forms of an English word: policy → policies, policy's."""
    forms = [word + "'s", word + "s'"]
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(word + "es")
    else:
        forms.append(word + "s")
    return forms


@lru_cache(maxsize=1)
def seed_lexicon() -> LexiconAnchors | None:
    """The bundled general Korean–English word list, or None when the package ships none."""
    path = Path(__file__).with_name("data") / "seed-lexicon.tsv"
    return LexiconAnchors.from_tsv(path, name="seed") if path.exists() else None
