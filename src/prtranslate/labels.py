"""Paragraphs named by what the reader sees: their list number or marker and their first words.

Paragraph ids count every line of the page, website navigation included, so the paragraph that
reads "4." may be paragraph 7. Readable outputs name a paragraph by its label instead:
``4. 양측은 북극항로…``, ``□ 외교부는 2021년…``, ``title``. Machine outputs (JSONL, JSON) keep the
ids and add the labels beside them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from prtranslate.documents import BOILERPLATE, TITLE, list_marker

TITLE_LABEL = "title"
# Columns of first words in a label: Hangul counts two, so about two Korean or four English words.
WIDTH = 24


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def first_words(text: str, width: int = WIDTH) -> str:
    """The first words of ``text`` that fit in ``width`` terminal columns (at least one word, cut to
    ``width`` if it alone is wider), with "…" when there is more."""
    words = text.split()
    if not words:
        return ""
    kept = [words[0]]
    for word in words[1:]:
        if _columns(" ".join([*kept, word])) > width:
            break
        kept.append(word)
    shown = " ".join(kept)
    if _columns(shown) > width:
        cut = ""
        for ch in shown:
            if _columns(cut + ch) > width:
                break
            cut += ch
        shown = cut
    return shown if len(shown) == len(" ".join(words)) else shown + "…"


def label(unit: Any, width: int = WIDTH) -> str:
    """A paragraph (or sentence) as the reader finds it: ``title`` for the title, else its list
    marker and first words (``4. 양측은 북극항로…``); boilerplate lines are short and shown as they are."""
    kind = getattr(unit, "kind", "")
    if kind == TITLE:
        return TITLE_LABEL
    text = " ".join(unit.text.split())
    if kind == BOILERPLATE:
        return first_words(text, max(width, 30))
    marker = getattr(unit, "marker", None)
    if marker is None:
        marker = list_marker(text)
    if marker and text.startswith(marker):
        rest = text[len(marker):].strip()
        return f"{marker} {first_words(rest, width)}".rstrip()
    return first_words(text, width)


def paragraph_labels(units: Iterable[Any], width: int = WIDTH) -> dict[int, str]:
    """Labels by paragraph id of an alignment's units: paragraphs, or sentences (a paragraph is named
    by its first sentence, which carries its list marker)."""
    labels: dict[int, str] = {}
    for unit in units:
        pid = getattr(unit, "paragraph", unit.id)
        if pid not in labels:
            labels[pid] = label(unit, width)
    return labels


def unit_labels(units: Sequence[Any], ids: Iterable[int]) -> list[str]:
    """Labels of the units ``ids`` (a bead's side)."""
    return [label(units[i]) for i in ids]


def name(labels: Mapping[int, str], ids: Iterable[int], none: str = "—") -> str:
    """Paragraphs ``ids`` for a reader: their labels joined by " + " (``none`` for no paragraph)."""
    shown = [labels.get(i, f"paragraph {i}") for i in ids]
    return " + ".join(shown) if shown else none
