"""The ministry's terminology: entries, loading, and term matching in Korean and English text.

A glossary maps a Korean term to its preferred English, the other English forms the ministry
accepts, and the forms it does not (``South Korea`` where it writes ``ROK``). Matching is one
pass per paragraph whatever the glossary's size: an Aho–Corasick automaton over the text.

- Korean: the automaton finds candidates in the text with spaces removed; kiwipiepy's tokens
  (every term added as a user word, so a multi-morpheme term stays whole) then decide whether a
  candidate stands as a word followed by particles (``북극이사회에서`` is a hit) or sits inside a
  longer compound (``북극항로개발계획`` is a *partial* match).
- English: the text becomes a stream of normalised words (lower case, singular, possessive and
  articles dropped, hyphens as spaces), so ``the ROK's``, ``heads of delegation`` and
  ``Korea Russia`` meet ``ROK``, ``head of delegation`` and ``Korea-Russia``; ``Russian`` stays a
  different word from ``Russia``. An all-capitals glossary word (``UN``, ``ROK``) only matches
  capitals, so the pronoun "us" is not ``US``.

The bundled glossary lives in ``prtranslate/data/diplomatic-glossary.tsv`` (``glossary/`` at the
repository root points at it).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from prtranslate.errors import GlossaryError

COLUMNS = ("ko", "en", "accepted", "forbidden", "note", "domain")
MULTI_SEPARATOR = "|"
BUNDLED_NAME = "diplomatic-glossary.tsv"

_CACHE_LIMIT = 200_000   # entries of the per-process word caches

PREFERRED = "preferred"
ACCEPTED = "accepted"
FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class TermEntry:
    """One Korean term with its preferred, accepted and forbidden English forms."""

    ko: str
    en: str
    accepted: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    domain: str = ""

    @property
    def acceptable(self) -> tuple[str, ...]:
        """Every English form the ministry accepts, the preferred one first."""
        return (self.en, *self.accepted)


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text; ``partial`` when it sits inside a longer compound."""

    entry: TermEntry
    start: int
    end: int
    text: str
    partial: bool = False


def _clean(text: str) -> str:
    """NFC, single spaces, no control characters (they have no place in a term or note, and XML
    (TBX) cannot hold them)."""
    from prtranslate.outputs import printable

    return " ".join(printable(unicodedata.normalize("NFC", text)).split())


def _split_multi(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in text.split(MULTI_SEPARATOR):
        part = _clean(part)
        if part:
            seen.setdefault(part, None)
    return tuple(seen)


def make_entry(ko: str, en: str, accepted: Iterable[str] | str = (), forbidden: Iterable[str] | str = (),
               note: str = "", domain: str = "") -> TermEntry:
    """A normalised :class:`TermEntry` (NFC, single spaces, no duplicate or empty variants)."""
    ko, en = _clean(ko), _clean(en)
    if isinstance(accepted, str):
        accepted = _split_multi(accepted)
    if isinstance(forbidden, str):
        forbidden = _split_multi(forbidden)
    acc = tuple(a for a in dict.fromkeys(_clean(a) for a in accepted) if a and a != en)
    forb = tuple(f for f in dict.fromkeys(_clean(f) for f in forbidden) if f and f != en and f not in acc)
    return TermEntry(ko, en, acc, forb, _clean(note), _clean(domain))


# --- English normalisation ---------------------------------------------------------------------

# Acronyms with dots (U.S., U.N.) first, then words with an optional possessive.
_EN_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’][^\W\d_]+)?['’]?")
_ARTICLES = frozenset({"the", "a", "an"})
_NO_S_STRIP = ("ss", "us", "is", "ous")


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_NO_S_STRIP):
        return word[:-1]
    return word


def _is_acronym(raw: str) -> bool:
    letters = raw.rstrip("s") if len(raw) > 2 and raw[:-1].isupper() else raw
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int
    upper: bool   # written in capitals (an acronym or a headline word)


_WORD_CACHE: dict[str, tuple[str, bool] | None] = {}


def english_tokens(text: str) -> list[_Token]:
    """Normalised English words with their offsets: lower case, singular, no possessive, no article."""
    tokens: list[_Token] = []
    cache = _WORD_CACHE
    for m in _EN_TOKEN.finditer(text):
        word = m.group(0)
        got: tuple[str, bool] | Literal[False] | None = cache.get(word, False)
        if got is False:
            got = _normalise_word(word)
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            cache[word] = got
        if got is not None:
            tokens.append(_Token(got[0], m.start(), m.end(), got[1]))
    return tokens


