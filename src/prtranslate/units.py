"""The units an alignment pairs: paragraphs of a release, or sentences inside them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Unit(Protocol):
    """What the aligner needs of a paragraph or a sentence."""

    @property
    def id(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class Sentence:
    """A sentence of a release: ``id`` counts sentences in reading order, ``paragraph`` is its paragraph's id."""

    id: int
    text: str
    paragraph: int
    kind: str = "body"
