"""Page furniture of the ministry's sites and of reposting sites, and the metadata block it carries."""

from __future__ import annotations

import pytest

from prtranslate.documents import BODY, BOILERPLATE, TITLE, parse_text
from prtranslate.furniture import is_furniture_line, iso_date, parse_meta_line, scan_lines

FURNITURE = [
    "바로가기 메뉴 본문 바로가기 주메뉴 바로가기",
    "바로가기 메뉴 | 본문 바로가기",
    "검색창 열기",
    "eg(전자정부) 이 누리집은 대한민국 공식 전자정부 누리집입니다.",
    "이 누리집은 대한민국 공식 전자정부 누리집입니다.",
    "외교부",
    "보도자료",
    "[외교부]",
    "Press Releases",
    "KOR",
    "ENG",
    "KOR | ENG",
    "Skip to Contents",
    "Spokesperson and Deputy Minister for Public Relations of MOFA",
    "Deputy Spokesperson of the Ministry of Foreign Affairs",
    "Spokesperson of the Ministry of Foreign Affairs of the Republic of Korea",
    "외교부 대변인",
    "* unofficial translation",
    "* This is an unofficial translation.",
    "(Unofficial Translation)",
    "붙임 : 회의 사진. 끝.",
    "붙임 1. 참석자 명단",
    "첨부파일",
    "첨부파일 (2)",
    "230609_한-노르웨이 북극협의회 결과.hwp (52KB) 다운로드",
    "회의사진.jpg [1.2 MB] 미리보기",
    "콘텐츠 만족도 조사",
    "이 페이지에서 제공하는 정보에 대하여 만족하십니까?",
    "매우 만족 만족 보통 불만족 매우 불만족",
    "(03172) 서울특별시 종로구 사직로8길 60 외교부",
    "대표전화 02-2100-2114",
    "Tel +82-2-2100-2114",
    "02-2100-7000",
    "Copyright © Ministry of Foreign Affairs. All Rights Reserved.",
    "COPYRIGHT ⓒ MINISTRY OF FOREIGN AFFAIRS. ALL RIGHTS RESERVED",
    "<저작권자 ⓒ 정책뉴스, 무단전재-재배포 금지>",
    "무단전재 및 재배포 금지",
    "페이스북 트위터 카카오톡 URL복사",
    "글자크기 확대 축소",
    "가+ 가-",
    "인쇄하기",
    "관련기사",
    "댓글 0",
    "로그인 후 댓글을 작성할 수 있습니다.",
    "0 / 400",
    "홈 > 알림·소식 > 보도자료",
    "이전글 제1차 한-노르웨이 북극협의회 개최",
    "Date 2023-06-09 hit 1131",
    "Date : 2023-06-09",
    "hit",
    "부서명 기후환경과학외교국 작성일 2023-06-09 조회수 2814",
    "작성일 2023.6.9. 조회수 2,814",
    "입력 2023.06.09 14:30 | 수정 2023.06.09 15:02",
    "조회수 1784",
    "작성일",
]

