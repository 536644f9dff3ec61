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


# Encodings are decided on the first few KB, never by decoding a whole file in every candidate.
_SAMPLE = 4096
_PLAUSIBLE_SAMPLE = 65536   # characters checked for plausibility (CP949, Windows-1252)


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, decided on the first 4 KB: ASCII-heavy text has NUL in every other byte;
    Hangul-only text (no NUL) must decode to plausible text there."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    if b"\x00" in sample or _is_utf8(sample):
        # NULs without the UTF-16 pattern (binary), or a valid UTF-8 start: not Hangul-only UTF-16.
        return None
    for name in ("utf-16-le", "utf-16-be"):
        # The sample may end inside a surrogate pair: ignore a last broken unit, nothing else.
        text = sample.decode(name, errors="ignore") if len(sample) < len(data) else _strict(sample, name)
        if text and _plausible_text(text, min_share=0.9):
            return name
    return None


def _strict(data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return ""


def _is_utf8(sample: bytes) -> bool:
    """The sample is UTF-8 (a multibyte character cut at its end allowed)."""
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as err:
        return err.start >= len(sample) - 3 and err.reason == "unexpected end of data"


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


def unicode_text(data: bytes) -> str:
    """A table's text (glossary TSV, termbase CSV): UTF-8 with or without a byte-order mark, or with
    one UTF-16/32, as Excel saves "Unicode Text" (UTF-16 tab-separated). Raises UnicodeDecodeError."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc).lstrip("\ufeff")
    return data.decode("utf-8")


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
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as err:
            raise InputError(f"{name} looks like {utf16.upper()} but is not valid {utf16.upper()}"
                             f" (invalid data at byte {err.start})") from err
    if b"\x00" in data:
        raise InputError(f"{name} is a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible_text(text[:_PLAUSIBLE_SAMPLE]):
        return text, "cp949"
    # An English version saved as "ANSI" on Windows: ASCII with a few typographic quotes or accents.
    if sum(1 for b in data[:_PLAUSIBLE_SAMPLE] if b >= 0x80) <= 0.05 * min(len(data), _PLAUSIBLE_SAMPLE):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if text and _plausible_text(text[:_PLAUSIBLE_SAMPLE]):
            return text, "cp1252"
    if _control_share(data) > 0.05:
        raise InputError(f"{name} is a binary file, not text")
    if _utf8_before(data, utf8_error.start):
        # UTF-8 text up to a bad byte: a truncated or damaged file, not an unknown encoding.
        cut = utf8_error.reason == "unexpected end of data"
        raise InputError(f"{name} is not valid UTF-8: invalid UTF-8 at byte {utf8_error.start}"
                         + (" (the file ends inside a character: cut off?)" if cut else ""))
    raise InputError(f"{name} is in an unknown encoding (tried UTF-8, UTF-16, CP949/EUC-KR, Windows-1252)")


def _utf8_before(data: bytes, position: int) -> bool:
    """Multibyte UTF-8 characters come before ``position``: the file was UTF-8 up to there."""
    prefix = data[max(0, position - _SAMPLE):position]
    try:
        text = prefix.decode("utf-8", errors="ignore")
    except UnicodeDecodeError:  # pragma: no cover - errors="ignore" never raises
        return False
    return sum(1 for ch in text if ord(ch) >= 0x80) >= 2


def _control_share(data: bytes) -> float:
    sample = data[:4000]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return control / max(1, len(sample))
