"""Sentence splitting: kiwipiepy for Korean, a rule-based splitter for English."""

from __future__ import annotations

import re

# English: a sentence ends at . ! ? (closing quotes allowed) before a space and an upper-case letter,
# a digit or an opening quote, except after common abbreviations and initials.
_EN_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr", "vs",
    "etc", "inc", "ltd", "co", "corp", "no", "nos", "vol", "u.s", "u.n", "u.k", "e.g", "i.e", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "amb", "min", "approx", "dept",
}
_EN_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_EN_LIST_NUMBER = re.compile(r"\(?\d{1,2}[.)]")
_KO_LIST_MARKER = re.compile(r"\s*(?:\(?\d{1,2}[.)]|[가-하][.)]|[°○◦•·●□■※*-])\s+")
_EN_WORD_WINDOW = 64
# Korean fallback rule (used to count sentences quickly): a period after a Hangul syllable.
_KO_BOUNDARY = re.compile(r"(?<=[가-힣][.!?])[\"'”’)\]]*\s+")


def split_english(text: str) -> list[str]:
    """English sentences of a paragraph."""
    parts: list[str] = []
    start = 0
    for m in _EN_BOUNDARY.finditer(text):
        # Only the end of the pending text decides (its last word), so a long run of rejected
        # boundaries ("Mr. … Dr. …") costs linear time, not quadratic.
        window = text[max(start, m.start() - _EN_WORD_WINDOW) : m.start()].rstrip("\"'”’)]")
        words = window.rsplit(None, 1)
        whole = len(words) > 1 or m.start() - start <= _EN_WORD_WINDOW
        word = words[-1].lower().rstrip(".!?") if words and whole else ""
        if word in _EN_ABBREV or re.fullmatch(r"[a-z]", word) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
            continue
        if m.start() - start <= _EN_WORD_WINDOW and _EN_LIST_NUMBER.fullmatch(window.strip()):
            continue  # "2. The heads of delegation …": the paragraph's number, not a sentence
        parts.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def _kiwi():
    from prtranslate.korean import analyser

    return analyser()


def split_korean(text: str) -> list[str]:
    """Korean sentences of a paragraph (kiwipiepy's sentence splitter)."""
    # kiwipiepy sometimes reads "3. 문장이다. 문장이다." as one list item and never splits it:
    # split the text after the paragraph's list marker, then give the marker back.
    m = _KO_LIST_MARKER.match(text)
    head, body = (text[: m.end()], text[m.end() :]) if m else ("", text)
    pieces = _pieces(body)
    found = [_kiwi().split_into_sents(pieces[0])] if len(pieces) == 1 else _kiwi().split_into_sents(pieces)
    sentences = [s.text.strip() for piece in found for s in piece]
    sentences = [s for s in sentences if s]
    if head and sentences:
        sentences[0] = head + sentences[0]
    return sentences or ([text.strip()] if text.strip() else [])


#: kiwipiepy's splitter takes time quadratic in the length of what it is given: a long text is
#: given to it in pieces of about this many characters, cut where a sentence certainly ends.
KIWI_PIECE = 2000


def _pieces(text: str) -> list[str]:
    """``text`` cut into pieces of at most about :data:`KIWI_PIECE` characters, after a period that
    follows a Hangul syllable (a sentence end kiwipiepy finds too), else at a space, else anywhere."""
    if len(text) <= KIWI_PIECE:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > KIWI_PIECE:
        limit = start + KIWI_PIECE
        cut = None
        for m in _KO_BOUNDARY.finditer(text, start + KIWI_PIECE // 4, limit):
            cut = m.end()
        if cut is None:
            space = text.rfind(" ", start + KIWI_PIECE // 2, limit)
            cut = space + 1 if space > 0 else limit
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def split_sentences(text: str, language: str) -> list[str]:
    return split_korean(text) if language == "ko" else split_english(text)


def count_sentences(text: str, language: str) -> int:
    """A fast sentence count for the aligner's cost (rules only; no morphological analysis)."""
    if language == "ko":
        return 1 + sum(1 for _ in _KO_BOUNDARY.finditer(text.strip()))
    return len(split_english(text)) or 1
