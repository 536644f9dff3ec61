"""A Korean–English lexicon learned from the store's aligned pairs, offered to the aligner as anchors.

hunalign's ``-realign`` idea, made persistent: the pairs already aligned teach which Korean
morphemes (kiwipiepy: general and proper nouns, roots) go with which English words, by the
Dice coefficient over co-occurrence in pairs, kept only where the association is the best in
both directions (competitive linking, loosely) and seen often enough. :class:`LexiconAnchors`
hands the learned pairs to the aligner through the same mechanism as the bundled seed
lexicon (:class:`prtranslate.anchors.LexiconAnchors`): a Korean word starting with a learned
morpheme and its English words share the key ``lex:<morpheme>``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from prtranslate.anchors import LexiconAnchors as BaseLexiconAnchors
from prtranslate.anchors import TransliterationAnchors, seed_lexicon

# Content morphemes that stand at the start of a Korean word: general and proper nouns, roots.
_KO_TAGS = frozenset({"NNG", "NNP", "XR"})
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


def _kiwi():
    from prtranslate.korean import analyser

    return analyser()


def _morphemes(tokens: Iterable) -> set[str]:
    return {token.form for token in tokens if token.tag in _KO_TAGS and len(token.form) >= 2}


def korean_morphemes(text: str) -> set[str]:
    """Content morphemes of a Korean text (nouns and roots of two syllables or more)."""
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
    least ``min_count`` pairs and reaches ``min_dice``; then competitive linking keeps the
    strongest ones, each word in at most ``top`` of them.
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
    # Competitive linking: the strongest association first (more pairs breaks ties), each word
    # linked ``top`` times at most on either side.
    links_ko: Counter[str] = Counter()
    links_en: Counter[str] = Counter()
    entries: dict[str, dict[str, tuple[float, int]]] = defaultdict(dict)
    for (k, e), dice in sorted(scored.items(), key=lambda kv: (-kv[1], -c_pair[kv[0]], kv[0])):
        if links_ko[k] < top and links_en[e] < top:
            links_ko[k] += 1
            links_en[e] += 1
            entries[k][e] = (round(dice, 4), c_pair[(k, e)])
    return Lexicon(dict(entries))


def learn_from_store(store, min_score: float = 0.5, **options) -> Lexicon:
    """Learn from the store's confident two-sided pairs and save the result there; returns it."""
    pairs = [(p.ko_text or "", p.en_text or "") for _, p in store.aligned_pairs(min_score=min_score)]
    lexicon = learn_lexicon(pairs, **options)
    store.save_lexicon(lexicon.rows())
    return lexicon


class LexiconAnchors(BaseLexiconAnchors):
    """The learned lexicon as an aligner anchor source (``name = "lexicon"``, keys ``lex:<morpheme>``).

    Pairs that another default source already ties are left out, so that no evidence is
    counted twice: pairs of the bundled seed lexicon (``skip_seed``) and names whose
    romanisation already meets the English (``skip_names``: 오바마/Obama).
    """

    def __init__(self, lexicon: Lexicon, min_score: float = 0.0, skip_seed: bool = True,
                 skip_names: bool = True) -> None:
        seed = seed_lexicon() if skip_seed else None
        known = seed.en if seed is not None else {}
        names = TransliterationAnchors()
        pairs = []
        for ko, ens in sorted(lexicon.entries.items()):
            ko_names = set(names.anchors(ko, "ko")) if skip_names else set()
            words = [en for en, (score, _) in ens.items()
                     if score >= min_score and f"lex:{ko}" not in known.get(en, ())
                     and not (ko_names and ko_names & set(names.anchors(en.capitalize(), "en")))]
            if words:
                pairs.append((ko, words))
        super().__init__(pairs, name="lexicon")
        self.lexicon = lexicon
