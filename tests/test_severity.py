"""Severity an editor can trust: what is an error, what a warning, and what is no finding at all."""

from __future__ import annotations

import pytest

from prtranslate.align import Alignment, Bead
from prtranslate.check import CONFIDENT, Finding, check_alignment
from prtranslate.documents import BOILERPLATE, Paragraph, list_marker
from prtranslate.glossary import Glossary, load_glossary, make_entry


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def _paragraph(pid: int, text: str) -> Paragraph:
    return Paragraph(pid, text, marker=list_marker(text))


def _check(beads: list[tuple[str | None, str | None, float]], glossary: Glossary | None = None) -> list[Finding]:
    """Beads given as (Korean text or None, English text or None, score)."""
    ko_units: list[Paragraph] = []
    en_units: list[Paragraph] = []
    out = []
    for ko, en, score in beads:
        k = (len(ko_units),) if ko is not None else ()
        e = (len(en_units),) if en is not None else ()
        if ko is not None:
            ko_units.append(_paragraph(len(ko_units), ko))
        if en is not None:
            en_units.append(_paragraph(len(en_units), en))
        out.append(Bead(k, e, score, () if k and e else ("one_sided",)))
    return check_alignment(Alignment(tuple(ko_units), tuple(en_units), tuple(out)), glossary)


def _kinds(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in findings]


# --- missing paragraphs --------------------------------------------------------------------------

def test_a_missing_body_paragraph_is_an_error() -> None:
    assert _kinds(_check([("□ 양측은 협력 방안을 논의하였다.", None, 1.0)])) == [("missing", "error")]
    assert _kinds(_check([(None, "3. The two sides discussed cooperation.", 0.99)])) == [("missing", "error")]


@pytest.mark.parametrize("ko", ["※ 양측 수석대표 : 김민준 국장", "* 북극이사회 : 8개국 정부간 협의체",
                                "ㅇ 양측은 공동 세미나를 개최하기로 하였다.", "- 세부 사항은 추후 발표"])
def test_a_missing_note_or_sub_point_is_a_warning(ko: str) -> None:
    findings = _check([(ko, None, 1.0)])
    assert _kinds(findings) == [("missing", "warning")]
    assert ("note" if ko[0] in "※*" else "sub-point") in findings[0].message


def test_a_missing_english_note_is_a_warning() -> None:
    assert _kinds(_check([(None, "* The Arctic Council has eight member states.", 1.0)])) == [("missing", "warning")]


def test_a_missing_paragraph_the_aligner_is_unsure_of_is_a_warning() -> None:
    findings = _check([("□ 양측은 협력 방안을 논의하였다.", None, CONFIDENT - 0.05)])
    assert _kinds(findings) == [("missing", "warning")]
    assert "alignment uncertain" in findings[0].message


def test_boilerplate_is_never_a_finding() -> None:
    alignment = Alignment((), (Paragraph(0, "* This is an unofficial translation.", BOILERPLATE, "*"),),
                          (Bead((), (0,), 1.0, ("boilerplate",)),))
    assert check_alignment(alignment, load_glossary()) == []


# --- numbers and dates: errors only on confident pairs --------------------------------------------

def test_a_number_that_differs_on_a_confident_pair_is_an_error() -> None:
    pair = ("□ 정부는 300만 불을 지원한다.", "1. The government will provide 3.5 million US dollars.")
    assert _kinds(_check([(*pair, CONFIDENT)])) == [("number", "error")]


def test_anything_on_an_uncertain_pair_is_a_warning_that_says_so(glossary: Glossary) -> None:
    findings = _check([("□ 정부는 2020년 11월 19일 300만 불을 지원한다.",
                        "1. The government provided 3.5 million US dollars on November 18, 2020.", 0.6)])
    assert _kinds(findings) == [("date", "warning"), ("number", "warning")]
    assert all("alignment uncertain" in f.message and "0.60" in f.message for f in findings)
    near = _check([("양국은 북극항로 협력을 논의", "They discussed Northern Sea Road cooperation", 0.6)], glossary)
    assert _kinds(near) == [("term", "warning")] and "alignment uncertain" in near[0].message


def test_a_forbidden_form_is_an_error_whatever_the_pairing(glossary: Glossary) -> None:
    findings = _check([("대한민국과 칠레는", "South Korea and Chile", 0.5)], glossary)
    assert _kinds(findings) == [("forbidden", "error")]


# --- near misses ---------------------------------------------------------------------------------

def test_a_real_near_miss_is_an_error(glossary: Glossary) -> None:
    findings = _check([("북극이사회 회원국", "member states of the Arctic Counsel", 1.0)], glossary)
    assert _kinds(findings) == [("term", "error")] and findings[0].found == "Arctic Counsel"


@pytest.mark.parametrize("ko, en", [
    # "Minister of Foreign Affairs" is no near miss of 외교부's "Ministry of Foreign Affairs": here it is
    # part of the rendering of 차관 ("Vice Minister of Foreign Affairs")
    ("멕시코 외교부 차관이 참석", "Mexico's Vice Minister of Foreign Affairs attended"),
    # "Foreign Ministers" renders 외교장관, written inside 외교장관회담
    ("2021.9월 양국 외교장관회담 합의에 따라", "since the two Foreign Ministers agreed on it in September 2021"),
    # a title: "Foreign Minister" renders 외교부 장관
    ("외교부 장관, 노르웨이 외교장관과 회담", "Foreign Minister Holds Talks with Norwegian Foreign Minister"),
])
def test_the_rendering_of_another_term_of_the_korean_is_no_near_miss(glossary: Glossary, ko: str, en: str) -> None:
    findings = _check([(ko, en, 1.0)], glossary)
    assert not [f for f in findings if f.severity == "error"], findings
    assert not [f for f in findings if f.kind == "term" and f.found]


# --- short forms: accepted, and no inconsistency -------------------------------------------------

@pytest.mark.parametrize("en", ["The two sides agreed to meet again.", "Both sides agreed to meet again.",
                                "The heads of delegation agreed to meet again."])
def test_short_forms_of_both_sides_are_accepted(glossary: Glossary, en: str) -> None:
    assert _check([("양측은 다시 만나기로 하였다.", en, 1.0)], glossary) == []


def test_full_name_then_short_forms_are_not_inconsistent(glossary: Glossary) -> None:
    beads = [("외교부는 회의를 개최하였다.", "The Ministry of Foreign Affairs held the meeting.", 1.0),
             ("외교부는 협력을 강화할 계획이다.", "The Foreign Ministry plans to strengthen cooperation.", 1.0),
             ("외교부는 기대한다.", "The Ministry hopes so.", 1.0),
             ("양측은 논의하였다.", "The two sides discussed it.", 1.0),
             ("양측은 합의하였다.", "The heads of delegation agreed.", 1.0)]
    assert _check(beads, glossary) == []


def test_two_names_for_one_term_are_still_inconsistent() -> None:
    g = Glossary([make_entry("베트남", "Viet Nam", "Vietnam")])
    findings = _check([("베트남은", "Viet Nam", 1.0), ("베트남과", "Vietnam", 1.0)], g)
    assert _kinds(findings) == [("inconsistent", "warning")]
