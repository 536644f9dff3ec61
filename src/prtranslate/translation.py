"""What machine translation produces: translated and completed documents, their paragraphs and signature.

Plain frozen records between :mod:`prtranslate.translate` (which makes them) and the output
formats (``formats/translation_*.py``, which write them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from prtranslate import __version__
from prtranslate.errors import ModelError
from prtranslate.glossary_enforcement import NBEST, SUBSTITUTED, TermEnforcement

ORIGIN_MT = "mt"
ORIGIN_TM = "tm"
ORIGIN_HUMAN = "human"
#: A paragraph neither the memory nor a model could translate: the source is kept, marked ``[NO MT]``.
ORIGIN_NONE = "none"
MT_MARK = "[MT]"
NO_MT_MARK = "[NO MT]"

#: The model gave nothing for a paragraph that has text.
FLAG_EMPTY = "empty_translation"
#: Prefix of the flag of a glossary term the translation still lacks (``term_missing:북극항로``).
FLAG_TERM_MISSING = "term_missing:"


@dataclass(frozen=True)
class MTSignature:
    """How a machine translation was made: enough to reproduce it."""

    source_lang: str
    target_lang: str
    model: str
    model_fingerprint: str
    backend: str
    glossary: str | None
    glossary_entries: int = 0
    tool: str = f"prtranslate {__version__}"

    def header(self, what: str = "MACHINE TRANSLATION") -> str:
        glossary = f"glossary sha256 {self.glossary}" if self.glossary else "no glossary"
        return (f"# {what} — {self.source_lang}→{self.target_lang}, model {self.model}, "
                f"backend {self.backend}, {glossary}, {self.tool}; a draft for a translator to revise")

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "model_fingerprint": self.model_fingerprint, "backend": self.backend,
                "glossary": self.glossary, "tool": self.tool}


@dataclass(frozen=True)
class TranslatedParagraph:
    """One paragraph of the source and its machine translation (list marker kept)."""

    id: int
    kind: str
    marker: str
    source: str
    translation: str
    terms: tuple[TermEnforcement, ...] = ()
    flags: tuple[str, ...] = ()
    origin: str = ORIGIN_MT
    match: float | None = None          # translation-memory match percentage (origin "tm")
    tm_release: str | None = None       # the release the reused translation comes from

    @property
    def mark(self) -> str:
        """Where the text comes from, in text output: ``[MT]``, ``[TM 98%]`` or ``[NO MT]``."""
        if self.origin == ORIGIN_TM:
            return f"[TM {self.match:.0f}%]"
        return NO_MT_MARK if self.origin == ORIGIN_NONE else MT_MARK

    @property
    def check_mark(self) -> str:
        """What a reviser must look at, in text output: ``[CHECK 북극항로]`` (terms the glossary enforcement
        could not fix, or an empty translation); ``""`` when nothing was flagged."""
        what = [f.split(":", 1)[1] for f in self.flags if f.startswith(FLAG_TERM_MISSING)]
        if FLAG_EMPTY in self.flags:
            what.append("empty translation")
        return f"[CHECK {', '.join(what)}]" if what else ""

    @property
    def enforced(self) -> tuple[TermEnforcement, ...]:
        """The terms the translation was changed for (n-best pick or substitution)."""
        return tuple(t for t in self.terms if t.action in (NBEST, SUBSTITUTED))


def flagged_terms(paragraphs: Iterable[TranslatedParagraph]) -> tuple[int, list[str]]:
    """How many paragraphs carry flags, and the glossary terms that could not be made compliant."""
    flagged = [p for p in paragraphs if p.flags]
    terms = {f.split(":", 1)[1] for p in flagged for f in p.flags if f.startswith(FLAG_TERM_MISSING)}
    return len(flagged), sorted(terms)


@dataclass(frozen=True)
class TranslatedDocument:
    """A release translated paragraph by paragraph; boilerplate paragraphs left out (see ``dropped``)."""

    path: str
    paragraphs: tuple[TranslatedParagraph, ...]
    signature: MTSignature
    dropped: tuple[int, ...] = ()
    #: Why paragraphs are origin ``none``: no model could be used for what the memory lacked.
    unavailable: ModelError | None = None


@dataclass(frozen=True)
class FilledParagraph:
    """A paragraph of the completed version: the original, or a machine translation of the other side's."""

    text: str
    origin: str
    id: int | None = None
    source_id: int | None = None
    mt: TranslatedParagraph | None = None


@dataclass(frozen=True)
class FilledDocument:
    """One version of a release completed with machine translations of the paragraphs it lacked."""

    language: str
    paragraphs: tuple[FilledParagraph, ...]
    signature: MTSignature | None
    ko_path: str = ""
    en_path: str = ""
    #: Why paragraphs are origin ``none``: no model could be used for what the memory lacked.
    unavailable: ModelError | None = None

    @property
    def filled(self) -> int:
        return sum(1 for p in self.paragraphs if p.origin != ORIGIN_HUMAN)
