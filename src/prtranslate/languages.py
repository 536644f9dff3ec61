"""Telling Korean text from English text by script."""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")

LANGUAGE_NAMES = {"ko": "Korean", "en": "English"}


def hangul_share(text: str) -> float:
    """Share of Hangul among Hangul and Latin letters (0.0 when there are none)."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 0.0


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def detect_language(text: str) -> str | None:
    """``"ko"``, ``"en"`` or ``None`` when the text has (almost) no letters.

    Korean prose carries Latin names (IBM, NHK) but its letters are still mostly
    Hangul; an English page copied from the ministry's site carries a few Korean
    menu lines, far below a quarter of its letters.
    """
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    if hangul + latin < 2:
        return None
    return "ko" if hangul / (hangul + latin) >= 0.25 else "en"
