"""Marking the words a finding is about inside an escaped paragraph (the check page and the review app)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def highlight(text: str, needles: Iterable[tuple[str, T]], mark: Callable[[str, T], str]) -> str:
    """``text`` HTML-escaped, every occurrence of each needle replaced by ``mark(escaped_occurrence, payload)``.

    Where occurrences overlap, the one starting first (then the longest) wins; the others are left unmarked.
    """
    spans: list[tuple[int, int, T]] = []
    for needle, payload in needles:
        if not needle:
            continue
        start = text.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle), payload))
            start = text.find(needle, start + len(needle))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[str] = []
    pos = 0
    for start, end, payload in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(mark(html.escape(text[start:end]), payload))
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)
