"""Paragraphs named by what the reader sees (issue 11): labels in the library and in every output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prtranslate.documents import BOILERPLATE, TITLE, Paragraph
from prtranslate.labels import first_words, label

ROOT = Path(__file__).resolve().parents[1]
ARCTIC_KO = ROOT / "corpus" / "2020-11-19-korea-russia-arctic-consultation.ko.txt"
ARCTIC_EN = ROOT / "corpus" / "2020-11-19-korea-russia-arctic-consultation.en.txt"
EDITED_EN = ROOT / "tests" / "data" / "check_arctic_edited_text" / "input" / "edited.en.txt"
# Its Korean "※" note has no English counterpart: a missing paragraph, named by its label.
COVID = ROOT / "corpus" / "2021-03-04-covid19-humanitarian-assistance-africa"


@pytest.mark.parametrize(("paragraph", "expected"), [
    (Paragraph(7, "4. 양측은 북극항로 협력 방안을 논의하였다.", marker="4."), "4. 양측은 북극항로 협력…"),
    (Paragraph(6, "□ 외교부는 2021년 11월 9일(화)부터 연수를 개최하였다.", marker="□"), "□ 외교부는 2021년 11월…"),
    (Paragraph(5, "제4차 한-러 북극협의회 개최", kind=TITLE), "title"),
    (Paragraph(1, "본문 바로가기", kind=BOILERPLATE), "본문 바로가기"),
    (Paragraph(9, "The two sides agreed.", marker=""), "The two sides agreed."),
    (Paragraph(3, "° 짧다.", marker="°"), "° 짧다."),
])
def test_label(paragraph, expected):
    assert label(paragraph) == expected


def test_a_word_wider_than_the_label_is_cut():
    assert first_words("가" * 40) == "가" * 12 + "…"


@given(st.text(alphabet=st.sampled_from("가나다 abc,.1"), max_size=80))
def test_first_words_are_the_texts_beginning(text):
    shown = first_words(text)
    squeezed = " ".join(text.split())
    assert squeezed.startswith(shown.removesuffix("…"))
    assert shown.endswith("…") == (shown != squeezed)


# --- through the command line ------------------------------------------------------------------


def test_align_jsonl_keeps_ids_and_adds_labels(cli):
    beads = [json.loads(line) for line in cli("align", ARCTIC_KO, ARCTIC_EN, "-f", "jsonl").stdout.splitlines()]
    four = next(b for b in beads if b["ko_text"].startswith("4. "))
    assert four["ko"] == [12] and four["ko_labels"] == ["4. 한-러 양국 수석대표는…"]
    assert four["en_labels"] == ["4. The heads of delegation…"]
    for b in beads:
        assert len(b["ko_labels"]) == len(b["ko"]) and len(b["en_labels"]) == len(b["en"])
        if "title" in b["flags"]:
            assert b["ko_labels"] == b["en_labels"] == ["title"]


def test_align_text_shows_no_ids(cli):
    out = cli("align", ARCTIC_KO, ARCTIC_EN).stdout
    assert not re.search(r"\[ko [\d-]", out)
    assert "  KO: 4. 한-러 양국 수석대표는" in out


def test_check_text_names_paragraphs_as_they_read(cli):
    result = cli("check", ARCTIC_KO, EDITED_EN)
    assert result.exit_code == 1
    assert "ERROR   date         ko 1. 외교부는 2020년 11월… | en 1. The Ministry of Foreign…\n" in result.stdout
    assert "ko 6" not in result.stdout and "en 6" not in result.stdout


def test_check_missing_paragraph_by_its_text(cli):
    out = cli("check", f"{COVID}.ko.txt", f"{COVID}.en.txt").stdout
    assert "WARNING missing      ko ※ 참고: 국제기구별 지원…\n" in out   # a missing note is a warning
    assert "paragraph 11" not in out


def test_check_jsonl_and_html_carry_labels(cli):
    record = json.loads(cli("check", ARCTIC_KO, EDITED_EN, "-f", "jsonl").stdout.splitlines()[0])
    assert (record["ko"], record["ko_labels"]) == ([6], ["1. 외교부는 2020년 11월…"])
    page = cli("check", ARCTIC_KO, EDITED_EN, "-f", "html").stdout
    assert '<a href="#ko-6">1. 외교부는 2020년 11월…</a>' in page
    assert 'id="ko-6"' in page


def test_report_json_and_html_carry_labels(cli):
    record = json.loads(cli("report", f"{COVID}.ko.txt", f"{COVID}.en.txt", "-f", "json").stdout)
    assert record["one_sided_paragraphs"][0]["labels"] == ["※ 참고: 국제기구별 지원…"]
    assert record["findings_list"][0]["ko_labels"] == ["※ 참고: 국제기구별 지원…"]
    page = cli("report", f"{COVID}.ko.txt", f"{COVID}.en.txt", "-f", "html").stdout
    assert "<td>※ 참고: 국제기구별 지원…</td>" in page


def test_score_names_paragraphs_as_they_read(cli):
    data = ROOT / "tests" / "data" / "score_en_draft"
    out = cli("score", data / "hyp.en.txt", data / "ref.en.txt").stdout
    assert "ref 4. The heads of delegation… | draft 4. The chief…" in out
    assert "[hyp " not in out
    record = json.loads(cli("score", data / "hyp.en.txt", data / "ref.en.txt", "-f", "json").stdout)
    assert all(len(p["ref_labels"]) == len(p["ref"]) for p in record["paragraphs"])


def test_check_inconsistent_rendering_names_paragraphs_as_they_read(cli, tmp_path):
    (tmp_path / "g.tsv").write_text("ko\ten\taccepted\tforbidden\tnote\tdomain\n"
                                    "유엔 안보리\tUN Security Council\tUNSC\t\t\torg\n", encoding="utf-8")
    (tmp_path / "r.ko.txt").write_text(
        "유엔 안보리 결의 채택\n\n1. 유엔 안보리는 2021년 3월 4일 결의를 채택하였다.\n\n"
        "2. 유엔 안보리가 2021년 3월 5일 회의를 개최하였다.\n", encoding="utf-8")
    (tmp_path / "r.en.txt").write_text(
        "UN Security Council Adopts Resolution\n\n1. The UN Security Council adopted a resolution on March 4, 2021.\n\n"
        "2. The UNSC held a meeting on March 5, 2021.\n", encoding="utf-8")
    out = cli("check", tmp_path / "r.ko.txt", tmp_path / "r.en.txt", "--no-glossary", "-g", tmp_path / "g.tsv").stdout
    assert ("WARNING inconsistent ko 1. 유엔 안보리는 2021년 3월… + 2. 유엔 안보리가 2021년 3월… "
            "| en 1. The UN Security Council… + 2. The UNSC held a meeting…\n") in out
    assert 'rendered in 2 ways: "UNSC" and "UN Security Council"' in out and "(en " not in out
