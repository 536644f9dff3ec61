"""Reading a press release into paragraphs: encodings, website boilerplate, titles, list markers, HTML.

Paragraph ids are 0-based positions in reading order, boilerplate included, so an id
always points back to the file. A paragraph is a blank-line-separated block; inside a
block, a line that starts with a list marker (``1.``, ``2)``, ``°``, ``○``, ``ㅇ``, ``-``, ``※``,
``□``, ``①``…) starts a new paragraph, and a website boilerplate line is a paragraph of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from prtranslate.encodings import decode
from prtranslate.errors import InputError, LanguageError
from prtranslate.furniture import (
    DEPARTMENT,
    POSTED,
    VIEWS,
    is_furniture_line,
    is_meta_line,
    scan_lines,
    stands_alone,
)
from prtranslate.inputs import STDIN, STDIN_NAME, check_one_stdin, read_input
from prtranslate.languages import LANGUAGE_NAMES, detect_language
from prtranslate.outputs import display_name, printable

TITLE = "title"
BODY = "body"
BOILERPLATE = "boilerplate"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a release, as it stands in the file (wrapped lines joined by a space)."""

    id: int
    text: str
    kind: str = BODY
    marker: str = ""
    line: int = 0

    @property
    def content(self) -> str:
        """The text without its list marker."""
        return self.text[len(self.marker) :].lstrip() if self.marker else self.text

    @property
    def is_boilerplate(self) -> bool:
        return self.kind == BOILERPLATE


@dataclass(frozen=True)
class Document:
    """A release in one language."""

    paragraphs: tuple[Paragraph, ...]
    language: str
    path: str = "<text>"
    encoding: str = "utf-8"
    #: The page's metadata block (:mod:`prtranslate.furniture`): ``posted`` (ISO date),
    #: ``department``, ``views``… Its lines stay boilerplate paragraphs.
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def content(self) -> tuple[Paragraph, ...]:
        """The paragraphs that take part in alignment (title and body, no boilerplate)."""
        return tuple(p for p in self.paragraphs if p.kind != BOILERPLATE)

    @property
    def boilerplate(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind == BOILERPLATE)

    @property
    def title(self) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.kind == TITLE), None)

    def text(self) -> str:
        """The release as plain text, one paragraph per block."""
        return "\n\n".join(p.text for p in self.paragraphs) + "\n"


def release_meta(ko: Document, en: Document) -> dict[str, str]:
    """The release's page metadata from both versions: ``posted`` (ISO date) and ``department``
    (the Korean page's first, else the English page's), ``views_ko`` / ``views_en``."""
    meta: dict[str, str] = {}
    for name in (POSTED, DEPARTMENT):
        value = ko.meta.get(name) or en.meta.get(name)
        if value:
            meta[name] = value
    for side, doc in (("ko", ko), ("en", en)):
        if doc.meta.get(VIEWS):
            meta[f"views_{side}"] = doc.meta[VIEWS]
    return meta


# --- list markers and boilerplate -------------------------------------------------------------

_MARKER = re.compile(
    r"""^(
        \d{1,2}[.)](?=\s|$)            # 1.  2)
      | \(\d{1,2}\)(?=\s|$)            # (1)
      | [가-하][.)](?=\s)              # 가.  나)
      | [°○◦•·∙●◎◇◆□■▪▶▷►※☞*](?!\S*끝)  # symbol bullets, space optional
      | [-–—](?=\s)                    # dash bullets need a space ("-3%" is not a bullet)
      | ㅇ(?=\s)                       # the Korean sub-point "ㅇ" (a jamo), followed by a space
      | [①-⑳]                          # circled numbers
    )""",
    re.VERBOSE,
)

# "끝." closing the last paragraph on its own line's end, as the ministry's Korean releases do.
_TRAILING_FOOTER = re.compile(r"\s+(끝\.|[-–/<〈]\s*끝\s*[-–/>〉]\.?|/end/|- ?end ?-)$", re.IGNORECASE)