def _normalise_word(raw: str) -> tuple[str, bool] | None:
    """(normalised form, written in capitals) of one word; None for an article or nothing."""
    if "." in raw:
        raw = raw.replace(".", "")
    elif raw[-1] in "'’":
        raw = raw[:-1]
    elif len(raw) > 2 and raw[-2] in "'’" and raw[-1] in "sS":
        raw = raw[:-2]
    if not raw:
        return None
    lower = raw.lower()
    if lower in _ARTICLES:
        return None
    acronym = _is_acronym(raw)
    norm = lower.rstrip("s") if acronym and raw.endswith("s") and not raw.isupper() else _singular(lower)
    return norm, acronym


def english_key(form: str) -> str:
    """The normalised shape of an English form: ``"the ROK's"`` → ``"rok"``."""
    return " ".join(t.norm for t in english_tokens(form))


# --- near misses --------------------------------------------------------------------------------

_WORD = re.compile(r"[\w'’-]+")


def near_miss(entry: TermEntry, text: str) -> TermMatch | None:
    """The words of English ``text`` closest to one of the entry's forms without being one ("Northern Sea
    Road" for "Northern Sea Route"), or None. ``check`` reports it; translation puts the form in its place."""
    from rapidfuzz import fuzz

    lower = text.lower()
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    best: tuple[int, int] | None = None
    best_score = 0.0
    for form in entry.acceptable:
        if len(form) < 6:
            continue   # short forms (ROK, UN) match too much by chance
        got = fuzz.partial_ratio_alignment(form.lower(), lower, score_cutoff=75)
        if got is None:
            continue
        # Words around the aligned stretch, in windows about as long as the form: the best one.
        inside = [i for i, (ws, we) in enumerate(words) if we > got.dest_start and ws < got.dest_end]
        if not inside:
            continue
        n = len(form.split())
        for size in (n - 1, n, n + 1):
            for first in range(max(0, inside[0] - 1), inside[-1] + 1):
                if size < 1 or first + size > len(words):
                    continue
                start, end = words[first][0], words[first + size - 1][1]
                candidate = text[start:end]
                score = fuzz.ratio(form.lower(), candidate.lower())
                if score >= 80 and score > best_score and english_key(candidate) != english_key(form):
                    best, best_score = (start, end), score
    return None if best is None else TermMatch(entry, best[0], best[1], text[best[0]:best[1]])


# --- the shared Korean analyser ----------------------------------------------------------------

_KIWI_LOCK = threading.Lock()
_KIWI = None
_KIWI_BUILT = False          # kiwipiepy builds its model on the first analysis, and again after new words
_KIWI_WORDS: set[str] = set()
_EOJEOL_CACHE: dict[str, tuple[tuple[str, int, int], ...]] = {}


def _kiwi_with(words: Iterable[str]):
    """The one kiwipiepy analyser of the process, with ``words`` kept whole as user words.

    Building the analyser is slow (seconds) and every batch of new user words after the first
    analysis rebuilds it, so all the words of a glossary go in at once, and later glossaries only
    add the words the analyser would otherwise cut apart.
    """
    global _KIWI, _KIWI_BUILT
    with _KIWI_LOCK:
        if _KIWI is None:
            from prtranslate.korean import analyser

            _KIWI = analyser()
        new = [w for w in dict.fromkeys(words) if w not in _KIWI_WORDS]
        if not new:
            return _KIWI
        _KIWI_WORDS.update(new)
        if _KIWI_BUILT:
            new = [w for w in new if not _whole(_KIWI, w)]
        for word in new:
            # kiwi refuses some symbol strings; such a term is still matched, only not kept whole.
            with contextlib.suppress(ValueError, RuntimeError):
                _KIWI.add_user_word(word, "NNP")
        if new:
            # New user words change how text is cut: forget what was analysed before.
            _EOJEOL_CACHE.clear()
        return _KIWI


def _whole(kiwi, word: str) -> bool:
    tokens = kiwi.tokenize(word)
    return len(tokens) == 1 and tokens[0].len == len(word) and tokens[0].tag.startswith("NN")


