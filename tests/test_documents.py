"""The release reader: encodings, website boilerplate, list markers, titles, HTML and Markdown, ids."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prtranslate.documents import (
    BODY,
    BOILERPLATE,
    TITLE,
    html_to_text,
    is_boilerplate_line,
    list_marker,
    parse_text,
    read_document,
    read_pair,
)
from prtranslate.errors import InputError, LanguageError

KO_RELEASE = """바로가기 메뉴
본문 바로가기
주메뉴 바로가기
검색창 열기

보도자료

제4차 한-러 북극협의회 개최

1. 외교부는 2020년 11월 19일(목) 모스크바에서
제4차 한-러 북극협의회를 개최하였다.

° 양국은 북극항로, 조선 등 다양한 분야에서 교류를 이어오고 있다.

2. 양국 수석대표는 양국 수교 30주년을 기념하였다.  끝.
"""
KO_TEXTS = [
    "바로가기 메뉴",
    "본문 바로가기",
    "주메뉴 바로가기",
    "검색창 열기",
    "보도자료",
    "제4차 한-러 북극협의회 개최",
    "1. 외교부는 2020년 11월 19일(목) 모스크바에서 제4차 한-러 북극협의회를 개최하였다.",
    "° 양국은 북극항로, 조선 등 다양한 분야에서 교류를 이어오고 있다.",
    "2. 양국 수석대표는 양국 수교 30주년을 기념하였다.",
    "끝.",
]
KO_KINDS = [BOILERPLATE] * 5 + [TITLE, BODY, BODY, BODY, BOILERPLATE]

EN_RELEASE = """Press Releases

4th Korea-Russia Arctic Consultation Takes Place

1. The Ministry held the 4th Korea-Russia Arctic Consultation in Moscow on
November 19, 2020 (local time).

