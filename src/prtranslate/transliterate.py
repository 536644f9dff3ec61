"""Matching Hangul transliterations to English words: 로렌스 리버모아 ↔ Lawrence Livermore, 모스크바 ↔ Moscow.

Both sides are reduced to a consonant skeleton of how the word sounds in Korean
loanword spelling (Revised Romanization for Hangul; a few English spelling rules for
English), so the keys meet without a dictionary.
"""

from __future__ import annotations

import re

_INITIALS = ["g", "g", "n", "d", "d", "r", "m", "b", "b", "s", "s", "", "j", "j", "c", "k", "t", "p", "h"]
_FINALS = ["", "g", "g", "g", "n", "n", "n", "d", "r", "g", "m", "b", "r", "r", "p", "r", "m", "b", "b", "s",
           "s", "ng", "d", "d", "g", "d", "p", "h"]
_VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i"]

# Skeleton classes: sounds that Korean loanword spelling merges.
_CLASS = {
    "g": "k", "k": "k", "c": "k", "q": "k", "x": "ks", "n": "n", "d": "t", "t": "t", "r": "r", "l": "r",
    "m": "m", "b": "p", "p": "p", "f": "p", "v": "p", "s": "s", "z": "s", "j": "j", "h": "", "w": "", "y": "",
}


def romanize(hangul: str) -> str:
    """Revised Romanization of a Hangul word, letter by letter (no sound-change rules)."""
    out = []
    for ch in hangul:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            initial, rest = divmod(code, 588)
            vowel, final = divmod(rest, 28)
            out.append(_INITIALS[initial] + _VOWELS[vowel] + _FINALS[final])
        else:
            out.append(ch.lower())
    return "".join(out)


def _skeleton(letters: str) -> str:
    keys: list[str] = []
    for ch in letters:
        cls = _CLASS.get(ch)
        if cls and (not keys or keys[-1] != cls):
            keys.append(cls)
    return "".join(keys)


def hangul_key(word: str, size: int = 3) -> str | None:
    """The consonant key of a Hangul loanword, or None when too short to be telling."""
    roman = romanize(word)
    # "eu" is the vowel Korean inserts between English consonants: drop it with its syllable's
    # silent initial so 스 (seu) keeps only its s.
    roman = roman.replace("ng", "n")
    key = _skeleton(roman)
    return key[:size] if len(key) >= size else None


_EN_SILENT_R = re.compile(r"r(?=[^aeiouy]|$)")


def english_key(word: str, size: int = 3) -> str | None:
    """The consonant key of an English word as Korean would spell it, or None when too short."""
    w = word.lower()
    w = re.sub(r"ph", "f", w)
    w = re.sub(r"ck", "k", w)
    w = re.sub(r"th", "s", w)
    w = re.sub(r"sh|ch", "s", w)
    w = re.sub(r"c(?=[eiy])", "s", w)
    w = re.sub(r"gh", "", w)
    w = re.sub(r"wr", "r", w)
    w = _EN_SILENT_R.sub("", w[:-1]) + w[-1:] if len(w) > 1 else w
    w = re.sub(r"r$|re$", "", w)
    w = re.sub(r"([a-z])\1", r"\1", w)
    key = _skeleton(w)
    return key[:size] if len(key) >= size else None