NOT_FURNITURE = [
    "외교부는 회의를 개최하였다.",
    "□ 외교부는 「제2차 한-노르웨이 북극협의회」를 2023.6.8.(목) 오슬로에서 개최하였다.",
    "※ 양측 수석대표 : 김민준 외교부 기후환경과학외교국장, 올라 노르만 노르웨이 외교부 북극대사",
    "ㅇ 양측은 9.4-6 트롬쇠에서 공동 세미나를 개최하기로 하였다.",
    "제2차 한-노르웨이 북극협의회 개최",
    "담당자 교육 실시",
    "부서 간 협력 강화",
    "다음 글로벌 협력 방안",
    "Date of the meeting is not yet fixed",
    "Spokesperson’s Statement on the Earthquake in Türkiye",
    "Spokesperson Lim said the two sides agreed to meet again.",
    "Author Han Kang Meets the Foreign Minister",
    "Department of State Delegation Visits Seoul",
    "The Ministry's translation of the joint statement is unofficial.",
    "국민 만족도 조사 결과를 공유하였다.",
    "저작권 보호를 위한 협력 방안을 논의하였다.",
    "2021-2023",
    "2. 양측은 협력 방안을 논의하였다.",
    "1. The Ministry of Foreign Affairs held the 2nd Korea-Norway Arctic Consultation.",
    "Korea-Norway Arctic Consultation Takes Place",
    "Hit by the floods, the region received emergency aid.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines(line):
    assert is_furniture_line(line) or parse_meta_line(line) is not None
    doc = parse_text(f"제목이다\n\n{line}\n\n1. 본문 문단은 여기에 있다.\n", language="ko")
    assert [p.kind for p in doc.paragraphs if p.text == " ".join(line.split())] == [BOILERPLATE]


@pytest.mark.parametrize("line", NOT_FURNITURE)
def test_content_is_never_furniture(line):
    assert not is_furniture_line(line)
    furniture, _ = scan_lines(["제목", "", line, "", "본문 문단이다."])
    assert furniture == [False] * 5


# --- the metadata block --------------------------------------------------------------------------

KO_HEAD = "바로가기 메뉴\n\n외교부\n\n보도자료\n\n제2차 한-노르웨이 북극협의회 개최\n\n"
KO_BODY = "\n\n□ 외교부는 2023.6.8.(목) 오슬로에서 협의회를 개최하였다.\n\n붙임 : 회의 사진. 끝.\n"


@pytest.mark.parametrize(
    "block",
    [
        "부서명\n기후환경과학외교국\n작성일\n2023-06-09\n조회수\n2814",
        "부서명 기후환경과학외교국\n작성일 2023-06-09\n조회수 2814",
        "부서명 : 기후환경과학외교국\n작성일 : 2023.06.09\n조회수 : 2,814",
        "부서명 기후환경과학외교국 작성일 2023-06-09 조회수 2814",
        "부서명 작성일 조회수\n기후환경과학외교국 2023-06-09 2814",
        "부서명\n\n기후환경과학외교국\n\n작성일\n\n2023.6.9.\n\n조회수\n\n2814",
    ],
)
def test_korean_metadata_block_layouts(block):
    doc = parse_text(KO_HEAD + block + KO_BODY)
    assert doc.meta == {"department": "기후환경과학외교국", "posted": "2023-06-09", "views": "2814"}
    assert doc.title is not None and doc.title.text == "제2차 한-노르웨이 북극협의회 개최"
    assert [p.text for p in doc.content] == [doc.title.text, "□ 외교부는 2023.6.8.(목) 오슬로에서 협의회를 개최하였다."]


@pytest.mark.parametrize("block", ["Date\n2023-06-09\nhit\n1131", "Date 2023-06-09 hit 1131",
                                   "Date : 2023-06-09  |  Hit : 1,131"])
def test_english_date_hit_layouts(block):
    text = ("Skip to Contents\nKOR\n\nPress Releases\n\n2nd Korea-Norway Arctic Consultation Takes Place\n\n"
            f"{block}\n\n1. The Ministry held the Consultation in Oslo on June 8.\n")
    doc = parse_text(text)
    assert doc.meta == {"posted": "2023-06-09", "views": "1131"}
    assert doc.title is not None and doc.title.text == "2nd Korea-Norway Arctic Consultation Takes Place"
    assert [p.kind for p in doc.content] == [TITLE, BODY]


def test_value_line_under_a_label_is_furniture_only_when_it_fits():
    # "작성일" then a sentence: the sentence is content, not a posting date.
    doc = parse_text(KO_HEAD + "작성일\n\n□ 외교부는 회의를 개최하였다.\n")
    assert doc.meta == {}
    assert doc.paragraphs[-1].kind == BODY


def test_weak_metadata_line_alone_stays_content():
    doc = parse_text("담당자 교육 실시\n\n□ 외교부는 재외공관 담당자 교육을 실시하였다.\n")
    assert doc.title is not None and doc.title.text == "담당자 교육 실시"
    assert doc.meta == {}


@pytest.mark.parametrize(("text", "iso"), [("2023-06-09", "2023-06-09"), ("2023.6.9.", "2023-06-09"),
                                           ("2023년 6월 9일", "2023-06-09"), ("2023-06-09 14:30", "2023-06-09"),
                                           ("2023-02-30", None), ("1784", None)])
def test_iso_date(text, iso):
    assert iso_date(text) == iso


# --- menus, titles, end matter -------------------------------------------------------------------


def test_site_menu_is_never_numbered_paragraphs():
    doc = parse_text("바로가기 메뉴 본문 바로가기 주메뉴 바로가기\n  1. 어린이·청소년\n  2. RSS\n  3. ENGLISH\n\n"
                     "외교부\n\n보도자료\n\n제목 개최\n\n1. 본문 첫 문단이다.\n\n2. 둘째 문단이다.\n")
    assert [p.text for p in doc.boilerplate] == ["바로가기 메뉴 본문 바로가기 주메뉴 바로가기", "1. 어린이·청소년",
                                                "2. RSS", "3. ENGLISH", "외교부", "보도자료"]
    assert [p.text for p in doc.content] == ["제목 개최", "1. 본문 첫 문단이다.", "2. 둘째 문단이다."]


def test_numbered_body_is_not_a_menu():
    doc = parse_text("1. 외교부는 회의를 개최하였다.\n2. RSS 구독 방법을 안내하였다.\n")
    assert [p.kind for p in doc.paragraphs] == [BODY, BODY]


@pytest.mark.parametrize("title", ["외교부, 제2차 한-노르웨이 북극협의회 개최하였다",
                                   "한-노르웨이, 북극 협력 확대하기로 하였다"])
def test_korean_verb_ending_headline_is_a_title(title):
    doc = parse_text(KO_HEAD.replace("제2차 한-노르웨이 북극협의회 개최", title) + "작성일 2023-06-09" + KO_BODY)
    assert doc.title is not None and doc.title.text == title


def test_reposting_tag_before_the_title():
    doc = parse_text("[외교부] 제2차 한-노르웨이 북극협의회 개최\n\n□ 외교부는 협의회를 개최하였다.\n")
    assert doc.title is not None
    assert doc.title.marker == "[외교부]" and doc.title.content == "제2차 한-노르웨이 북극협의회 개최"


def test_after_the_end_mark_short_lines_are_furniture():
    doc = parse_text("제목\n\n□ 외교부는 협의회를 개최하였다. 끝.\n\n관련 보도자료 더보기\n제1차 협의회 개최\n")
    assert [p.kind for p in doc.paragraphs] == [TITLE, BODY, BOILERPLATE, BOILERPLATE, BOILERPLATE]


def test_related_articles_and_comments_of_a_reposting_site():
    doc = parse_text("[외교부] 제목 개최\n\n외교부는 협의회를 개최했다고 밝혔다.\n\n페이스북 트위터 URL복사\n"
                     "관련기사\n한-노르웨이 정상회담 개최\n북극 협력 강화 합의\n댓글 0\n"
                     "<저작권자 ⓒ 정책뉴스, 무단전재-재배포 금지>\n")
    assert [p.kind for p in doc.paragraphs] == [TITLE, BODY] + [BOILERPLATE] * 6


def test_note_and_body_mentioning_the_ministry_stay_content():
    doc = parse_text(KO_HEAD + "작성일 2023-06-09\n\n□ 외교부는 회의를 개최하였다.\n"
                     "※ 양측 수석대표 : 김민준 외교부 국장\n\n외교부\n\n□ 외교부는 앞으로도 협력해 나갈 예정이다.\n")
    assert [p.text for p in doc.content][1:] == [
        "□ 외교부는 회의를 개최하였다.", "※ 양측 수석대표 : 김민준 외교부 국장",
        "□ 외교부는 앞으로도 협력해 나갈 예정이다."]


def test_after_the_english_signature_short_lines_are_furniture():
    doc = parse_text("Press Releases\n\nTitle Takes Place\n\n1. The Ministry held the meeting.\n\n"
                     "          Spokesperson and Deputy Minister for Public Relations of MOFA\n\n"
                     "* This is an unofficial translation.\n\nList\nPrev 3rd Korea-Finland Consultation Takes Place\n"
                     "Next Foreign Minister Meets Counterpart\n")
    assert [p.kind for p in doc.paragraphs] == [BOILERPLATE, TITLE, BODY] + [BOILERPLATE] * 5


def test_the_title_stands_before_the_metadata_block_under_unknown_names():
    doc = parse_text("대한민국 정책브리핑\n\n뉴스룸\n\n외교부, 북극협의회 개최\n\n작성일 2023-06-09\n\n"
                     "□ 외교부는 회의를 개최하였다.\n")
    assert [(p.text, p.kind) for p in doc.paragraphs] == [
        ("대한민국 정책브리핑", BOILERPLATE), ("뉴스룸", BOILERPLATE), ("외교부, 북극협의회 개최", TITLE),
        ("작성일 2023-06-09", BOILERPLATE), ("□ 외교부는 회의를 개최하였다.", BODY)]
    doc = parse_text("Korea.net\n\nNewsroom\n\nKorea-Norway Arctic Consultation Takes Place\n\n"
                     "Date\n2023-06-09\nhit\n11\n\n1. The Ministry held it.\n")
    assert doc.title is not None and doc.title.text == "Korea-Norway Arctic Consultation Takes Place"
    assert [p.text for p in doc.content] == ["Korea-Norway Arctic Consultation Takes Place", "1. The Ministry held it."]


def test_sentences_above_the_metadata_block_stay_content():
    doc = parse_text("외교부는 회의를 개최하였다.\n\n제목 개최\n\n작성일 2023-06-09\n\n□ 본문이다.\n")
    assert [p.kind for p in doc.paragraphs] == [BODY, BODY, BOILERPLATE, BODY]
