"""Machine translation as text: a header line marking machine output, then the paragraphs.

Each paragraph not straight from the model says so in front: ``[TM 98%]`` (translation memory),
``[NO MT]`` (left as the source: no model was usable); in a completed version (``fill``) machine
paragraphs start with ``[MT]``. A paragraph whose glossary terms could not be made compliant also
carries ``[CHECK 북극항로]``.
"""

from __future__ import annotations

from prtranslate import __version__
from prtranslate.translation import (
    MT_MARK,
    NO_MT_MARK,
    ORIGIN_MT,
    ORIGIN_NONE,
    ORIGIN_TM,
    FilledDocument,
    TranslatedDocument,
    TranslatedParagraph,
)


def _count(n: int) -> str:
    return f"{n} paragraph{'s' if n != 1 else ''}"


def _marks(para: TranslatedParagraph, origin: bool) -> str:
    """The marks in front of a paragraph (``origin``: also ``[MT]`` for machine output)."""
    marks = [para.mark if origin or para.origin != ORIGIN_MT else "", para.check_mark]
    return " ".join(m for m in marks if m)


def _with_marks(text: str, marks: str) -> str:
    return f"{marks} {text}" if marks else text


def _notes(paragraphs: list[TranslatedParagraph]) -> list[str]:
    reused = sum(1 for p in paragraphs if p.origin == ORIGIN_TM)
    kept = sum(1 for p in paragraphs if p.origin == ORIGIN_NONE)
    checks = sum(1 for p in paragraphs if p.check_mark)
    notes = []
    if reused:
        notes.append(f"{_count(reused)} from the translation memory, marked [TM n%]")
    if kept:
        notes.append(f"{_count(kept)} not translated (no model), kept as the source and marked {NO_MT_MARK}")
    if checks:
        notes.append(f"{_count(checks)} to check, marked [CHECK term]")
    return notes


def to_text(doc: TranslatedDocument) -> str:
    """A header line marking machine output, then the paragraphs separated by blank lines."""
    notes = _notes(list(doc.paragraphs))
    what = "MACHINE TRANSLATION" + (f" ({'; '.join(notes)})" if notes else "")
    body = "\n\n".join(_with_marks(p.translation, _marks(p, origin=False)) for p in doc.paragraphs)
    return doc.signature.header(what) + "\n\n" + body + "\n"


def filled_to_text(doc: FilledDocument) -> str:
    """The completed version: a header line, then paragraphs; machine paragraphs start with ``[MT]``."""
    if doc.signature is not None:
        filled = [p.mt for p in doc.paragraphs if p.mt is not None]
        reused = sum(1 for p in filled if p.origin == ORIGIN_TM)
        marks = f"{MT_MARK} or [TM n%]" if reused else MT_MARK
        notes = [f"{_count(doc.filled)} marked {marks}"] + [n for n in _notes(filled) if "memory" not in n]
        header = doc.signature.header(f"COMPLETED WITH MACHINE TRANSLATION ({'; '.join(notes)})")
    else:
        header = ("# COMPLETED VERSION — nothing was missing; no machine translation "
                  f"(prtranslate {__version__})")
    body = "\n\n".join(_with_marks(p.text, _marks(p.mt, origin=True)) if p.mt is not None else p.text
                       for p in doc.paragraphs)
    return header + "\n\n" + body + "\n"
