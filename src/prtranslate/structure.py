"""What a paragraph is in a release's structure, from its list marker: a body paragraph, a sub-point or a note.

Korean releases open a paragraph with "□" (English: "1."), a sub-point with "ㅇ", "○", "◦" or "-"
(English: "°" or "-"), and a note with "※" or "*" (English: "*"). Translators often leave Korean
notes out or fold a sub-point into its paragraph, so the aligner and the check treat the three
differently: a note without a counterpart is expected, a missing body paragraph is not.
"""

from __future__ import annotations

PARAGRAPH = "paragraph"
SUB_POINT = "sub_point"
NOTE = "note"
ROLES = (PARAGRAPH, SUB_POINT, NOTE)

_NOTE_MARKERS = frozenset("※*☞")
_SUB_MARKERS = frozenset("ㅇ○◦°•·∙●◎◇◆▪▶▷►-–—")


def role_of(marker: str) -> str:
    """The role of a paragraph opened by ``marker`` ("□", "1.", "ㅇ", "°", "※", "*" or "")."""
    if not marker:
        return PARAGRAPH
    if marker in _NOTE_MARKERS:
        return NOTE
    if marker in _SUB_MARKERS:
        return SUB_POINT
    return PARAGRAPH


def unit_role(unit: object) -> str:
    """The role of a paragraph (or of a sentence's paragraph: sentences carry no marker, so PARAGRAPH)."""
    return role_of(getattr(unit, "marker", "") or "")
