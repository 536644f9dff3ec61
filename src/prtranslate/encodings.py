"""Decoding release files whose encoding nobody tells us: UTF-8 (BOM or not), UTF-16/32, CP949/EUC-KR.

Windows-1252 is the last resort, for English text saved as "ANSI" (mostly ASCII).
"""

from __future__ import annotations

import codecs
import unicodedata

from prtranslate.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    # Hangul-only UTF-16 has no NUL bytes; try it and keep it if it decodes to Hangul text.
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _plausible_text(text, min_share=0.9):
            return name
    return None


def _plausible_text(text: str, min_share: float = 0.97) -> bool:
    """True when nearly every character is one a press release could contain."""
    if not text:
        return False
    good = 0
    for ch in text:
        if ch in "\n\r\t" or ch.isspace():
            good += 1
            continue
        cat = unicodedata.category(ch)
        if cat[0] in "LNPSZ" and cat != "Co" and not ("\uac00" > ch >= "\u3400"):
            # Letters outside Hangul/Latin (e.g. CJK ideographs decoded from random bytes) are rare here.
            good += 1
    return good / len(text) >= min_share


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a release file, or raise :class:`InputError`."""
    if not data.strip():
        raise InputError(f"{name} is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc).lstrip("\ufeff")
            except UnicodeDecodeError as err:
                raise InputError(
                    f"{name} starts with a {enc} byte-order mark but is not valid {enc}"
                ) from err
            if not text.strip():
                raise InputError(f"{name} is empty")
            return text, enc
    utf16 = _looks_like_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    if b"\x00" in data:
        raise InputError(f"{name} is a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible_text(text):
        return text, "cp949"
    # An English version saved as "ANSI" on Windows: ASCII with a few typographic quotes or accents.
    if sum(1 for b in data if b >= 0x80) <= 0.05 * len(data):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if text and _plausible_text(text):
            return text, "cp1252"
    if _control_share(data) > 0.05:
        raise InputError(f"{name} is a binary file, not text")
    raise InputError(f"{name} is in an unknown encoding (tried UTF-8, UTF-16, CP949/EUC-KR, Windows-1252)")


def _control_share(data: bytes) -> float:
    sample = data[:4000]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return control / max(1, len(sample))
