"""A Korean–English lexicon learned from the store's aligned pairs, offered to the aligner as anchors.

hunalign's ``-realign`` idea, made persistent: the pairs already aligned teach which Korean
morphemes (kiwipiepy: nouns, verb and adjective stems, roots) go with which English words,
by the Dice coefficient over co-occurrence in pairs, kept only where the association is
among the best in both directions. :class:`LexiconAnchors` then gives a Korean morpheme and
its English words the same anchor key (``lex:<morpheme>``), so the aligner sees them as it
sees a shared number or name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# Content morphemes: general and proper nouns, verb and adjective stems, roots.
_KO_TAGS = {"NNG": "", "NNP": "", "XR": "", "VV": "다", "VA": "다"}
_EN_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_STOP_WORDS = """
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my no nor not
now of off on once only or other our ours out over own same she should so some such than that the their
theirs them then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your said says say one two new also mr ms
"""
_EN_STOP = frozenset(_STOP_WORDS.split())


def english_words(text: str) -> set[str]:
    """Lowercased English content words, plurals folded (``ministries`` → ``ministry``)."""
    words = set()
    for raw in _EN_WORD.findall(text):
        word = raw.lower().replace("’", "'")
        word = word.split("'")[0]
        if len(word) < 3 or word in _EN_STOP:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            word = word[:-1]
        words.add(word)
    return words


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def _morphemes(tokens: Iterable) -> set[str]:
    out = set()
    for token in tokens:
        suffix = _KO_TAGS.get(token.tag)
        if suffix is not None and len(token.form) + len(suffix) >= 1:
            out.add(token.form + suffix)
    return out


def korean_morphemes(text: str) -> set[str]:
    """Content morphemes of a Korean text (nouns; verb/adjective stems written with 다)."""
    return _morphemes(_kiwi().tokenize(text))


def korean_morphemes_many(texts: Sequence[str]) -> list[set[str]]:
    """:func:`korean_morphemes` of many texts at once (kiwipiepy's batch mode is much faster)."""
    if not texts:
        return []
    return [_morphemes(tokens) for tokens in _kiwi().tokenize(list(texts))]


@dataclass
class Lexicon:
    """Korean morpheme → English words with association scores (Dice, 0..1) and pair counts."""

    entries: dict[str, dict[str, tuple[float, int]]] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, rows: Iterable[tuple[str, str, float, int]]) -> Lexicon:
        entries: dict[str, dict[str, tuple[float, int]]] = defaultdict(dict)
        for ko, en, score, count in rows:
            entries[ko][en] = (float(score), int(count))
        return cls(dict(entries))

    @classmethod
    def from_store(cls, store) -> Lexicon:
        return cls.from_entries(store.load_lexicon())

    def rows(self) -> list[tuple[str, str, float, int]]:
        return [(ko, en, score, count) for ko, ens in sorted(self.entries.items())
                for en, (score, count) in sorted(ens.items(), key=lambda kv: -kv[1][0])]

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def __bool__(self) -> bool:
        return bool(self.entries)

    def english(self, ko: str) -> list[tuple[str, float]]:
        """The English words learned for a Korean morpheme, best first."""
        return sorted(((en, s) for en, (s, _) in self.entries.get(ko, {}).items()), key=lambda x: -x[1])


def learn_lexicon(pairs: Iterable[tuple[str, str]], min_count: int = 3, min_dice: float = 0.5,
                  top: int = 1) -> Lexicon:
    """Learn word associations from aligned ``(korean, english)`` texts.

    Dice over the pairs each word occurs in; an association is kept when it was seen in at
    least ``min_count`` pairs, reaches ``min_dice``, and is among the ``top`` best of the
    Korean morpheme *and* of the English word (competitive linking, loosely).
    """
    pairs = [(k, e) for k, e in pairs if k and e]
    ko_sets = korean_morphemes_many([k for k, _ in pairs])
    en_sets = [english_words(e) for _, e in pairs]
    c_ko: Counter[str] = Counter()
    c_en: Counter[str] = Counter()
    c_pair: Counter[tuple[str, str]] = Counter()
    for ks, es in zip(ko_sets, en_sets, strict=True):
        c_ko.update(ks)
        c_en.update(es)
        c_pair.update((k, e) for k in ks for e in es)
    scored: dict[tuple[str, str], float] = {}
    for (k, e), n in c_pair.items():
        if n < min_count:
            continue
        dice = 2.0 * n / (c_ko[k] + c_en[e])
        if dice >= min_dice:
            scored[(k, e)] = dice
    best_ko: dict[str, list[tuple[float, str]]] = defaultdict(list)
    best_en: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (k, e), dice in scored.items():
        best_ko[k].append((dice, e))
        best_en[e].append((dice, k))
    top_ko = {k: {e for _, e in sorted(v, key=lambda x: (-x[0], x[1]))[:top]} for k, v in best_ko.items()}
    top_en = {e: {k for _, k in sorted(v, key=lambda x: (-x[0], x[1]))[:top]} for e, v in best_en.items()}
    entries: dict[str, dict[str, tuple[float, int]]] = defaultdict(dict)
    for (k, e), dice in scored.items():
        if e in top_ko[k] and k in top_en[e]:
            entries[k][e] = (round(dice, 4), c_pair[(k, e)])
    return Lexicon(dict(entries))


def learn_from_store(store, min_score: float = 0.5, **options) -> Lexicon:
    """Learn from the store's confident two-sided pairs and save the result there; returns it."""
    pairs = [(p.ko_text or "", p.en_text or "") for _, p in store.aligned_pairs(min_score=min_score)]
    lexicon = learn_lexicon(pairs, **options)
    store.save_lexicon(lexicon.rows())
    return lexicon


class LexiconAnchors:
    """An aligner anchor source: a Korean morpheme and its learned English words share ``lex:<morpheme>``."""

    name = "lexicon"

    def __init__(self, lexicon: Lexicon, weight: float = 0.5) -> None:
        self.lexicon = lexicon
        self.weight = weight
        self._by_en: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for ko, ens in lexicon.entries.items():
            for en, (score, _) in ens.items():
                self._by_en[en].append((ko, score))

    def anchors(self, text: str, language: str) -> dict[str, float]:
        keys: dict[str, float] = {}
        if not self.lexicon:
            return keys
        if language == "ko":
            for morpheme in korean_morphemes(text):
                ens = self.lexicon.entries.get(morpheme)
                if ens:
                    keys[f"lex:{morpheme}"] = self.weight * max(s for s, _ in ens.values())
        else:
            for word in english_words(text):
                for ko, score in self._by_en.get(word, ()):
                    key = f"lex:{ko}"
                    keys[key] = max(keys.get(key, 0.0), self.weight * score)
        return keys