def _analyse(kiwi, window: str) -> tuple[tuple[str, int, int], ...]:
    """(tag, start, end) of kiwipiepy's tokens in ``window``, cached: the same words recur."""
    global _KIWI_BUILT
    got = _EOJEOL_CACHE.get(window)
    if got is None:
        _KIWI_BUILT = True
        got = tuple((t.tag, t.start, t.start + t.len) for t in kiwi.tokenize(window))
        if len(_EOJEOL_CACHE) > _CACHE_LIMIT:
            _EOJEOL_CACHE.clear()
        _EOJEOL_CACHE[window] = got
    return got


# Tags after which a term still stands on its own: particles, endings, copula, suffixes, punctuation.
_NOUNISH = ("NNG", "NNP", "NR", "NP", "SL", "SH", "SN", "XR")


def _is_noun(tag: str) -> bool:
    return tag.startswith(_NOUNISH)


_NON_SPACE = re.compile(r"\S+")


def _spacing_ok(offsets: list[int], start: int, end: int, spaces: frozenset[int]) -> bool:
    """A candidate that crosses a space the glossary term does not have must cut it into parts of two
    syllables or more: "북극 항로" is 북극항로, "불가사이한 일들" holds no 한일."""
    cuts = [i - start for i in range(start + 1, end)
            if offsets[i] - offsets[i - 1] > 1 and i - start not in spaces]
    bounds = [0, *cuts, end - start]
    return all(b - a >= 2 for a, b in itertools.pairwise(bounds))


