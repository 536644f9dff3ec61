"""Machine translation as text: a header line marking machine output, then the paragraphs."""

from __future__ import annotations

from prtranslate import __version__
from prtranslate.translation import MT_MARK, ORIGIN_TM, FilledDocument, TranslatedDocument


def to_text(doc: TranslatedDocument) -> str:
    """A header line marking machine output, then the paragraphs separated by blank lines.

    Paragraphs reused from the translation memory are marked ``[TM 98%]`` (the header says how many).
    """
    reused = sum(1 for p in doc.paragraphs if p.origin == ORIGIN_TM)
    what = "MACHINE TRANSLATION"
    if reused:
        what += f" ({reused} paragraph{'s' if reused != 1 else ''} from the translation memory, marked [TM n%])"
    body = "\n\n".join(f"{p.mark} {p.translation}" if p.origin == ORIGIN_TM else p.translation
                        for p in doc.paragraphs)
    return doc.signature.header(what) + "\n\n" + body + "\n"


def filled_to_text(doc: FilledDocument) -> str:
    """The completed version: a header line, then paragraphs; machine paragraphs start with ``[MT]``."""
    if doc.signature is not None:
        reused = sum(1 for p in doc.paragraphs if p.origin == ORIGIN_TM)
        marks = f"{MT_MARK} or [TM n%]" if reused else MT_MARK
        count = f"{doc.filled} paragraph{'s' if doc.filled != 1 else ''} marked {marks}"
        header = doc.signature.header(f"COMPLETED WITH MACHINE TRANSLATION ({count})")
    else:
        header = ("# COMPLETED VERSION — nothing was missing; no machine translation "
                  f"(prtranslate {__version__})")
    body = "\n\n".join(f"{p.mt.mark} {p.text}" if p.mt is not None else p.text for p in doc.paragraphs)
    return header + "\n\n" + body + "\n"
