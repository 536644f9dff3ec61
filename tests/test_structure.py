"""Release structure in the aligner: "□" paragraphs, "ㅇ/°" sub-points and "※/*" notes aligned as what they are."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from prtranslate.align import Aligner, AlignerSettings, align_documents, role_codes
from prtranslate.check import check_alignment
from prtranslate.documents import Paragraph, read_pair
from prtranslate.glossary import load_glossary
from prtranslate.pipeline import anchor_sources_for
from prtranslate.structure import NOTE, PARAGRAPH, SUB_POINT, role_of
from test_align_properties import assert_contract, texts

PAGES = Path(__file__).parent / "data" / "pages"
PORTUGAL = "2023-10-04-korea-portugal-culture-week"       # a Korean-only ※ note; □ + ㅇ merged in English
ASEAN = "2023-06-09-korea-asean-dialogue-jakarta"          # a □ and its ※ note left out of the English
KAZAKHSTAN = "2022-06-17-korea-kazakhstan-policy-consultation"   # a □ left out of the English


def _no_structure() -> AlignerSettings:
    """The aligner as it was before structure counted: a note costs what any one-sided paragraph costs."""
    s = AlignerSettings()
    return AlignerSettings(note_one_sided=s.priors[(1, 0)], note_merge=0.0, note_mismatch=0.0, sub_merge=0.0,
                           paragraph_merge=0.0)


def _align(slug: str, settings: AlignerSettings | None = None):
    ko, en = read_pair(PAGES / f"{slug}.ko.txt", PAGES / f"{slug}.en.txt")
    sources = anchor_sources_for(())
    sources.append(load_glossary())   # as `prtranslate check` aligns
    alignment = align_documents(ko, en, anchor_sources=sources, settings=settings)
    ko_line: dict[int, int] = {}
    en_line: dict[int, int] = {}
    for doc, by_line in ((ko, ko_line), (en, en_line)):
        for p in doc.paragraphs:
            by_line.setdefault(p.line, p.id)   # a trailing "끝." shares its paragraph's line
    return alignment, [(b.ko, b.en) for b in alignment.beads], ko_line, en_line


def test_roles_of_markers() -> None:
    assert [role_of(m) for m in ("□", "1.", "", "가.")] == [PARAGRAPH] * 4
    assert [role_of(m) for m in ("ㅇ", "○", "◦", "-", "°")] == [SUB_POINT] * 5
    assert [role_of(m) for m in ("※", "*")] == [NOTE] * 2
    units = [Paragraph(0, "제목"), Paragraph(1, "□ 본문", marker="□"), Paragraph(2, "ㅇ 세부", marker="ㅇ"),
             Paragraph(3, "※ 참고", marker="※")]
    assert role_codes(units) == [0, 1, 2, 3]


def test_a_korean_only_note_stays_one_sided_and_does_not_pull_its_neighbour() -> None:
    _, pairs, ko, en = _align(ASEAN)
    assert ((ko[21],), ()) in pairs                 # the ※ note
    assert ((ko[23],), (en[20],)) in pairs          # the next □ keeps its own English paragraph
    _, before, _, _ = _align(ASEAN, _no_structure())
    assert ((ko[21], ko[23]), (en[20],)) in before   # what the aligner did without the structure costs
    _, pairs, ko, en = _align(PORTUGAL)
    assert ((ko[25],), ()) in pairs and ((ko[27],), (en[15],)) in pairs


def test_a_paragraph_and_its_sub_point_merged_by_the_translator_are_one_bead() -> None:
    _, pairs, ko, en = _align(PORTUGAL)
    assert ((ko[20], ko[22]), (en[11],)) in pairs


def test_a_missing_paragraph_is_one_sided_and_an_error() -> None:
    alignment, pairs, ko, en = _align(KAZAKHSTAN)
    assert ((ko[25],), ()) in pairs and ((ko[27],), (en[17],)) in pairs
    missing = [f for f in check_alignment(alignment, load_glossary()) if f.kind == "missing"]
    assert [(f.severity, f.ko) for f in missing] == [("error", (ko[25],))]


def test_numbers_of_an_unmatched_note_are_compared_with_nothing() -> None:
    alignment, _, ko, _ = _align(PORTUGAL)
    findings = [f for f in check_alignment(alignment, load_glossary()) if ko[25] in f.ko]
    assert [(f.kind, f.severity) for f in findings] == [("missing", "warning")]
    assert "note" in findings[0].message


@settings(max_examples=40)
@given(texts("ko", 10, 1), texts("en", 10, 1))
def test_text_without_roles_is_aligned_as_before(ko: list[str], en: list[str]) -> None:
    # the news benchmark has no list markers: the structure costs must leave it alone
    assert Aligner().align(ko, en) == Aligner(settings=_no_structure()).align(ko, en)


@settings(max_examples=40)
@given(texts("ko", 10, 1), texts("en", 10, 1), st.data())
def test_the_contract_holds_with_any_roles(ko: list[str], en: list[str], data) -> None:
    roles = st.sampled_from([0, 1, 2, 3])
    ko_roles = data.draw(st.lists(roles, min_size=len(ko), max_size=len(ko)))
    en_roles = data.draw(st.lists(roles, min_size=len(en), max_size=len(en)))
    beads = Aligner().align(ko, en, ko_roles=ko_roles, en_roles=en_roles)
    assert_contract(beads, len(ko), len(en))
