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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
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
        words = {w.lower().strip(".-") for w in _LATIN_WORD.findall(text)}
        return {f"w:{w}": 2.0 if len(w) > 2 else 1.0 for w in words if w}


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


class TransliterationAnchors:
    """Hangul words romanised to a consonant key that meets capitalised English words and loanwords."""

    name = "translit"

    def anchors(self, text: str, language: str) -> dict[str, float]:
        keys: dict[str, float] = {}
        if language == "ko":
            for word in _HANGUL_WORD.findall(text):
                for form in {word, _KO_TAIL.sub("", word)}:
                    key = hangul_key(form) if len(form) >= 2 else None
                    if key:
                        keys[f"t:{key}"] = 1.0
        else:
            for word in _EN_CAPITAL.findall(text) + _EN_LONG.findall(text):
                key = english_key(word.rstrip("'’s").replace("-", ""))
                if key:
                    keys[f"t:{key}"] = 1.0
        return keys


def default_anchor_sources() -> list[AnchorSource]:
    return [NumeralAnchors(), LatinAnchors(), MarkerAnchors(), TransliterationAnchors()]


@dataclass
class AnchorTable:
    """Anchor weights of each unit and the weight shared by each Korean/English pair."""

    ko_weight: np.ndarray
    en_weight: np.ndarray
    shared: list[dict[int, float]]  # per Korean unit: English unit -> shared weight

    @classmethod
    def build(cls, ko_texts: Sequence[str], en_texts: Sequence[str], sources: Sequence[AnchorSource],
              max_df: int = 60) -> AnchorTable:
        ko_keys = [_keys(t, "ko", sources) for t in ko_texts]
        en_keys = [_keys(t, "en", sources) for t in en_texts]
        en_index: dict[str, list[int]] = defaultdict(list)
        for j, keys in enumerate(en_keys):
            for key in keys:
                en_index[key].append(j)
        ko_df: dict[str, int] = defaultdict(int)
        for keys in ko_keys:
            for key in keys:
                ko_df[key] += 1
        # A key seen on one side only says nothing about pairing; frequent keys say little.
        weight: dict[str, float] = {}
        for key, df in ko_df.items():
            edf = len(en_index.get(key, ()))
            if edf and max(df, edf) <= max_df:
                weight[key] = 1.0 / math.sqrt(max(df, edf))
        ko_weight = np.zeros(len(ko_texts))
        en_weight = np.zeros(len(en_texts))
        shared: list[dict[int, float]] = []
        for i, keys in enumerate(ko_keys):
            row: dict[int, float] = defaultdict(float)
            for key, w in keys.items():
                if key not in weight:
                    continue
                w_k = w * weight[key]
                ko_weight[i] += w_k
                for j in en_index[key]:
                    row[j] += min(w_k, en_keys[j][key] * weight[key])
            shared.append(dict(row))
        for j, keys in enumerate(en_keys):
            en_weight[j] = sum(w * weight[key] for key, w in keys.items() if key in weight)
        return cls(ko_weight, en_weight, shared)

    def matches(self, k: int, cols: np.ndarray) -> np.ndarray:
        """Shared weight of Korean unit ``k`` with English units ``cols`` (a contiguous range)."""
        out = np.zeros(len(cols))
        if len(cols) == 0:
            return out
        first = int(cols[0])
        for j, w in self.shared[k].items():
            idx = j - first
            if 0 <= idx < len(cols):
                out[idx] = w
        return out


def _keys(text: str, language: str, sources: Sequence[AnchorSource]) -> dict[str, float]:
    keys: dict[str, float] = {}
    for source in sources:
        for key, w in source.anchors(text, language).items():
            full = f"{source.name}|{key}"
            keys[full] = max(keys.get(full, 0.0), w)
    return keys