° The two countries celebrated the “30th anniversary” of their relations – café.
"""


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


# --- encodings ---------------------------------------------------------------------------------

ENCODINGS = [
    # (case, bytes of the Korean release, encoding the reader reports)
    ("utf-8", KO_RELEASE.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", codecs.BOM_UTF8 + KO_RELEASE.encode("utf-8"), "utf-8-sig"),
    ("utf-16 LE BOM", codecs.BOM_UTF16_LE + KO_RELEASE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE BOM", codecs.BOM_UTF16_BE + KO_RELEASE.encode("utf-16-be"), "utf-16-be"),
    ("utf-16 LE no BOM", KO_RELEASE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE no BOM", KO_RELEASE.encode("utf-16-be"), "utf-16-be"),
    ("cp949", KO_RELEASE.encode("cp949"), "cp949"),
    ("euc-kr", KO_RELEASE.encode("euc-kr"), "cp949"),  # EUC-KR is a subset of CP949
    ("utf-8 CRLF", KO_RELEASE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ("cp949 CRLF", KO_RELEASE.replace("\n", "\r\n").encode("cp949"), "cp949"),
    (
        "utf-16 LE BOM CRLF",
        codecs.BOM_UTF16_LE + KO_RELEASE.replace("\n", "\r\n").encode("utf-16-le"),
        "utf-16-le",
    ),
    ("old Mac CR", KO_RELEASE.replace("\n", "\r").encode("utf-8"), "utf-8"),
]


@pytest.mark.parametrize(("data", "encoding"), [c[1:] for c in ENCODINGS], ids=[c[0] for c in ENCODINGS])
def test_korean_encodings(tmp_path, data, encoding):
    path = tmp_path / "release.ko.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == encoding
    assert doc.language == "ko"
    assert _texts(doc) == KO_TEXTS
    assert [p.kind for p in doc.paragraphs] == KO_KINDS


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (EN_RELEASE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + EN_RELEASE.encode("utf-8"), "utf-8-sig"),
        (
            EN_RELEASE.encode("utf-16"),
            "utf-16-le" if codecs.BOM_UTF16 == codecs.BOM_UTF16_LE else "utf-16-be",
        ),
        (EN_RELEASE.encode("utf-16-le"), "utf-16-le"),
        (EN_RELEASE.encode("utf-16-be"), "utf-16-be"),
        (EN_RELEASE.replace("\n", "\r\n").encode("cp1252"), "cp1252"),  # "ANSI" from Windows
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 BOM", "utf-16 LE no BOM", "utf-16 BE no BOM", "cp1252 CRLF"],
)
def test_english_encodings(tmp_path, data, encoding):
    path = tmp_path / "release.en.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == encoding
    assert doc.language == "en"
    assert (
        _texts(doc)[-1] == "° The two countries celebrated the “30th anniversary” of their relations – café."
    )
    assert [p.kind for p in doc.paragraphs] == [BOILERPLATE, TITLE, BODY, BODY]


BAD_FILES = [
    ("empty", b"", "is empty"),
    ("blank lines", b"  \n\n\t\r\n", "is empty"),
    ("utf-8 BOM only", codecs.BOM_UTF8 + b"\n", "is empty"),
    ("utf-16 BOM only", codecs.BOM_UTF16_LE, "is empty"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200), "binary"),
    ("all bytes", bytes(range(256)) * 8, "binary"),
    ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(1, 200)), "binary"),
    ("undecodable", b"Hello \x81\x20\x8d\x20\x90\x20\x9d world, \x81\x8d\x8f\x90" * 4, "unknown encoding"),
    ("bad utf-8 after BOM", codecs.BOM_UTF8 + b"abc \xff\xfe\xfd def", "not valid utf-8"),
    ("only boilerplate", "바로가기 메뉴\n본문 바로가기\n\n보도자료\n\n끝.\n".encode(), "no text to align"),
    ("no letters", b"2020 11 19\n\n1234\n", "no Korean or English text"),
]


@pytest.mark.parametrize(("data", "message"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_files(tmp_path, data, message):
    path = tmp_path / "release.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_document(path)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)


def test_language_checks(tmp_path):
    ko = tmp_path / "a.ko.txt"
    en = tmp_path / "a.en.txt"
    ko.write_text(KO_RELEASE, encoding="utf-8")
    en.write_text(EN_RELEASE, encoding="utf-8")
    assert [d.language for d in read_pair(ko, en)] == ["ko", "en"]
    with pytest.raises(LanguageError, match="both Korean"):
        read_pair(ko, ko)
    with pytest.raises(LanguageError, match="both English"):
        read_pair(en, en)
    with pytest.raises(LanguageError, match="Korean version first"):
        read_pair(en, ko)
    with pytest.raises(LanguageError, match="looks Korean"):
        read_document(ko, language="en")


def test_english_page_with_korean_menu_is_english(arctic):
    doc = read_document(arctic[1])
    assert doc.language == "en"
    assert [p.kind for p in doc.paragraphs[:5]] == [BOILERPLATE] * 5


# --- boilerplate -------------------------------------------------------------------------------

NAVIGATION = [
    "바로가기 메뉴",
    "본문 바로가기",
    "주메뉴 바로가기",
    "검색창 열기",
    "전체메뉴",
    "사이트맵",
    "이전글",
    "다음글",
    "목록",
    "인쇄",
    "공유하기",
    "보도자료",
    "Press Releases",
    "Press Release",
    "Skip to content",
    "Skip to main content",
    "Open search",
    "Sitemap",
    "Back to top",
    "Ministry of Foreign Affairs",
    "외교부",
    "담당부서: 북방협력과",
    "작성일: 2020-11-19",
    "조회수: 1234",
    "Date: 2020-11-19",
    "Attachments: release.hwp",
]
FOOTERS = ["끝.", "끝", "- 끝 -", "-끝-", "<끝>", "〈끝〉", "/끝/", "(끝)", "- End -", "/end/", "END"]
NOT_BOILERPLATE = [
    "보도자료를 배포하였다.",
    "외교부는 회의를 개최하였다.",
    "The Press Releases section was updated.",
    "끝까지 협력하기로 하였다.",
    "End of the session was marked by a dinner.",
    "Search and rescue cooperation",
    "Date of the meeting is not yet fixed",
]


@pytest.mark.parametrize("line", NAVIGATION + FOOTERS)
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)
    assert is_boilerplate_line(f"  {line}  ")


@pytest.mark.parametrize("line", NOT_BOILERPLATE)
def test_content_lines_are_not_boilerplate(line):
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize("footer", FOOTERS)
def test_footer_on_its_own_line(footer):
    doc = parse_text(f"제목\n\n1. 본문이다.\n\n{footer}\n")
    assert [(p.text, p.kind) for p in doc.paragraphs] == [
        ("제목", TITLE),
        ("1. 본문이다.", BODY),
        (footer, BOILERPLATE),
    ]


@pytest.mark.parametrize(
    ("ending", "footer"),
    [
        (" 끝.", "끝."),
        ("  끝.", "끝."),
        (" - 끝 -", "- 끝 -"),
        (" <끝>", "<끝>"),
        (" /끝/", "/끝/"),
        (" /End/", "/End/"),
        (" - end -", "- end -"),
    ],
)
def test_footer_inline_at_paragraph_end(ending, footer):
    doc = parse_text(f"제목\n\n1. 첫째 문단이다.\n\n2. 마지막 문단이다.{ending}\n")
    assert [(p.id, p.text, p.kind, p.line) for p in doc.paragraphs] == [
        (0, "제목", TITLE, 1),
        (1, "1. 첫째 문단이다.", BODY, 3),
        (2, "2. 마지막 문단이다.", BODY, 5),
        (3, footer, BOILERPLATE, 5),
    ]


def test_inline_footer_on_wrapped_paragraph_points_at_its_line():
    doc = parse_text("제목\n\n1. 마지막 문단은\n두 줄이다. 끝.\n")
    assert doc.paragraphs[-1].text == "끝."
    assert doc.paragraphs[-1].line == 4
    assert doc.paragraphs[-2].text == "1. 마지막 문단은 두 줄이다."


def test_word_ending_in_kkeut_is_not_a_footer():
    doc = parse_text("제목\n\n1. 회의는 오후 늦게 끝\n")
    assert [p.kind for p in doc.paragraphs] == [TITLE, BODY]


def test_navigation_block_lines_are_separate_paragraphs():
    doc = parse_text(
        "바로가기 메뉴\n본문 바로가기\nPress Releases\nTitle of the release\n\nBody text here.\n"
    )
    assert [(p.text, p.kind, p.line) for p in doc.paragraphs] == [
        ("바로가기 메뉴", BOILERPLATE, 1),
        ("본문 바로가기", BOILERPLATE, 2),
        ("Press Releases", BOILERPLATE, 3),
        ("Title of the release", TITLE, 4),
        ("Body text here.", BODY, 6),
    ]
    assert doc.title is not None and doc.title.text == "Title of the release"
    assert [p.id for p in doc.content] == [3, 4]
    assert [p.id for p in doc.boilerplate] == [0, 1, 2]


# --- list markers and wrapped lines ------------------------------------------------------------

MARKERS = ["1.", "2)", "(3)", "10.", "가.", "나)", "°", "○", "◦", "ㅇ", "①", "•", "-", "–", "※", "□", "■", "▶", "*"]


@pytest.mark.parametrize("marker", MARKERS)
def test_list_marker_starts_a_paragraph(marker):
    doc = parse_text(f"제목\n\n1. 첫 문단은\n두 줄이다.\n{marker} 항목이다.\n이어지는 줄이다.\n")
    assert [(p.text, p.marker, p.line) for p in doc.paragraphs[1:]] == [
        ("1. 첫 문단은 두 줄이다.", "1.", 3),
        (f"{marker} 항목이다. 이어지는 줄이다.", marker, 5),
    ]
    assert doc.paragraphs[2].content == "항목이다. 이어지는 줄이다."


@pytest.mark.parametrize("marker", ["°", "○", "※", "□"])
def test_symbol_markers_need_no_space(marker):
    assert list_marker(f"{marker}항목") == marker


@pytest.mark.parametrize(
    "line",
    [
        "-3% 감소하였다.",
        "2020. 11. 19.",
        "1.5배 증가하였다.",
        "2020년 11월",
        "30th anniversary",
        "Mr. Kim",
        "A. Smith said",
        "100) 이상",
    ],
)
def test_not_list_markers(line):
    assert list_marker(line) == ""
    doc = parse_text(f"Title\n\nThe paragraph goes on\n{line}\n")
    assert len(doc.paragraphs) == 2


def test_wrapped_lines_join_with_one_space():
    doc = parse_text("Title\n\nA long paragraph   that was\n   wrapped by the\teditor\nat eighty columns.\n")
    assert doc.paragraphs[1].text == "A long paragraph that was wrapped by the editor at eighty columns."
    assert doc.paragraphs[1].line == 3


# --- titles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "바로가기 메뉴\n\n보도자료\n\n제4차 한-러 북극협의회 개최\n\n1. 본문이다.\n",
            "제4차 한-러 북극협의회 개최",
        ),
        (
            "Press Releases\n\n4th Korea-Russia Arctic Consultation Takes Place\n\n1. Body.\n",
            "4th Korea-Russia Arctic Consultation Takes Place",
        ),
        ("# Outcome of the 5th Consultation\n\nBody text.\n", "Outcome of the 5th Consultation"),
        ("1. 본문으로 시작한다.\n\n2. 둘째 문단이다.\n", None),
        ("The release starts with a sentence.\n\nAnother one.\n", None),
    ],
)
def test_title(text, title):
    doc = parse_text(text)
    assert (doc.title.text if doc.title else None) == title
    assert sum(p.kind == TITLE for p in doc.paragraphs) == (1 if title else 0)


# --- HTML and Markdown -------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Press Releases | Ministry</title>
<style>p { color: red }</style><script>var menu = "본문 바로가기";</script></head>
<body>
<header><a href="#content">Skip to content</a>
<nav><ul><li>Home</li><li>Press Releases</li></ul></nav></header>
<main id="content">
<h3>4th Korea-Russia Arctic Consultation Takes Place</h3>
<p>1. The Ministry of Foreign Affairs held the <b>4th</b> Korea-Russia Arctic Consultation
   in Moscow on November&nbsp;19, 2020 (local time).</p>
<p>° The two sides agreed to &ldquo;consult closely&rdquo; &amp; to meet again.<br>A second line.</p>
<script>trackPage();</script>
<table><tr><td>Date</td><td>2020-11-19</td></tr></table>
</main>
<footer>Copyright Ministry of Foreign Affairs</footer>
</body></html>
"""


