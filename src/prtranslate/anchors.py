"""Anchors: what survives translation and so ties a Korean unit to its English counterpart.

An :class:`AnchorSource` maps a text to language-neutral keys with weights: numbers and
dates (:mod:`prtranslate.numerals`), Latin-script words inside Korean (IBM, NHK), list
numbering, transliterated names (:mod:`prtranslate.transliterate`), and glossary terms or
learned word pairs from other modules (anything with the same ``anchors`` method).
:class:`AnchorTable` turns the keys of two documents into the shared weights the aligner's
cost needs.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from prtranslate.documents import list_marker
from prtranslate.numerals import anchor_keys, find_numerals
from prtranslate.transliterate import english_key, hangul_key


class AnchorSource(Protocol):
    """Anything that finds anchor keys in a text; keys must be the same for a text and its translation."""

    name: str

    def anchors(self, text: str, language: str) -> dict[str, float]: ...


class NumeralAnchors:
    """Numbers, dates, ordinals, ranges and amounts, normalised."""

    name = "num"
    weight = {"date": 2.5, "range": 2.5, "number": 2.0, "percent": 2.5, "year": 2.0, "ordinal": 1.5}

    def anchors(self, text: str, language: str) -> dict[str, float]:
        keys: dict[str, float] = {}
        for numeral in find_numerals(text, language):
            w = self.weight[numeral.kind] * (0.4 if numeral.weak else 1.0)
            for key in anchor_keys(numeral):
                keys[key] = max(keys.get(key, 0.0), w)
        return keys


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Za-z]")
_HANGUL_WORD = re.compile(r"[가-힣]{2,}")


class LatinAnchors:
    """Latin-script words inside Korean text (IBM, NHK, ASCI White) meet the same words in English."""

    name = "latin"

    def anchors(self, text: str, language: str) -> dict[str, float]:
        words = _LATIN_WORD.findall(text)
        if language != "ko":
            # Korean text carries acronyms and names (IBM, CNN, ASCI White), rarely lower-case words.
            words = [w for w in words if not w.islower()]
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
                key = _english_word_key(word)
                if key:
                    keys[key] = 1.0
        return keys


def default_anchor_sources() -> list[AnchorSource]:
    seed = seed_lexicon()
    sources: list[AnchorSource] = [NumeralAnchors(), LatinAnchors(), MarkerAnchors(), TransliterationAnchors(seed)]
    if seed is not None:
        sources.append(seed)
    return sources


@dataclass
class AnchorTable:
    """Anchor weights of each unit, and the weight shared by Korean/English unit pairs near the diagonal.

    Every key has a match weight (evidence for a pair when both units hold it) and a miss
    weight (evidence against when only one does): a number without its counterpart weighs
    heavily against a pair, a dictionary word without one hardly at all, since translations
    paraphrase. A key's weight falls with how often it occurs nearby (its local document
    frequency); keys found on one side only are dropped, they cannot tell pairs apart.
    """

    ko_weight: np.ndarray    # miss weight of each Korean unit's keys
    en_weight: np.ndarray
    ko_match: np.ndarray     # match weight of each Korean unit's keys
    en_match: np.ndarray
    pair_ko: np.ndarray      # pairs (pair_ko[x], pair_en[x]) sharing keys, with their shared weights
    pair_en: np.ndarray
    pair_match: np.ndarray
    pair_miss: np.ndarray

    @classmethod
    def build(cls, ko_texts: Sequence[str], en_texts: Sequence[str], sources: Sequence[AnchorSource],
              window: int = 250, max_df: float = 40.0) -> AnchorTable:
        n, m = len(ko_texts), len(en_texts)
        miss_of = {source.name: getattr(source, "miss_factor", 1.0) for source in sources}
        ko_keys = [_keys(t, "ko", sources) for t in ko_texts]
        en_keys = [_keys(t, "en", sources) for t in en_texts]
        ko_index: dict[str, list[int]] = defaultdict(list)
        en_index: dict[str, list[int]] = defaultdict(list)
        for i, keys in enumerate(ko_keys):
            for key in keys:
                ko_index[key].append(i)
        for j, keys in enumerate(en_keys):
            for key in keys:
                en_index[key].append(j)
        # Document frequency per 200 units: in a long document a word recurs far away without
        # making it less telling where it stands.
        scale = min(1.0, 200.0 / max(n, m, 1))
        weight: dict[str, float] = {}
        miss: dict[str, float] = {}
        for key, ko_units in ko_index.items():
            en_units = en_index.get(key)
            if not en_units:
                continue
            df = max(1.0, max(len(ko_units), len(en_units)) * scale)
            if df <= max_df:
                weight[key] = 1.0 / math.sqrt(df)
                miss[key] = weight[key] * miss_of.get(key.split("|", 1)[0], 1.0)
        ko_weight, ko_match = _unit_weights(ko_keys, weight, miss)
        en_weight, en_match = _unit_weights(en_keys, weight, miss)
        ratio = m / max(n, 1)
        pk: list[int] = []
        pe: list[int] = []
        pm: list[float] = []
        px: list[float] = []
        for key, w in weight.items():
            x = miss[key]
            en_units = en_index[key]
            for i in ko_index[key]:
                wi = ko_keys[i][key]
                centre = i * ratio
                lo = bisect_left(en_units, centre - window)
                hi = bisect_right(en_units, centre + window)
                for j in en_units[lo:hi]:
                    both = min(wi, en_keys[j][key])
                    pk.append(i)
                    pe.append(j)
                    pm.append(both * w)
                    px.append(both * x)
        return cls(ko_weight, en_weight, ko_match, en_match, np.array(pk, dtype=np.int64),
                   np.array(pe, dtype=np.int64), np.array(pm), np.array(px))

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """All (Korean unit, English unit, match weight, miss weight) sharing anchors, as arrays."""
        return self.pair_ko, self.pair_en, self.pair_match, self.pair_miss


def _unit_weights(unit_keys: list[dict[str, float]], weight: dict[str, float],
                  miss: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    missed = np.zeros(len(unit_keys))
    matched = np.zeros(len(unit_keys))
    for i, keys in enumerate(unit_keys):
        for key, w in keys.items():
            if key in weight:
                missed[i] += w * miss[key]
                matched[i] += w * weight[key]
    return missed, matched


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
    polysemy = 0.5

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
            heads = en.get(token) or en.get(_singular(token))
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


def _singular(word: str) -> str:
    if word.endswith("'s"):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[-3:-2] in "sxz" or word.endswith(("ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def seed_lexicon() -> LexiconAnchors | None:
    """The bundled general Korean–English word list, or None when the package ships none."""
    path = Path(__file__).with_name("data") / "seed-lexicon.tsv"
    return LexiconAnchors.from_tsv(path, name="seed") if path.exists() else None
