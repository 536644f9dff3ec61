"""Web page furniture around a pasted press release, and the release metadata it carries.

Editors select a whole ministry page in a browser and paste it (see
``../shared/data/releases/page-anatomy.md``): navigation ("바로가기 메뉴 본문 바로가기"), the
e-government banner, the site menu as a numbered list ("1. 어린이·청소년"), the site and board
names, the metadata block ("부서명 / 작성일 / 조회수", "Date / hit"), the language switch
("KOR"), the English signature and "* unofficial translation" note, the Korean end matter
(붙임, 끝., attachments, survey, address, telephone, copyright) and what reposting sites add
(share buttons, font-size controls, related articles, comments, "무단전재-재배포 금지").

:func:`scan_lines` tells, line by line, which lines are furniture, and reads the metadata
block into :class:`PageMeta`. Rules are exact phrases or tight patterns: a body paragraph
that merely mentions 외교부, a date or a "※" note is never furniture.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# --- fixed phrases ------------------------------------------------------------------------------

# Navigation, share and font-size controls, language switches: a line made only of these (one or
# several, "바로가기 메뉴 본문 바로가기 주메뉴 바로가기") is furniture.
_CONTROLS = (
    "바로가기 메뉴", "본문 바로가기", "주메뉴 바로가기", "주 메뉴 바로가기", "메뉴 바로가기", "본문으로 바로가기",
    "검색창 열기", "검색창 닫기", "검색 열기", "검색 닫기", "전체메뉴 열기", "전체메뉴 닫기", "전체메뉴",
    "전체 메뉴", "메뉴 열기", "메뉴 닫기", "사이트맵", "로그인", "로그아웃", "회원가입", "이전글", "다음글",
    "목록", "목록으로", "인쇄하기", "인쇄", "프린트", "기사 공유하기", "공유하기", "공유", "페이스북", "트위터",
    "카카오톡", "카카오스토리", "네이버 블로그", "블로그", "밴드", "url 복사", "url복사", "링크 복사",
    "주소 복사", "스크랩", "글자크기", "글자 크기", "글씨크기", "글씨 크기", "글자 크게", "글자 작게",
    "글씨 크게", "글씨 작게", "확대", "축소", "가+", "가-", "다운로드", "미리보기", "바로보기", "내려받기",
    "skip to contents", "skip to content", "skip to main content", "skip navigation", "skip to main menu",
    "go to content", "go to main menu", "open search", "close search", "search", "menu", "open menu",
    "close menu", "sitemap", "site map", "print", "list", "share", "facebook", "twitter", "top",
    "back to top", "previous", "next", "prev", "login", "log in", "kor", "eng", "korean", "english",
    "한국어", "영문", "국문", "download", "preview",
    "font size", "a+", "a-",   # a reposting site's font-size controls
    "검색", "통합검색", "검색어 입력", "하위메뉴", "서브메뉴", "맨 위로", "sub menu", "go to list", "back to list",
)
_CONTROL_LINE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s*") for p in sorted(_CONTROLS, key=len, reverse=True))
    + r")(?:\s*[|/·∙ㆍ]\s*|\s+|$))+$",
    re.IGNORECASE,
)

# Site and board names, standing alone.
_NAMES = {
    "보도자료", "보도 자료", "언론보도", "언론 보도", "외교부", "대한민국 외교부", "외교부 보도자료", "브리핑",
    "보도자료·브리핑", "알림·소식", "알림/소식", "press releases", "press release", "ministry of foreign affairs",
    "ministry of foreign affairs, republic of korea", "mofa", "press briefings", "news", "news & announcements",
    "[외교부]", "[보도자료]", "[외교부 보도자료]",
    "정책뉴스", "부처 브리핑", "부처브리핑",   # the government portal's section names, on reposted pages
}

# The site menu, as the numbered list pasted from it ("1. 어린이·청소년 / 2. RSS / 3. ENGLISH"): each item
# is recognised by its name, line by line (a rule over the whole run would read the release's text
# back differently once its lines are joined into paragraphs).
_MENU_ITEMS = {
    "어린이·청소년", "어린이ㆍ청소년", "어린이 청소년", "어린이·청소년 누리집", "rss", "english", "한국어",
    "korean", "日本語", "中文", "español", "français", "русский", "العربية", "로그인", "회원가입",
    "사이트맵", "국민신문고", "정보공개", "누리집 안내", "영사콜센터", "해외안전여행", "재외공관",
    "kor", "eng", "faq", "english site", "korean site", "sns", "블로그", "페이스북", "유튜브", "트위터",
    "인스타그램", "외교부 소개", "정책정보", "알림·소식", "영사·여권", "국민참여", "누리집 가이드",
    "주요 누리집", "관련 누리집", "모바일", "접근성 안내", "개인정보처리방침", "저작권정책",
}

_MENU_NUMBER = re.compile(r"^\d{1,2}[.)]\s*(?P<item>.+)$")

# The end of an English release: the signature and the translation note; what follows is furniture.
_SIGNATURE = re.compile(
    r"^(?:(?:the|mofa|foreign\s+ministry)\s+)?(?:deputy\s+)?"
    r"(?:spokesperson(?:['’]s\s+office)?|office\s+of\s+the\s+spokesperson|press\s+office)"  # "Spokesperson and Deputy
    r"(?:\s+and\s+deputy\s+minister\s+for\s+public\s+relations)?"          #  Minister for Public
    r"(?:\s*(?:of|,)\s*(?:the\s+)?(?:mofa|ministry\s+of\s+foreign\s+affairs)"  #  Relations of MOFA"
    r"(?:\s*(?:of\s+the\s+|,\s*)republic\s+of\s+korea)?)?\.?$"
    r"|^(?:외교부\s*)?(?:부)?대변인(?:실)?$",                                      # "외교부 대변인"
    re.IGNORECASE)
_UNOFFICIAL = re.compile(   # "* unofficial translation", "* This is an unofficial translation."
    r"^[*※(\[]?\s*(?:this\s+is\s+(?:an?\s+)?)?unofficial\s+(?:english\s+)?translation"
    r"(?:\s+only)?\s*\.?\s*[)\]]?\.?$", re.IGNORECASE)

#: A Korean telephone number: 02-2100-7000, 02) 2100-7000, +82-2-2100-7000.
PHONE = r"(?:\+82[-\s.]?(?:\(0\))?\d{1,2}|\(?0\d{1,2}\)?)[-\s.)]+\d{3,4}[-\s.]\d{4}"

_ATTACHED = re.compile(r"^붙임\s*(?:\d{1,2}\s*[.)]?)?\s*(?:[:：]|\s|$)")
# The further items of an attachment list, a line each under "붙임 : 1. 회의 사진 1부.": "2. 명단 1부. 끝."
_ATTACHED_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[가-하][.)]|[-·•])\s*\S.{0,60}$")

# A government body's name ("외교부", "국무조정실", "MOFA") and a posting date-time, for the line below.
_SOURCE = r"(?:[가-힣·]{1,12}(?:부|처|청|원|실|위원회)|[A-Z]{2,8})"
_POSTED_AT = r"\d{4}[-./]\s?\d{1,2}[-./]\s?\d{1,2}\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"

_PATTERNS = [
    # the e-government banner
    re.compile(r"^eg\s*\(전자정부\)|공식\s*전자정부\s*누리집", re.IGNORECASE),
    # breadcrumbs: 홈 > 알림·소식 > 보도자료
    re.compile(r"^(?:홈|home)\s*[>›»]", re.IGNORECASE),   # _BREADCRUMBS
    # the open-government licence banner: "공공누리 제1유형 …", "KOGL Type 1"
    re.compile(r"^(?:공공누리|kogl)$|^.{0,40}(?:공공누리|\bkogl\b|korea\s+open\s+government\s+licen[cs]e)"
               r"\s*(?:제\s*\d\s*유형|type\s*\d).{0,60}$", re.IGNORECASE),
    # a reposting site's date-and-source line: "2022.09.02 외교부", "외교부 2022-09-02 14:00"
    re.compile(r"^(?:" + _SOURCE + r"\s+" + _POSTED_AT + r"|" + _POSTED_AT + r"\s+" + _SOURCE + r")$"),
    # previous / next release links
    re.compile(r"^(?:이전\s?글|다음\s?글)(?:\s*[:：]|\s)"),
    _SIGNATURE,
    _UNOFFICIAL,
    # Korean end matter: "붙임 : 회의 사진. 끝.", "붙임 1. 참고자료"
    _ATTACHED,
    # attachments: a label, or a file name with its size
    re.compile(r"^(?:첨부\s*파일|첨부\s*문서|첨부|attachments?|files?)\s*(?:\(\d+\))?\s*(?:[:：].*)?$",
               re.IGNORECASE),
    re.compile(r"^\S.{0,150}\.(?:hwpx?|pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|zip|txt)"
               r"(?:\s*[\[(]?\s*\d+(?:[.,]\d+)?\s*(?:[KMG]i?B|bytes?|바이트)\s*[\])]?)?"
               r"(?:\s*(?:다운로드|미리보기|바로보기|내려받기|download|preview))*$", re.IGNORECASE),
    # satisfaction survey
    re.compile(r"^(?:콘텐츠\s*|페이지\s*)?만족도\s*(?:조사|평가)?(?:\s*(?:하기|참여))?$"),
    re.compile(r"만족하(?:십니까|셨습니까|시나요)\s*\?$"),
    re.compile(r"^(?:(?:매우\s*)?불?만족|보통|평가하기|의견\s*보내기|제출)"
               r"(?:\s+(?:(?:매우\s*)?불?만족|보통|평가하기|의견\s*보내기|제출))*$"),
    # address, telephone
    re.compile(r"^(?:주소\s*[:：]?\s*)?\(?\d{5}\)?\s*(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충청|"
               r"전라|경상|제주)\S*\s+\S+[구시군]\s"),
    re.compile(r"^(?:주소\s*[:：]?\s*)?(?:\(?\d{5}\)?\s*)?서울(?:특별시)?\s*종로구\s*사직로"),
    re.compile(r"^(?:address\s*[:：]?\s*)?\d+,?\s+sajik-ro\b", re.IGNORECASE),
    re.compile(r"^(?:대표\s*)?(?:전화(?:번호)?|대표번호|팩스|tel|fax|phone|민원\s*안내)\s*[.:：]?\s*"
               + PHONE + r"(?:\s*[|/,]\s*.{0,60})?$", re.IGNORECASE),
    re.compile(r"^" + PHONE + r"(?:\s*[|/,]\s*" + PHONE + r")*$"),
    # copyright, reposting notices
    re.compile(r"^[<\[(]?\s*(?:copyright\b|ⓒ|©|\(c\)\s)", re.IGNORECASE),
    re.compile(r"all\s+rights\s+reserved", re.IGNORECASE),
    re.compile(r"무단\s*(?:전재|복제).{0,12}재배포\s*금지|^[<\[(]?\s*재배포\s*금지"),
    re.compile(r"^[<\[(]?\s*저작권자\s*[ⓒ©(]"),
    # reposting sites: related articles, comments
    re.compile(r"^(?:관련\s*기사|관련\s*뉴스|관련\s*보도자료|이\s*기사와\s*관련된\s*기사|많이\s*본\s*(?:뉴스|기사)|"
               r"인기\s*기사|최신\s*기사|추천\s*기사|related\s+(?:articles|news))(?:\s*\d+)?$", re.IGNORECASE),
    re.compile(r"^(?:댓글|전체\s*댓글|댓글\s*쓰기|댓글\s*작성|comments?)(?:\s*[(\[]?\s*\d+\s*[)\]]?)?$",
               re.IGNORECASE),
    re.compile(r"댓글을\s*(?:작성|남기|입력|달)"),
    re.compile(r"^\d+\s*/\s*\d+\s*(?:자|bytes?)?$"),
    # language switch or board names glued to a bar: "KOR | ENG"
]
_FOOTER = re.compile(r"^[\s\-–—/<〈(\[]*(끝|end)[\s\-–—/>〉)\].]*$", re.IGNORECASE)

# Headers after which reposting sites list other articles or comments: short lines there are furniture.
_TRAILER_HEADER = re.compile(
    r"^(?:관련\s*기사|관련\s*뉴스|이\s*기사와\s*관련된\s*기사|많이\s*본\s*(?:뉴스|기사)|인기\s*기사|최신\s*기사|"
    r"추천\s*기사|related\s+(?:articles|news)|댓글|전체\s*댓글|comments?)(?:\s*[(\[]?\s*\d+\s*[)\]]?)?$",
    re.IGNORECASE)

# Older "label: value" metadata forms, kept as they were recognised before.
_COLON_META = re.compile(
    r"^(담당\s*부서|담당자|작성일|등록일|조회수?|첨부\s*파일|첨부|department|date|hits|views|attachments?|"
    r"contact|written by|posted)\s*[:：]",
    re.IGNORECASE,
)

# --- the metadata block -------------------------------------------------------------------------

POSTED = "posted"
DEPARTMENT = "department"
VIEWS = "views"
UPDATED = "updated"
WRITER = "writer"
CONTACT = "contact"

# English name-valued labels ("Department of State…", "Author Han Kang…") would swallow titles:
# English pages carry only "Date" and "hit", whose values are a date and a count.
_LABELS = {
    DEPARTMENT: ("부서명", "담당부서", "담당 부서", "작성부서"),
    POSTED: ("작성일", "작성일자", "등록일", "등록일자", "게시일", "기사입력", "입력", "등록", "보도일시", "보도일자",
             "배포일시", "date", "posted",
             "date posted"),
    UPDATED: ("수정일", "수정", "승인"),
    VIEWS: ("조회수", "조회", "hits", "hit", "views"),
    WRITER: ("작성자", "담당자"),
    CONTACT: ("연락처",),
}
_NAMED = (DEPARTMENT, WRITER, CONTACT)
_LABEL_FIELD = {label: name for name, labels in _LABELS.items() for label in labels}
_LABEL = re.compile(
    r"(?:^|(?<=[\s|/·]))(?P<label>"
    + "|".join(re.escape(x).replace(r"\ ", r"\s") for x in sorted(_LABEL_FIELD, key=len, reverse=True))
    + r")(?=\s|[:：|]|$|(?<=[가-힣])\d)",
    re.IGNORECASE,
)
_DATE_VALUE = re.compile(
    r"^(?P<y>\d{4})\s*(?:[-./]\s*|년\s*)(?P<m>\d{1,2})\s*(?:[-./]\s*|월\s*)(?P<d>\d{1,2})\s*[.일]?"
    r"(?:\s*\(\s*[월화수목금토일]\s*\))?(?:\s*(?:오전|오후|AM|PM)?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM))?)?$",
    re.IGNORECASE,
)
_COUNT_VALUE = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d{1,9}$")
_PHONE_VALUE = re.compile(r"^" + PHONE + r"$")
_NAME_VALUE = re.compile(r"^[^\x00-\x1f\x7f-\x9f.!?。]{1,40}$")


def iso_date(text: str) -> str | None:
    """``2023-06-09`` for a posting date written ``2023-06-09``, ``2023.6.9.``, ``2023년 6월 9일``…"""
    m = _DATE_VALUE.match(text.strip())
    if not m:
        return None
    try:
        return datetime.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None


def _value(name: str, text: str) -> str | None:
    text = text.strip(" :：|/·\t")
    if name in (POSTED, UPDATED):
        return iso_date(text)
    if name == VIEWS:
        return text.replace(",", "") if _COUNT_VALUE.match(text) else None
    if name == CONTACT and _PHONE_VALUE.match(text):
        return text
    if _NAME_VALUE.match(text) and not text.endswith("다") and not _LABEL.match(text):
        return text
    return None


@dataclass(frozen=True)
class MetaLine:
    """A metadata line: its ``(field, value)`` pairs; ``weak`` when it needs a metadata neighbour.

    A value ``""`` is a bare label whose value is on the next line.
    """

    pairs: tuple[tuple[str, str], ...]
    weak: bool = False

    @property
    def pending(self) -> tuple[str, ...]:
        """The fields whose values come on the next line."""
        if all(not value for _, value in self.pairs):
            return tuple(name for name, _ in self.pairs)
        return (self.pairs[-1][0],) if not self.pairs[-1][1] else ()


def parse_meta_line(line: str) -> MetaLine | None:
    """The metadata of a line, or None when the line is not a metadata line.

    ``"Date 2023-06-09 hit 1131"`` → ``(("posted", "2023-06-09"), ("views", "1131"))``; a bare
    label (``"작성일"``) or a row of labels (``"부서명 작성일 조회수"``) has its values on the next line.
    A single Korean name-valued label without a colon (``"담당자 기후환경과학외교국"``) is weak: a
    title such as "담당자 교육 실시" would read the same.
    """
    matches = list(_LABEL.finditer(line))
    if not matches or matches[0].start() != 0:
        return None
    pairs: list[tuple[str, str]] = []
    for index, m in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        segment = line[m.end():end].strip(" :：|/·\t")
        name = _LABEL_FIELD[" ".join(m["label"].lower().split())]
        if not segment:
            pairs.append((name, ""))
            continue
        value = _value(name, segment)
        if value is None:
            return None
        pairs.append((name, value))
    filled = [value for _, value in pairs if value]
    if filled and any(not value for _, value in pairs[:-1]):
        return None   # "부서명 작성일 2023-06-09": a label without its value in the middle
    colon = re.match(r"\s*[:：]", line[matches[0].end():]) is not None
    weak = len(pairs) == 1 and pairs[0][0] in _NAMED and bool(pairs[0][1]) and not colon
    return MetaLine(tuple(pairs), weak)


def is_meta_line(line: str) -> bool:
    """A line of a metadata block: "작성일 2023-06-09", "Date 2023-06-09 hit 1131", a bare "부서명"."""
    text = " ".join(line.split())
    meta = parse_meta_line(text) if len(text) <= 120 else None
    return meta is not None and not meta.weak


def stands_alone(line: str) -> bool:
    """A line that reads like one metadata field ("담당자 홍길동") is a paragraph of its own.

    It is furniture only next to a metadata line; kept as content, it must not be joined with
    the next line, or reading the release's text back would give a different paragraph.
    """
    meta = parse_meta_line(" ".join(line.split())) if len(line) <= 120 else None
    return meta is not None and meta.weak


def _values_row(names: Sequence[str], text: str) -> list[tuple[str, str]] | None:
    """The values under a row of labels: ``기후환경과학외교국 2023-06-09 2814``."""
    tokens = text.split()
    values: list[tuple[str, str]] = []
    for position in range(len(names) - 1, -1, -1):
        name = names[position]
        if name in _NAMED:
            if position != 0:
                return None
            value = _value(name, " ".join(tokens))
            tokens = []
        else:
            value = None
            for k in range(1, min(4, len(tokens)) + 1):
                value = _value(name, " ".join(tokens[-k:]))
                if value is not None:
                    tokens = tokens[:-k]
                    break
        if value is None:
            return None
        values.append((name, value))
    return None if tokens else values[::-1]


# --- line by line -------------------------------------------------------------------------------


def _keep(meta: dict[str, str], name: str, value: str) -> None:
    """The first value of a field wins (a reposting site's own dates come later)."""
    if value and name not in meta:
        meta[name] = value


def _plain(line: str) -> str:
    return " ".join(line.split())


def is_furniture_line(line: str) -> bool:
    """True for a line that is page furniture wherever it stands (no context needed)."""
    text = _plain(line)
    if not text:
        return False
    return _furniture(text)


@functools.lru_cache(maxsize=4096)
def _furniture(text: str) -> bool:
    lower = text.lower().rstrip(":")
    if lower in _NAMES or _CONTROL_LINE.match(text) or _FOOTER.match(text):
        return True
    if len(text) <= 160 and any(p.search(text) for p in _PATTERNS):
        return True
    m = _MENU_NUMBER.match(text)
    if m and m["item"].lower() in _MENU_ITEMS:
        return True
    if len(text) <= 80 and _COLON_META.match(text):
        return True
    meta = parse_meta_line(text) if len(text) <= 120 else None
    return meta is not None and not meta.weak


_SENTENCE_END = re.compile(r"(?:[.!?。]|다)[\"'”’)\]]*$")


def _is_short_line(text: str) -> bool:
    return len(text) <= 80 and not _SENTENCE_END.search(text)


def scan_lines(lines: Sequence[str], opens_paragraph: Callable[[str], bool] = lambda line: False,
               ) -> tuple[list[bool], dict[str, str]]:
    """Which lines are furniture (blank lines: False), and the page metadata found among them.

    Beyond :func:`is_furniture_line`: the value line under a bare metadata label
    ("작성일" / "2023-06-09"), a weak metadata line next to another metadata line, a reposting
    site's name above its breadcrumbs, and, after the Korean end mark ("끝."), the English
    signature or translation note, or a reposting site's "관련기사" / "댓글" header, the short
    lines that follow (previous/next links, related titles). ``opens_paragraph`` tells a
    line that starts a paragraph of its own (a list marker).
    """
    texts = [_plain(line) for line in lines]
    furniture = [False] * len(texts)
    meta: dict[str, str] = {}
    parsed = [parse_meta_line(t) if t and len(t) <= 120 else None for t in texts]
    alone = [bool(t) and is_furniture_line(t) for t in texts]   # furniture wherever it stands
    nonblank = [k for k, t in enumerate(texts) if t]
    neighbours = {k: (nonblank[i - 1] if i else None, nonblank[i + 1] if i + 1 < len(nonblank) else None)
                  for i, k in enumerate(nonblank)}
    pending: tuple[str, ...] = ()
    trailer = False
    attached = False   # in the list under "붙임" (no blank line since)
    index = 0
    while index < len(texts):
        text = texts[index]
        if not text:
            attached = False
            index += 1
            continue
        if pending:
            names, pending = pending, ()
            row = (_values_row(names, text) if len(names) > 1
                   else [(names[0], v)] if (v := _value(names[0], text)) is not None else None)
            if row is not None:
                furniture[index] = True
                for name, value in row:
                    _keep(meta, name, value)
                index += 1
                continue
        line_meta = parsed[index]
        if line_meta is not None and line_meta.weak:
            before, after = neighbours[index]
            if not any(n is not None and parsed[n] is not None and not parsed[n].weak  # type: ignore[union-attr]
                       for n in (before, after)):
                line_meta = None
        if line_meta is not None:
            furniture[index] = True
            for name, value in line_meta.pairs:
                _keep(meta, name, value)
            pending = line_meta.pending
        elif (alone[index] or (trailer and _is_short_line(text))
              or (attached and _ATTACHED_ITEM.match(text))):
            furniture[index] = True
        attached = furniture[index] and (attached or bool(_ATTACHED.match(text)))
        # The end mark ends the release when it ends its paragraph (a blank or furniture line next).
        closes = (index + 1 == len(texts) or not texts[index + 1] or alone[index + 1]
                  or opens_paragraph(texts[index + 1]))
        if ((_ENDS.search(text) and (furniture[index] or closes)) or _TRAILER_HEADER.match(text)
                or _SIGNATURE.match(text) or _UNOFFICIAL.match(text)):
            trailer = True
        index += 1
    _site_header(texts, furniture)
    return furniture, meta


_BREADCRUMBS = re.compile(r"^(?:홈|home)\s*[>›»]", re.IGNORECASE)


def _site_header(texts: Sequence[str], furniture: list[bool]) -> None:
    """A reposting site's name above its breadcrumbs ("정책뉴스" / "홈 > 뉴스 > 보도자료") is furniture."""
    crumbs = next((k for k, t in enumerate(texts) if _BREADCRUMBS.match(t)), None)
    if crumbs is None:
        return
    head = [k for k in range(crumbs) if texts[k] and not furniture[k]]
    # Names only: short, no sentence anywhere in them, no list marker.
    if all(len(texts[k]) <= 20 and not _SENTENCE_INSIDE.search(texts[k]) and not _MENU_NUMBER.match(texts[k])
           for k in head):
        for k in head:
            furniture[k] = True


_SENTENCE_INSIDE = re.compile(r"[.!?。](?:\s|$)|다(?:\s|$)")


# The Korean end mark, alone or closing a line: "끝.", "- 끝 -", "…하였다. 끝.", "붙임 : 사진. 끝."
_ENDS = re.compile(r"(?:^|\s)(?:끝\.?|[-–/<〈(]\s*끝\s*[-–/>〉)]\.?)$")