def test_html_main_text(tmp_path):
    path = tmp_path / "release.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    doc = read_document(path)
    assert doc.language == "en"
    assert _texts(doc) == [
        "4th Korea-Russia Arctic Consultation Takes Place",
        "1. The Ministry of Foreign Affairs held the 4th Korea-Russia Arctic Consultation in Moscow on "
        "November 19, 2020 (local time).",
        "° The two sides agreed to “consult closely” & to meet again. A second line.",
        "Date 2020-11-19",
    ]
    assert doc.paragraphs[0].kind == TITLE
    assert not any("trackPage" in t or "color" in t or "Copyright" in t for t in _texts(doc))


def test_html_detected_without_suffix(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(HTML_PAGE, encoding="utf-16")
    assert _texts(read_document(path))[0] == "4th Korea-Russia Arctic Consultation Takes Place"
    fragment = "<h1>제목</h1>\n<p>1. 본문 <em>강조</em> 문장이다.</p>"
    assert _texts(parse_text(fragment)) == ["제목", "1. 본문 강조 문장이다."]


def test_html_without_main_keeps_body_but_drops_chrome():
    text = html_to_text(
        "<html><body><nav>본문 바로가기</nav><div>보도자료</div><h2>제목</h2><p>본문이다.</p>"
        "<noscript>자바스크립트</noscript><footer>저작권</footer></body></html>"
    )
    assert text == "보도자료\n\n제목\n\n본문이다.\n"


def test_markdown_headings():
    doc = parse_text(
        "# Press Releases\n\n## 4th Korea-Russia Arctic Consultation\n\n### Background\n\n1. Body.\n"
    )
    assert [(p.text, p.kind) for p in doc.paragraphs] == [
        ("Press Releases", BOILERPLATE),
        ("4th Korea-Russia Arctic Consultation", TITLE),
        ("Background", BODY),
        ("1. Body.", BODY),
    ]


# --- ids ---------------------------------------------------------------------------------------


def test_ids_and_lines_point_back_to_the_file(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = read_document(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        assert [p.id for p in doc.paragraphs] == list(range(len(doc.paragraphs))), path.name
        for p in doc.paragraphs:
            assert p.text.split()[0] in lines[p.line - 1], (path.name, p.id)
        assert sum(p.kind == TITLE for p in doc.paragraphs) == 1, path.name


_LINES = st.sampled_from(
    [
        "",
        "",
        "바로가기 메뉴",
        "보도자료",
        "Press Releases",
        "제4차 회의 개최",
        "1. 외교부는 회의를 개최하였다.",
        "2) 둘째 항목",
        "° 양국은 협력하기로 하였다.",
        "- 세부 항목",
        "※ 참고 사항",
        "□ 개요",
        "이어지는 줄이다.",
        "The meeting was held.",
        "continued line",
        "끝.",
        "- 끝 -",
        "마지막 문단이다. 끝.",
        "# Heading",
        # page furniture that is furniture only in context (furniture.py)
        "부서명",
        "기후환경과학외교국",
        "작성일",
        "2023-06-09",
        "1. 어린이·청소년",
        "2. RSS",
        "Date 2023-06-09 hit 1131",
        "담당자 홍길동",
        "관련기사",
        "홈 > 보도자료",
        "ㅇ 세부 사항이다.",
        "KOR",
        "정책뉴스",
        "붙임 : 회의 사진. 끝.",
        "* This is an unofficial translation.",
        "조회수",
        "1784",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=30))
def test_reparsing_is_stable(lines):
    text = "\n".join(lines)
    try:
        doc = parse_text(text)
    except InputError:
        return
    assert [p.id for p in doc.paragraphs] == list(range(len(doc.paragraphs)))
    assert all(p.text == " ".join(p.text.split()) and p.text for p in doc.paragraphs)
    assert sum(p.kind == TITLE for p in doc.paragraphs) <= 1
    lines_of = [p.line for p in doc.paragraphs]
    assert lines_of == sorted(lines_of)
    again = parse_text(doc.text())
    assert [(p.text, p.kind, p.marker) for p in again.paragraphs] == [
        (p.text, p.kind, p.marker) for p in doc.paragraphs
    ]


@pytest.mark.parametrize("before", ["", "&#8203;", "\ufeff", "&nbsp;\u200b", "\u2060"])
def test_a_marker_line_after_br_starts_a_paragraph(cli, tmp_path, before: str) -> None:
    """One <p> holding a "□" line and a "※" line (a <br> between, maybe an invisible zero-width
    character pasted before the marker): two paragraphs, as in plain text."""
    import json

    ko, en = tmp_path / "r.ko.html", tmp_path / "r.en.html"
    ko.write_text("<html><body><h1>제1차 협의회 개최</h1><p>□ 외교부는 2023년 6월 8일 협의회를 개최하였다."
                  f"<br>{before}※ 이번 협의회는 비공개로 진행되었다.</p></body></html>", encoding="utf-8")
    en.write_text("<html><body><h1>1st Consultation Held</h1><p>The Ministry held the consultation on"
                  " June 8, 2023.</p></body></html>", encoding="utf-8")
    result = cli("align", ko, en, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    korean = [json.loads(line)["ko_text"] for line in result.stdout.splitlines()]
    assert korean == ["제1차 협의회 개최", "□ 외교부는 2023년 6월 8일 협의회를 개최하였다.",
                      "※ 이번 협의회는 비공개로 진행되었다."]
