"""Word differences between two versions of a paragraph in one language (a draft and its reference).

Words are whitespace-separated tokens (Korean eojeol, English words with their punctuation), compared
with :mod:`difflib`; runs of changed words are grouped. Plain text marks them like ``git diff
--word-diff``: ``[-removed-]{+added+}``; HTML uses ``<del>``/``<ins>``; a terminal may add colours.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape

SAME = "same"
REMOVED = "removed"   # in the old text (the reference) only
ADDED = "added"       # in the new text (the draft) only

_TOKEN = re.compile(r"\S+")
_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_RESET = "\x1b[0m"


@dataclass(frozen=True)
class Part:
    """A run of words that are the same in both texts, or only in one."""

    op: str
    text: str


def word_diff(old: str, new: str) -> tuple[Part, ...]:
    """The words of ``old`` and ``new`` as runs of same, removed and added words, in reading order."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[Part] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(Part(SAME, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(Part(REMOVED, " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(Part(ADDED, " ".join(b[j1:j2])))
    return tuple(parts)


def diff_text(old: str, new: str, color: bool = False) -> str:
    """``old`` turned into ``new`` as one line: ``[-removed-]{+added+}`` (coloured on a terminal)."""
    shown = []
    for part in word_diff(old, new):
        if part.op == SAME:
            shown.append(part.text)
        elif part.op == REMOVED:
            shown.append(f"{_RED}[-{part.text}-]{_RESET}" if color else f"[-{part.text}-]")
        else:
            shown.append(f"{_GREEN}{{+{part.text}+}}{_RESET}" if color else f"{{+{part.text}+}}")
    return _join(word_diff(old, new), shown)


def diff_html(old: str, new: str) -> str:
    """``old`` turned into ``new`` as escaped HTML with ``<del>`` and ``<ins>``."""
    tags = {SAME: "{}", REMOVED: "<del>{}</del>", ADDED: "<ins>{}</ins>"}
    parts = word_diff(old, new)
    return _join(parts, [tags[part.op].format(escape(part.text)) for part in parts])


def _join(parts: tuple[Part, ...], shown: list[str]) -> str:
    # A replacement reads as one: "[-19,-]{+18,+}", with no space between what went and what came.
    out = shown[:1]
    for k in range(1, len(parts)):
        out.append(("" if parts[k - 1].op == REMOVED and parts[k].op == ADDED else " ") + shown[k])
    return "".join(out)