def _korean_key(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and for each kept character its offset in ``text``."""
    chunks: list[str] = []
    offsets: list[int] = []
    for m in _NON_SPACE.finditer(text):
        chunks.append(m.group(0))
        offsets.extend(range(m.start(), m.end()))
    return "".join(chunks), offsets


#: What may follow a term inside its word without making it part of a longer compound: particles
#: and the copula, alone or stacked (에서의, 으로부터는), and the suffix 적 (친환경적인). They are
#: decided without kiwipiepy, whose model takes a second and 300+ MB to load; a test checks that the
#: decisions agree with its tokens on the bundled releases.
_PARTICLES = frozenset(
    first + second
    for first in ("", "에", "에서", "에게", "께", "께서", "로", "으로", "와", "과", "까지", "부터", "에서부터",
                  "로부터", "으로부터", "로서", "으로서", "로써", "으로써", "보다", "처럼", "마다", "만", "하고")
    for second in ("", "은", "는", "도", "의", "만", "이", "가", "을", "를")
    if first + second
) | {"이다", "이며", "이고", "이자", "이었다", "였다", "이나", "나", "이든", "든"} | {
    "적" + ending for ending in ("", "인", "으로", "이고", "이다", "이며", "으로는")}
_OPENING = frozenset("-–·/([{<\"'“‘「『《〈【〔")
_TRAILING = re.compile(r"([가-힣]*)(\W.*)?", re.DOTALL)


def _final_consonant(syllable: str) -> int:
    """The final consonant (jongseong) index of a Hangul syllable, 0 when it ends in a vowel."""
    return (ord(syllable) - 0xAC00) % 28 if "가" <= syllable <= "힣" else 0


def _particle_fits(term: str, particle: str) -> bool:
    """Whether ``particle`` has the form that follows ``term``: 을/은/과/이/으로 after a final consonant
    (의장국을), 를/는/와/가/로 after a vowel (북극항로를); otherwise the syllables are something else."""
    final = _final_consonant(term[-1:])
    if particle.startswith(("이다", "이며", "이고", "이자")):
        return True                     # the copula follows either (협의체이다)
    if particle.startswith(("으로", "을", "은", "과", "이")):
        return final != 0
    if particle.startswith("로"):
        return final in (0, 8)          # and after ㄹ: 서울로
    if particle.startswith(("를", "는", "와", "가", "였", "나", "든")):
        return final == 0
    return True


def _stands_alone(window: str, ra: int, rb: int, copula_in: bool = False) -> bool:
    """Whether the term at window[ra:rb] is plainly a word of its own: nothing or an opening bracket or
    quote right before it, and after it particles (``_PARTICLES``) up to the end of the word or to punctuation.
    ``copula_in`` also takes 인 (의장국인: "which is the chair"), which after a state's name is a
    person instead (한국인, 싱가포르인)."""
    if ra and window[ra - 1] not in _OPENING:
        return False
    rest = _TRAILING.fullmatch(window, rb)
    if rest is None:
        return False
    particle = rest.group(1)
    if not particle:
        return True
    if particle == "인":
        return copula_in
    return particle in _PARTICLES and _particle_fits(window[ra:rb], particle)


# --- the glossary ------------------------------------------------------------------------------

@dataclass
class _EnPattern:
    items: list[tuple[int, str, tuple[bool, ...]]] = field(default_factory=list)  # entry, role, caps mask
    ntokens: int = 0
    caps: bool = False   # some item needs capitals somewhere


class Glossary:
    """Terminology entries and their matchers; also an anchor source for the aligner."""

    name = "glossary"

    def __init__(self, entries: Iterable[TermEntry] = (), sources: Sequence[str] = ()) -> None:
        merged: dict[str, TermEntry] = {}
        for entry in entries:
            merged[entry.ko] = entry   # later entries win
        self.entries: tuple[TermEntry, ...] = tuple(merged.values())
        self.sources = tuple(sources)
        self._by_ko = merged
        self._kiwi = None                     # the shared analyser, once this glossary's words are in
        self._en_memo: dict[tuple[str, bool], list[tuple[int, int, int, str]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def get(self, ko: str) -> TermEntry | None:
        return self._by_ko.get(_clean(ko))

    def __repr__(self) -> str:
        return f"Glossary({len(self.entries)} entries, digest {self.digest[:12]})"

    # -- reproducibility -------------------------------------------------------------------

    @cached_property
    def digest(self) -> str:
        """sha256 of the normalised entries (order-independent), for reproducibility signatures."""
        lines = sorted(
            "\t".join([e.ko, e.en, MULTI_SEPARATOR.join(e.accepted), MULTI_SEPARATOR.join(e.forbidden),
                       e.note, e.domain])
            for e in self.entries
        )
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    # -- Korean ----------------------------------------------------------------------------

    @cached_property
    def _ko_automaton(self):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for index, entry in enumerate(self.entries):
            words = entry.ko.split()
            key = "".join(words)
            # Where the glossary writes a space (외교부 장관): text may or may not have one there.
            spaces = frozenset(sum(len(w) for w in words[:i]) for i in range(1, len(words)))
            if key:
                automaton.add_word(key, (index, len(key), spaces))
        if len(automaton):
            automaton.make_automaton()
        return automaton

    @cached_property
    def _ko_words(self) -> tuple[str, ...]:
        return tuple("".join(e.ko.split()) for e in self.entries if any("가" <= c <= "힣" for c in e.ko))

    def find_ko(self, text: str) -> list[TermMatch]:
        """Glossary terms in Korean text, leftmost-longest; ``partial`` when inside a longer compound."""
        automaton = self._ko_automaton
        if not len(automaton) or not text:
            return []
        squeezed, offsets = _korean_key(text)
        candidates: list[tuple[int, int, int]] = []
        for end, (index, length, spaces) in automaton.iter(squeezed):
            start = end - length + 1
            if offsets[end] - offsets[start] != length - 1 and not _spacing_ok(offsets, start, end + 1, spaces):
                continue
            candidates.append((start, end + 1, index))
        if not candidates:
            return []
        matches: list[TermMatch] = []
        taken_until = -1
        for start, end, index in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
            if start < taken_until:
                continue
            taken_until = end
            a, b = offsets[start], offsets[end - 1] + 1
            partial = self._compound(text, a, b, self.entries[index])
            matches.append(TermMatch(self.entries[index], a, b, text[a:b], partial))
        return matches

    def _analyser(self):
        """The shared kiwipiepy analyser with this glossary's words, built when first needed (seconds)."""
        if self._kiwi is None:
            self._kiwi = _kiwi_with(self._ko_words)
        return self._kiwi

    def _compound(self, text: str, a: int, b: int, entry: TermEntry | None = None,
                  morphology: bool = False) -> bool:
        """True when text[a:b] is glued to a neighbouring noun (a longer compound).

        A term standing alone, or followed only by particles and punctuation (북극항로를,
        북극이사회에서의), is decided without the analyser; anything else by kiwipiepy's tokens
        (``morphology`` forces them, for tests).
        """
        w0 = a
        while w0 > 0 and not text[w0 - 1].isspace():
            w0 -= 1
        w1 = b
        while w1 < len(text) and not text[w1].isspace():
            w1 += 1
        if w0 == a and w1 == b:
            return False
        window = text[w0:w1]
        ra, rb = a - w0, b - w0
        copula_in = entry is not None and entry.domain != "state" and b - a >= 3
        if not morphology and _stands_alone(window, ra, rb, copula_in):
            return False
        tokens = _analyse(self._analyser(), window)
        if ra > 0:
            before = [t for t in tokens if t[2] <= ra]
            if not any(t[1] == ra for t in tokens) and not any(t[2] == ra for t in tokens):
                return True          # the term starts inside a token
            if before and before[-1][2] == ra and _is_noun(before[-1][0]):
                return True          # a noun glued in front: 신북극항로
            if any(t[1] < ra < t[2] for t in tokens):
                return True
        if rb < len(window):
            if any(t[1] < rb < t[2] for t in tokens) and not any(t[2] == rb for t in tokens):
                return True          # the term ends inside a token: 조선소
            after = [t for t in tokens if t[1] >= rb]
            if after and after[0][1] == rb and _is_noun(after[0][0]):
                return True          # a noun glued behind: 북극항로개발계획
        return False

    # -- English ---------------------------------------------------------------------------

    @cached_property
    def _en_automaton(self):
        import ahocorasick

        patterns: dict[str, _EnPattern] = {}
        for index, entry in enumerate(self.entries):
            forms = [(entry.en, PREFERRED)] + [(a, ACCEPTED) for a in entry.accepted] + [
                (f, FORBIDDEN) for f in entry.forbidden]
            for form, role in forms:
                tokens = english_tokens(form)
                if not tokens:
                    continue
                key = " " + " ".join(t.norm for t in tokens) + " "
                pattern = patterns.setdefault(key, _EnPattern(ntokens=len(tokens)))
                pattern.items.append((index, role, tuple(t.upper for t in tokens)))
                pattern.caps = pattern.caps or any(t.upper for t in tokens)
        automaton = ahocorasick.Automaton()
        for key, pattern in patterns.items():
            automaton.add_word(key, pattern)
        if len(automaton):
            automaton.make_automaton()
        return automaton

    def _scan_en(self, text: str, longest: bool = True) -> list[tuple[int, int, int, str]]:
        """(entry index, start, end, role) of the English forms found, leftmost-longest over words
        (every form found, overlaps included, when ``longest`` is false)."""
        memo = self._en_memo.get((text, longest))
        if memo is not None:
            return memo
        found = self._scan_en_uncached(text, longest)
        if len(self._en_memo) >= 8:   # find_en, find_forbidden and anchors ask about the same text
            self._en_memo.clear()
        self._en_memo[(text, longest)] = found
        return found

    def _scan_en_uncached(self, text: str, longest: bool) -> list[tuple[int, int, int, str]]:
        automaton = self._en_automaton
        if not len(automaton) or not text:
            return []
        tokens = english_tokens(text)
        if not tokens:
            return []
        norms = [t.norm for t in tokens]
        stream = " " + " ".join(norms) + " "
        last_word: dict[int, int] = {}   # offset of the space after a word -> the word's index
        pos = 0
        for k, norm in enumerate(norms):
            pos += len(norm) + 1
            last_word[pos] = k
        spans: list[tuple[int, int, list[tuple[int, str]]]] = []
        for end, pattern in automaton.iter(stream):
            # The pattern " w1 … wn " ends at the space after its last word.
            last = last_word[end]
            first = last - pattern.ntokens + 1
            if pattern.caps:
                hits = [(index, role) for index, role, caps in pattern.items
                        if all(tokens[first + k].upper for k, need in enumerate(caps) if need)]
            else:
                hits = [(index, role) for index, role, _ in pattern.items]
            if hits:
                spans.append((first, last + 1, hits))
        out: list[tuple[int, int, int, str]] = []
        taken_until = -1
        for first, stop, hits in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
            if longest and first < taken_until:
                continue
            taken_until = stop
            start, end = tokens[first].start, tokens[stop - 1].end
            out.extend((index, start, end, role) for index, role in hits)
        return out

    def find_en(self, text: str) -> list[TermMatch]:
        """Preferred or accepted English forms in ``text`` (one match per entry the form belongs to)."""
        return [TermMatch(self.entries[i], s, e, text[s:e]) for i, s, e, role in self._scan_en(text)
                if role != FORBIDDEN]

    def en_forms(self, text: str) -> dict[TermEntry, list[TermMatch]]:
        """Every acceptable form of every entry found in ``text``, overlaps included.

        ``"the Russian side"`` holds both the entry whose form is "Russian side" and the one that
        accepts "Russian": the checker asks "is this entry rendered here?", not "which term won".
        """
        found: dict[TermEntry, list[TermMatch]] = {}
        for i, s, e, role in self._scan_en(text, longest=False):
            if role != FORBIDDEN:
                found.setdefault(self.entries[i], []).append(TermMatch(self.entries[i], s, e, text[s:e]))
        return found

    def find_forbidden(self, text: str) -> list[TermMatch]:
        """Forbidden English variants in ``text``."""
        return [TermMatch(self.entries[i], s, e, text[s:e]) for i, s, e, role in self._scan_en(text)
                if role == FORBIDDEN]

    # -- anchors for the aligner -----------------------------------------------------------

    def anchors(self, text: str, language: str) -> dict[str, float]:
        """``term:<ko>`` keys: the same key for a Korean term and any of its English forms."""
        keys: dict[str, float] = {}
        if language == "ko":
            for m in self.find_ko(text):
                weight = 1.0 if m.partial else 2.0
                key = f"term:{m.entry.ko}"
                keys[key] = max(keys.get(key, 0.0), weight)
        else:
            for index, _s, _e, role in self._scan_en(text):
                key = f"term:{self.entries[index].ko}"
                weight = 1.5 if role == FORBIDDEN else 2.0
                keys[key] = max(keys.get(key, 0.0), weight)
        return keys

    # -- lookup ----------------------------------------------------------------------------

    def lookup(self, query: str) -> list[TermEntry]:
        """Entries whose Korean or any English form equals ``query``, then those that contain it."""
        q = _clean(query)
        if not q:
            return []
        q_ko = "".join(q.split())
        q_en = english_key(q)
        exact: list[TermEntry] = []
        near: list[TermEntry] = []
        for e in self.entries:
            forms = (e.en, *e.accepted, *e.forbidden)
            keys = [english_key(f) for f in forms]
            if "".join(e.ko.split()) == q_ko or (q_en and q_en in keys):
                exact.append(e)
            elif q_ko in "".join(e.ko.split()) or (q_en and any(q_en in k for k in keys)):
                near.append(e)
        return exact + near


# --- reading ----------------------------------------------------------------------------------

def bundled_path() -> Path:
    """The glossary shipped with the package."""
    return Path(str(resources.files("prtranslate") / "data" / BUNDLED_NAME))


def read_tsv(text: str, source: str = "<glossary>", delimiter: str = "\t") -> list[TermEntry]:
    """Entries of a glossary table with the header ``ko, en, accepted, forbidden, note, domain``."""
    import csv
    import io

    # TSV cells are taken literally (a quote is text); CSV follows the usual quoting rules.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter,
                        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    try:
        rows = [(n, row) for n, row in enumerate(reader, start=1)
                if row and any(c.strip() for c in row) and not row[0].lstrip().startswith("#")]
    except csv.Error as err:  # a field over csv.field_size_limit() (131,072 characters), a stray NUL …
        raise GlossaryError(f"{source}: line {reader.line_num}: {err}") from err
    if not rows:
        raise GlossaryError(f"{source}: empty glossary (expected a header row: {', '.join(COLUMNS)})")
    header = [h.strip().lower() for h in rows[0][1]]
    if "ko" not in header or "en" not in header:
        raise GlossaryError(f"{source}: line {rows[0][0]}: header must name the columns ko and en "
                            f"(found: {', '.join(header) or 'nothing'})")
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise GlossaryError(f"{source}: line {rows[0][0]}: unknown column {unknown[0]!r} "
                            f"(expected {', '.join(COLUMNS)})")
    column = {name: header.index(name) for name in COLUMNS if name in header}
    entries: list[TermEntry] = []
    for line, row in rows[1:]:
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            raise GlossaryError(f"{source}: line {line}: {len(row)} fields, header has {len(header)}")

        def get(name: str, row: list[str] = row) -> str:
            i = column.get(name)
            return row[i] if i is not None and i < len(row) else ""

        ko, en = _clean(get("ko")), _clean(get("en"))
        if not ko or not en:
            raise GlossaryError(f"{source}: line {line}: both ko and en are required")
        entries.append(make_entry(ko, en, get("accepted"), get("forbidden"), get("note"), get("domain")))
    return entries


def read_glossary_file(path: str | Path) -> list[TermEntry]:
    """Entries of a TSV, CSV or TBX glossary file (chosen by extension; TSV when unsure)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".tbx", ".xml", ".csv"):
        from prtranslate.formats.termbase import read_termbase

        return read_termbase(p)
    from prtranslate.encodings import unicode_text
    from prtranslate.inputs import read_input

    data = read_input(p, "glossary", GlossaryError)
    try:
        text = unicode_text(data)
    except UnicodeDecodeError as err:
        raise GlossaryError(f"{p}: glossary is not UTF-8 or UTF-16 text (invalid {err.encoding.upper()}"
                            f" at byte {err.start})") from err
    if "\x00" in text:
        raise GlossaryError(f"{p}: glossary is a binary file, not a TSV table")
    return read_tsv(text, str(p))


_BUNDLED: Glossary | None = None


def bundled_glossary() -> Glossary:
    """The bundled glossary (read once per process)."""
    global _BUNDLED
    if _BUNDLED is None:
        _BUNDLED = Glossary(read_glossary_file(bundled_path()), sources=(str(bundled_path()),))
    return _BUNDLED


def load_glossary(paths: Sequence[str] = (), bundled: bool = True) -> Glossary:
    """The bundled glossary (unless ``bundled=False``) plus ``paths``; later files win on the same term."""
    entries: list[TermEntry] = []
    sources: list[str] = []
    if bundled:
        base = bundled_glossary()
        if not paths:
            return base
        entries.extend(base.entries)
        sources.extend(base.sources)
    for path in paths:
        entries.extend(read_glossary_file(path))
        sources.append(str(path))
    return Glossary(entries, sources)


def to_tsv(entries: Iterable[TermEntry]) -> str:
    """The glossary table (header first) as TSV text."""
    def cell(text: str) -> str:
        return " ".join(text.replace("\t", " ").split())

    lines = ["\t".join(COLUMNS)]
    for e in entries:
        lines.append("\t".join([cell(e.ko), cell(e.en), MULTI_SEPARATOR.join(map(cell, e.accepted)),
                                MULTI_SEPARATOR.join(map(cell, e.forbidden)), cell(e.note), cell(e.domain)]))
    return "\n".join(lines) + "\n"


#: Forms of the glossary layer an editor can add (``prtranslate review``'s learning from decisions).
LAYER_FORMS = (ACCEPTED, FORBIDDEN)


def with_layer(glossary: Glossary, forms: Iterable[tuple[str, str, str]],
               source: str = "store glossary layer") -> Glossary:
    """``glossary`` with the editors' forms added: ``(korean term, english form, "accepted"|"forbidden")``,
    later forms winning. An accepted form of a term the glossary lacks makes a new entry."""
    forms = list(forms)
    if not forms:
        return glossary
    entries = {e.ko: e for e in glossary.entries}
    for ko, en, form in forms:
        key, english = _clean(ko), _clean(en)
        if not key or not english or form not in LAYER_FORMS:
            continue
        entry = entries.get(key)
        if entry is None:
            if form == ACCEPTED:
                entries[key] = make_entry(key, english, note="added by an editor")
            continue
        english_k = english_key(english)
        accepted = tuple(f for f in entry.accepted if english_key(f) != english_k)
        forbidden = tuple(f for f in entry.forbidden if english_key(f) != english_k)
        if form == ACCEPTED:
            if english_key(entry.en) != english_k:
                accepted += (english,)
        elif english_key(entry.en) != english_k:   # the preferred form is never forbidden
            forbidden += (english,)
        entries[key] = TermEntry(entry.ko, entry.en, accepted, forbidden, entry.note, entry.domain)
    return Glossary(entries.values(), (*glossary.sources, source))
