"""The aligner's contract, whatever its tuning: every unit in exactly one bead, beads monotone, ids in range.

Run with the aligner as it stands; these tests check its interface, never its accuracy.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prtranslate import align as align_module
from prtranslate.align import Aligner, AlignerSettings, Alignment, Bead, align_documents, align_sentences
from prtranslate.documents import BODY, BOILERPLATE, TITLE, Document, Paragraph

ALLOWED_SHAPES = {(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)}

KO_SENTENCES = [
    "외교부는 2020년 11월 19일(목) 모스크바에서 제4차 한-러 북극협의회를 개최하였다.",
    "양국은 북극항로, 조선, 북극 과학 등 다양한 분야에서 교류를 이어오고 있다.",
    "정부는 총 1억 달러 규모의 인도적 지원을 제공하기로 결정하였다.",
    "양측은 유엔 안전보장이사회(안보리) 개혁 문제에 대해 의견을 교환하였다.",
    "이번 회의에는 IBM, NHK 관계자가 참석하였다.",
    "로렌스 리버모어 연구소는 2021-2023년 사업을 소개하였다.",
    "양국 수교 30주년을 기념하였다.",
    "회의는 오후 늦게 끝났다.",
    "협력",
]
EN_SENTENCES = [
    "The Ministry held the 4th Korea-Russia Arctic Consultation in Moscow on November 19, 2020.",
    "The two countries have carried out exchanges in the Northern Sea Route, shipbuilding and science.",
    "The Government decided to provide humanitarian assistance worth $100 million.",
    "The two sides exchanged views on the reform of the UN Security Council.",
    "Officials from IBM and NHK attended the meeting.",
    "Lawrence Livermore Laboratory presented its projects for 2021-2023.",
    "They celebrated the 30th anniversary of diplomatic relations.",
    "The meeting ended late in the afternoon.",
    "Cooperation",
]
MARKERS = ["", "", "", "1. ", "2. ", "° ", "- ", "※ "]


@st.composite
def paragraph_text(draw, language: str) -> str:
    pool = KO_SENTENCES if language == "ko" else EN_SENTENCES
    sentences = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
    return draw(st.sampled_from(MARKERS)) + " ".join(sentences)


def texts(language: str, max_size: int = 12, min_size: int = 0):
    return st.lists(paragraph_text(language), min_size=min_size, max_size=max_size)


def assert_contract(beads: list[Bead] | tuple[Bead, ...], n: int, m: int, *, shapes=ALLOWED_SHAPES) -> None:
    """Each position of each side in exactly one bead, in order; scores in [0, 1]; flags consistent."""
    ko_seen = [i for b in beads for i in b.ko]
    en_seen = [j for b in beads for j in b.en]
    assert ko_seen == list(range(n))
    assert en_seen == list(range(m))
    for b in beads:
        assert b.ko or b.en, "empty bead"
        assert list(b.ko) == list(range(b.ko[0], b.ko[0] + len(b.ko))) if b.ko else True
        assert list(b.en) == list(range(b.en[0], b.en[0] + len(b.en))) if b.en else True
        assert (len(b.ko), len(b.en)) in shapes
        assert 0.0 <= b.score <= 1.0
        assert b.one_sided == (not b.ko or not b.en)
        # One-sided beads say so: "one_sided", or "boilerplate" for website chrome.
        assert b.one_sided == ("one_sided" in b.flags or "boilerplate" in b.flags)
        assert len(set(b.flags)) == len(b.flags)


def _settings(narrow: bool) -> AlignerSettings:
    """Default settings, or a band of 2 so that small inputs exercise the band-widening path."""
    base = AlignerSettings()
    if narrow and any(f.name == "band" for f in dataclasses.fields(base)):
        return dataclasses.replace(base, band=2)
    return base


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(ko=texts("ko"), en=texts("en"), narrow=st.booleans())
def test_paragraph_beads_cover_each_side_once_in_order(ko, en, narrow):
    aligner = Aligner(settings=_settings(narrow))
    beads = aligner.align(ko, en)
    assert_contract(beads, len(ko), len(en))
    low = aligner.settings.low_confidence
    for b in beads:
        assert ("low_confidence" in b.flags) == (b.score < low)


@settings(max_examples=8, deadline=None)
@given(ko=texts("ko", min_size=40, max_size=90), en=texts("en", min_size=40, max_size=90))
def test_long_inputs(ko, en):
    assert_contract(Aligner(settings=_settings(True)).align(ko, en), len(ko), len(en))


def test_identical_structure_aligns_one_to_one():
    ko = KO_SENTENCES[:8] * 5
    en = EN_SENTENCES[:8] * 5
    beads = Aligner().align(ko, en)
    assert_contract(beads, len(ko), len(en))
    assert all(b.shape == "1-1" for b in beads)


@pytest.mark.parametrize(("n", "m"), [(0, 0), (0, 3), (3, 0), (1, 1)])
def test_empty_sides(n, m):
    beads = Aligner().align(KO_SENTENCES[:n], EN_SENTENCES[:m])
    assert_contract(beads, n, m)


# --- documents -----------------------------------------------------------------------------------


@st.composite
def documents(draw, language: str, inner_boilerplate: bool = False) -> Document:
    """A release: optional navigation on top, an optional title, body paragraphs, optional footer.

    With ``inner_boilerplate``, a stray "Print" line may also sit between body paragraphs.
    """
    paragraphs: list[tuple[str, str]] = []
    nav = ["바로가기 메뉴", "본문 바로가기", "보도자료" if language == "ko" else "Press Releases"]
    paragraphs += [(t, BOILERPLATE) for t in draw(st.lists(st.sampled_from(nav), max_size=3))]
    if draw(st.booleans()):
        paragraphs.append(("제4차 한-러 북극협의회 개최" if language == "ko" else "4th Arctic Consultation", TITLE))
    for text in draw(texts(language, max_size=10)):
        paragraphs.append((text, BODY))
        if inner_boilerplate and draw(st.integers(0, 5)) == 0:
            paragraphs.append(("인쇄" if language == "ko" else "Print", BOILERPLATE))
    if draw(st.booleans()):
        paragraphs.append(("끝." if language == "ko" else "- End -", BOILERPLATE))
    if not any(kind != BOILERPLATE for _, kind in paragraphs):
        paragraphs.append(((KO_SENTENCES if language == "ko" else EN_SENTENCES)[0], BODY))
    paras = tuple(Paragraph(i, text, kind) for i, (text, kind) in enumerate(paragraphs))
    return Document(paras, language, path=f"doc.{language}.txt")


def assert_document_contract(alignment: Alignment, ko: Document, en: Document) -> None:
    shapes = ALLOWED_SHAPES
    assert_contract(alignment.beads, len(alignment.ko_units), len(alignment.en_units), shapes=shapes)
    for b in alignment.beads:
        kinds = {alignment.ko_units[i].kind for i in b.ko} | {alignment.en_units[j].kind for j in b.en}
        if "boilerplate" in b.flags:
            assert kinds == {BOILERPLATE}
            assert b.one_sided and len(b.ko) + len(b.en) == 1
        else:
            assert BOILERPLATE not in kinds
        assert ("title" in b.flags) == (TITLE in kinds)


@PROPERTY
@given(ko=documents("ko"), en=documents("en"))
def test_documents_keep_boilerplate_out_and_both_sides_in_order(ko, en):
    alignment = align_documents(ko, en)
    assert alignment.level == "paragraph"
    assert alignment.ko_units == ko.paragraphs and alignment.en_units == en.paragraphs
    assert_document_contract(alignment, ko, en)


@PROPERTY
@given(ko=documents("ko", inner_boilerplate=True), en=documents("en", inner_boilerplate=True))
def test_documents_with_boilerplate_between_paragraphs(ko, en):
    """Every paragraph still lands in exactly one bead, and the content beads stay in order."""
    alignment = align_documents(ko, en)
    assert sorted(i for b in alignment.beads for i in b.ko) == list(range(len(ko.paragraphs)))
    assert sorted(j for b in alignment.beads for j in b.en) == list(range(len(en.paragraphs)))
    content = [b for b in alignment.beads if "boilerplate" not in b.flags]
    assert [i for b in content for i in b.ko] == [p.id for p in ko.content]
    assert [j for b in content for j in b.en] == [p.id for p in en.content]


def test_merge_across_inner_boilerplate_keeps_reading_order():
    ko = Document(
        (
            Paragraph(0, "제4차 한-러 북극협의회 개최", TITLE),
            Paragraph(1, "1. 외교부는 2020년 11월 19일 모스크바에서 제4차 한-러 북극협의회를 개최하였다."),
            Paragraph(2, "인쇄", BOILERPLATE),
            Paragraph(
                3, "양국은 2021-2023년 북극이사회 의장국인 러시아와의 협력과 수교 30주년 기념 방안을 논의하였다."
            ),
        ),
        "ko",
    )
    en = Document(
        (
            Paragraph(0, "4th Korea-Russia Arctic Consultation", TITLE),
            Paragraph(
                1,
                "1. The Ministry held the 4th Korea-Russia Arctic Consultation in Moscow on November 19, 2020."
                " The two countries discussed cooperation with Russia, the 2021-2023 chair of the Arctic"
                " Council, and the 30th anniversary of their relations.",
            ),
        ),
        "en",
    )
    alignment = align_documents(ko, en)
    assert [i for b in alignment.beads for i in b.ko] == [0, 1, 2, 3]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ko=documents("ko"), en=documents("en"))
def test_sentence_level(ko, en):
    paragraphs = align_documents(ko, en)
    sentences = align_sentences(paragraphs)
    assert sentences.level == "sentence"
    assert_contract(sentences.beads, len(sentences.ko_units), len(sentences.en_units))
    assert [u.id for u in sentences.ko_units] == list(range(len(sentences.ko_units)))
    assert [u.id for u in sentences.en_units] == list(range(len(sentences.en_units)))
    # Sentences keep their paragraphs' reading order, and every paragraph has at least one sentence.
    assert sorted({u.paragraph for u in sentences.ko_units}) == list(range(len(ko.paragraphs)))
    assert sorted({u.paragraph for u in sentences.en_units}) == list(range(len(en.paragraphs)))
    assert [u.paragraph for u in sentences.ko_units] == sorted(u.paragraph for u in sentences.ko_units)
    # A sentence bead never crosses a paragraph bead.
    owner_ko = {i: n for n, b in enumerate(paragraphs.beads) for i in b.ko}
    owner_en = {j: n for n, b in enumerate(paragraphs.beads) for j in b.en}
    for b in sentences.beads:
        owners = {owner_ko[sentences.ko_units[i].paragraph] for i in b.ko}
        owners |= {owner_en[sentences.en_units[j].paragraph] for j in b.en}
        assert len(owners) == 1
        parent = paragraphs.beads[owners.pop()]
        assert ("boilerplate" in b.flags) == ("boilerplate" in parent.flags)


def test_flag_names_are_the_jsonl_contract():
    assert (
        align_module.FLAG_BOILERPLATE,
        align_module.FLAG_ONE_SIDED,
        align_module.FLAG_LOW_CONFIDENCE,
        align_module.FLAG_TITLE,
    ) == ("boilerplate", "one_sided", "low_confidence", "title")