def is_boilerplate_line(line: str) -> bool:
    """True for website navigation, section headers, footers and page metadata lines.

    Lines that are furniture only in context (the value under a "작성일" label, the numbered
    site menu) are found by :func:`prtranslate.furniture.scan_lines` while splitting.
    """
    return is_furniture_line(line)


def list_marker(line: str) -> str:
    """The list marker a line starts with (``"1."``, ``"°"``…), or ``""``."""
    m = _MARKER.match(line.lstrip())
    return m.group(1) if m else ""


_SENTENCE_END = re.compile(r"[.!?。](?:[\"'”’)\]]*)$")
_VERB_END = re.compile(r"다[\"'”’)\]]*$")
# A reposting site's source tag before the title: "[외교부] 제2차 … 개최".
_SOURCE_TAG = re.compile(r"^\[(?:외교부|보도자료|외교부\s*보도자료|MOFA)\]\s*", re.IGNORECASE)


def _looks_like_title(text: str) -> bool:
    """Short, and not a sentence: a headline may end in a verb ("…개최하였다") but not a full stop."""
    text = text.rstrip()
    if _SENTENCE_END.search(text):
        return False
    return len(text) <= (120 if _VERB_END.search(text) else 200)


# --- HTML --------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
    "table", "tr", "dd", "dt", "dl", "blockquote", "pre", "header", "footer", "nav", "body", "title",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "button", "select", "svg", "head", "iframe"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.main_parts: list[str] | None = None
        self._skip = 0
        self._main_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag in ("main", "article"):
            if self._main_depth == 0 and self.main_parts is None:
                self.main_parts = []
            self._main_depth += 1
        if tag == "br":
            self._emit("\n")
        elif tag in _BLOCK_TAGS:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS:
            self._emit("\n\n")
        elif tag in ("td", "th"):
            self._emit(" ")
        if tag in ("main", "article") and self._main_depth:
            self._main_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data:
            # Keep one space at the edges: "Second <b>bold</b> text" must not become "Secondboldtext".
            text = " ".join(data.split())
            lead = " " if data[0].isspace() else ""
            trail = " " if data[-1].isspace() and text else ""
            self._emit(f"{lead}{text}{trail}")

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self._main_depth and self.main_parts is not None:
            self.main_parts.append(text)

    def text(self) -> str:
        parts = self.main_parts if self.main_parts else self.parts
        raw = "".join(parts)
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def html_to_text(html: str) -> str:
    """The main text of an HTML page, blocks separated by blank lines, markup dropped."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


def _is_html(text: str, suffix: str) -> bool:
    if suffix in (".html", ".htm", ".xhtml"):
        return True
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text):
        return True
    # A fragment pasted from the page source: starts with a tag and closes block elements.
    return head.startswith("<") and _HTML_BLOCK_END.search(text) is not None


_HTML_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|table|main|article|section)\s*>", re.IGNORECASE)


# --- parsing -----------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^#{1,6}\s+")


# Each line is read without terminal control (escape sequences such as ESC[2J, whose "2" is no number,
# and C0/C1 control characters: :func:`prtranslate.outputs.printable`) and without invisible format
# characters, so that nothing downstream (numerals, terms, the aligner) sees them; lines stay lines.
# Invisible format characters pasted from web pages (zero-width space, joiners, word joiner, byte
# order mark, soft hyphen, direction marks): "\u200b※ …" after a <br> must still start a note.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split release text into paragraphs (kinds: body or boilerplate; the title is marked later)."""
    return _split(text)[0]


def _split(text: str, join_items: bool = True) -> tuple[list[Paragraph], dict[str, str]]:
    """Paragraphs and the page metadata (posting date, department, view count) of release text;
    with ``join_items`` false, an enumeration item is a paragraph even right under its "□"."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start_line = 0

    def flush() -> None:
        if current:
            joined = " ".join(current)
            footer = _TRAILING_FOOTER.search(joined)
            if footer and footer.start() > 0:
                joined = joined[: footer.start()].rstrip()
            paragraphs.append(Paragraph(id=len(paragraphs), text=joined, marker=list_marker(joined),
                                        line=start_line))
            if footer and footer.start() > 0:
                paragraphs.append(Paragraph(id=len(paragraphs), text=footer.group(0).strip(),
                                            kind=BOILERPLATE, line=start_line + len(current) - 1))
            current.clear()

    lines = [_MD_HEADING.sub("", " ".join(_INVISIBLE.sub("", printable(raw)).replace("\u00a0", " ").split()))
             for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    furniture, meta = scan_lines(lines, lambda line: bool(list_marker(line)) or stands_alone(line))
    for number, line in enumerate(lines, start=1):
        if not line:
            flush()
            continue
        if furniture[number - 1]:
            flush()
            paragraphs.append(Paragraph(id=len(paragraphs), text=line, kind=BOILERPLATE, line=number))
            continue
        alone = stands_alone(line)
        if current and (alone or list_marker(line)) and not (join_items and _continues_list(current[0], line)):
            flush()
        if not current:
            start_line = number
        current.append(line)
        if alone:
            flush()
    flush()
    return paragraphs, meta


# The items of an enumeration ("① …", "가. …", "1) …", "(1) …") written right under the Korean "□"
# paragraph or "ㅇ" sub-point that introduces them, without a blank line, belong to it: they are
# parts of its sentence, which the English writes inline ("(1) …; (2) …"), not paragraphs of their own.
_ITEM = re.compile(r"^(?:[①-⑳]|[가-하][.)]\s|\(?\d{1,2}\)\s)")
_INTRODUCES_ITEMS = frozenset("□■ㅇ○◦")


def _continues_list(first_line: str, line: str) -> bool:
    """True when ``line`` is an enumeration item of the open paragraph that ``first_line`` began."""
    return list_marker(first_line)[:1] in _INTRODUCES_ITEMS and _ITEM.match(line) is not None


# An English paragraph that is an item of an enumeration: "1) …", "(a) …", "a. …", "(ii) …".
_EN_ITEM = re.compile(r"^(?:\(?\d{1,2}\)|\(?[a-z]\)|[a-h]\.|\(?[ivx]{1,4}\)|[①-⑳])\s")


def _items_apart(doc: Document) -> bool:
    """True when the English gives an enumeration's items paragraphs of their own (two or more):
    the Korean items are then read as paragraphs too, so that each meets its own."""
    return sum(1 for p in doc.content if _EN_ITEM.match(p.text)) >= 2


def _title_at(paragraphs: list[Paragraph]) -> int | None:
    """Where the title stands: the first content paragraph, unless the page says otherwise.

    A page puts its title right before the metadata block ("부서명 / 작성일", "Date / hit") or
    marks it with a reposting site's "[외교부]" tag; short names above it (a site or board name
    the furniture rules do not know) are then furniture too.
    """
    content = [i for i, p in enumerate(paragraphs) if p.kind != BOILERPLATE]
    if not content:
        return None
    meta_at = next((i for i, p in enumerate(paragraphs) if p.kind == BOILERPLATE and is_meta_line(p.text)), None)
    tagged = [i for i in content[:4] if _SOURCE_TAG.match(paragraphs[i].text)]
    before_meta = [i for i in content if meta_at is not None and i < meta_at]
    if tagged:
        at = tagged[0]
    elif 1 < len(before_meta) <= 4 and not paragraphs[before_meta[-1]].marker:
        at = before_meta[-1]
    else:
        return content[0]
    head = [i for i in content if i < at]
    if all(_is_name(paragraphs[i]) for i in head):
        for i in head:
            p = paragraphs[i]
            paragraphs[i] = Paragraph(p.id, p.text, BOILERPLATE, p.marker, p.line)
        return at
    return content[0]


_SENTENCE_INSIDE = re.compile(r"[.!?。](?:\s|$)|다(?:\s|$)")


def _is_name(para: Paragraph) -> bool:
    """A short name standing alone ("정책브리핑", "Newsroom"): no marker, no sentence in it."""
    return not para.marker and len(para.text) <= 30 and not _SENTENCE_INSIDE.search(para.text)


def _mark_title(paragraphs: list[Paragraph]) -> list[Paragraph]:
    index = _title_at(paragraphs)
    if index is None:
        return paragraphs
    para = paragraphs[index]
    tag = _SOURCE_TAG.match(para.text)
    marker = tag.group(0).strip() if tag else para.marker
    if (tag or not para.marker) and _looks_like_title(para.text[tag.end():] if tag else para.text):
        paragraphs[index] = Paragraph(para.id, para.text, TITLE, marker, para.line)
    return paragraphs


def parse_text(text: str, language: str | None = None, path: str = "<text>", encoding: str = "utf-8",
               suffix: str = "", join_items: bool = True) -> Document:
    """Parse decoded release text. ``language`` is detected when not given; ``join_items``: the
    items of an enumeration right under a "□" or "ㅇ" belong to its paragraph (:func:`read_pair`
    turns it off when the English gives them paragraphs of their own)."""
    if _is_html(text, suffix):
        text = html_to_text(text)
    paragraphs, meta = _split(text, join_items)
    paragraphs = _mark_title(paragraphs)
    content = " ".join(p.text for p in paragraphs if p.kind != BOILERPLATE)
    if not content.strip():
        raise InputError(f"{path} has no text to align (only website boilerplate or blank lines)")
    detected = detect_language(content)
    if detected is None:
        raise LanguageError(f"{path} has no Korean or English text")
    if language is not None and detected != language:
        raise LanguageError(
            f"{path} looks {LANGUAGE_NAMES[detected]},"
            f" but was given as the {LANGUAGE_NAMES[language]} version"
        )
    return Document(paragraphs=tuple(paragraphs), language=detected, path=path, encoding=encoding, meta=meta)


def read_document(path: str | Path, language: str | None = None) -> Document:
    """Read a release file (text, Markdown or HTML, any supported encoding); ``-`` is standard input.

    The file is refused before it is read when it is not a regular file or is over the input limit
    (:mod:`prtranslate.inputs`)."""
    text, name, encoding, suffix = _read_text(path)
    return parse_text(text, language=language, path=name, encoding=encoding, suffix=suffix)


def _read_text(path: str | Path) -> tuple[str, str, str, str]:
    """The decoded text of a release file, its display name, encoding and suffix."""
    data = read_input(path, "release file")
    name = STDIN_NAME if str(path) == STDIN else display_name(path)
    text, encoding = decode(data, name)
    suffix = "" if str(path) == STDIN else Path(path).suffix.lower()
    return text, name, encoding, suffix


def read_pair(ko_path: str | Path, en_path: str | Path) -> tuple[Document, Document]:
    """Read the Korean and the English version of a release, checking each is in its language."""
    check_one_stdin(ko_path, en_path)
    ko_text, name, encoding, suffix = _read_text(ko_path)
    ko = parse_text(ko_text, path=name, encoding=encoding, suffix=suffix)
    en = read_document(en_path)
    if _items_apart(en):
        ko = parse_text(ko_text, path=name, encoding=encoding, suffix=suffix, join_items=False)
    if ko.language == en.language:
        raise LanguageError(
            f"{ko.path} and {en.path} are both {LANGUAGE_NAMES[ko.language]};"
            " give the Korean and the English version"
        )
    if ko.language != "ko":
        raise LanguageError(f"{ko.path} looks English and {en.path} Korean: give the Korean version first")
    return ko, en
