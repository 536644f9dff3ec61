"""Release and corpus reports: figures, text/JSON/HTML outputs, bad input."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from prtranslate import __version__
from prtranslate.check import check_files
from prtranslate.glossary import Glossary, make_entry
from prtranslate.report import (
    number_figures,
    release_date,
    release_name,
    report_corpus,
    report_release,
    term_figures,
)

DATA = Path(__file__).parent / "data"
RELEASE = DATA / "report_release"
KO = RELEASE / "2023-03-16-korea-japan-ministers.ko.txt"
EN = RELEASE / "2023-03-16-korea-japan-ministers.en.txt"
# The release tests use their own small glossary: the bundled one grows, and these figures must not move.
GLOSSARY = RELEASE / "glossary.tsv"
UPDATE = os.environ.get("PRTRANSLATE_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def release():
    return report_release(KO, EN, [str(GLOSSARY)], use_bundled=False)


@pytest.fixture(scope="module")
def corpus():
    return report_corpus(Path(__file__).resolve().parents[1] / "corpus")


# --- figures -----------------------------------------------------------------------------------


def test_release_figures(release):
    assert (release.name, release.date) == ("2023-03-16-korea-japan-ministers", "2023-03-16")
    # Title and three numbered paragraphs pair up; the Korean "※ 참고" note has no English.
    assert (release.ko_paragraphs, release.en_paragraphs) == (5, 4)
    assert (release.paired_ko, release.paired_en) == (4, 4)
    assert release.coverage == pytest.approx(8 / 9)
    assert [(r.ko, r.en) for r in release.one_sided] == [((4,), ())]
    # 북극이사회 rendered "Polar Council": one glossary hit seen and not kept.
    assert (release.terms_seen, release.terms_kept) == (6, 5)
    assert release.compliance == pytest.approx(5 / 6)
    # 3월 16일 against March 17: one differing date, as check's one date finding says.
    assert release.numbers_seen - release.numbers_agreeing == 1
    assert release.findings_by_kind == {"date": 1, "forbidden": 1, "missing": 1}


def test_release_findings_are_the_checkers(release):
    assert release.findings == check_files(str(KO), str(EN), [str(GLOSSARY)], use_bundled=False).findings
    assert release.glossary_digest in release.signature


def test_release_without_glossary_has_no_compliance():
    report = report_release(KO, EN, use_bundled=False)
    assert report.terms_seen == 0 and report.compliance is None
    assert "glossary:none" in report.signature


def test_arctic_release_is_fully_paired(arctic):
    report = report_release(*arctic)
    assert report.coverage == 1.0 and not report.one_sided
    assert report.date == "2020-11-19"


def test_term_figures_count_entries_seen_and_kept():
    glossary = Glossary([make_entry("북극이사회", "Arctic Council"),
                         make_entry("외교부", "Ministry of Foreign Affairs", accepted=["MOFA"])])
    korean = "외교부는 북극이사회에서 발표하였다."
    assert term_figures(glossary, korean, "MOFA spoke at the Arctic Council.") == (2, 2)
    assert term_figures(glossary, korean, "MOFA spoke at the Polar Council.") == (2, 1)
    assert term_figures(glossary, "양국은 협의하였다.", "The two sides consulted.") == (0, 0)


@pytest.mark.parametrize(("ko", "en", "expected"), [
    ("2020년 11월 19일 개최", "held on November 19, 2020", (1, 1)),
    ("2020.11.19.(목) 개최", "held on November 19, 2020", (1, 1)),   # shorthand, compared as check compares
    ("11.19.(목)-20.(금) 개최", "held on November 19-20", (2, 2)),
    ("10:00~18:00 개방", "open from 10 a.m. to 6 p.m.", (2, 2)),
    ("문의 02-2100-7000", "inquiries welcome", (0, 0)),            # a phone number is weak: never missing
    ("2020년 11월 19일 개최", "held on November 20, 2020", (1, 0)),   # one differing date: one finding
    ("1억 달러 지원", "$100 million in aid", (1, 1)),
    ("양국은 협의하였다", "the two countries consulted", (0, 0)),   # "two" is weak: never missing
])
def test_number_figures(ko, en, expected):
    assert number_figures(ko, en) == expected


@pytest.mark.parametrize(("path", "name", "date"), [
    ("corpus/2020-11-19-arctic-consultation.ko.txt", "2020-11-19-arctic-consultation", "2020-11-19"),
    ("x/briefing.en.txt", "briefing", None),
    ("2021-02-30-bad-date.ko.txt", "2021-02-30-bad-date", None),
    ("20211130-no-dashes.ko.txt", "20211130-no-dashes", None),
])
def test_release_name_and_date(path, name, date):
    assert release_name(path) == name and release_date(path) == date


# --- corpus ------------------------------------------------------------------------------------


def test_corpus_one_row_per_release_with_totals_and_trend(corpus, corpus_dir):
    names = sorted(p.name[: -len(".ko.txt")] for p in corpus_dir.glob("*.ko.txt"))
    assert [r.name for r in corpus.releases] == names
    totals = corpus.totals()
    assert totals["releases"] == len(names)
    assert totals["paragraphs"]["ko"] == sum(r.ko_paragraphs for r in corpus.releases)  # type: ignore[index]
    seen = sum(r.terms_seen for r in corpus.releases)
    kept = sum(r.terms_kept for r in corpus.releases)
    assert totals["terms"] == {"seen": seen, "kept": kept, "compliance": round(kept / seen, 4)}
    trend = corpus.trend()
    assert [p["date"] for p in trend] == sorted(p["date"] for p in trend)  # type: ignore[type-var]
    assert len(trend) == sum(1 for r in corpus.releases if r.date)


def test_corpus_skips_lone_and_unreadable_files(tmp_path):
    shutil.copy(KO, tmp_path / KO.name)
    shutil.copy(EN, tmp_path / EN.name)
    (tmp_path / "2024-01-01-lonely.ko.txt").write_text("제목\n\n본문입니다.\n", encoding="utf-8")
    (tmp_path / "2024-02-02-empty.ko.txt").write_text("", encoding="utf-8")
    (tmp_path / "2024-02-02-empty.en.txt").write_text("Title\n\nBody.\n", encoding="utf-8")
    report = report_corpus(tmp_path)
    assert [r.name for r in report.releases] == ["2023-03-16-korea-japan-ministers"]
    skipped = dict(report.skipped)
    assert "no English version" in skipped["2024-01-01-lonely.ko.txt"]
    assert "is empty" in skipped["2024-02-02-empty"]


# --- CLI ---------------------------------------------------------------------------------------


def _without_confidences(record: dict) -> dict:
    # The aligner's confidences move whenever its costs are tuned; the pairs are what the report is about.
    for bead in record["beads"]:
        bead.pop("score")
    return record


def test_cli_release_json_golden(cli, monkeypatch):
    monkeypatch.chdir(RELEASE)
    result = cli("report", KO.name, EN.name, "--no-bundled-glossary", "-g", GLOSSARY.name, "--format", "json")
    assert result.exit_code == 0, result.stderr
    expected = RELEASE / "expected.json"
    if UPDATE:
        expected.write_text(result.stdout, encoding="utf-8")
    got = _without_confidences(json.loads(result.stdout))
    assert got == _without_confidences(json.loads(expected.read_text(encoding="utf-8")))


def test_cli_release_text(cli):
    result = cli("report", KO, EN, "--no-bundled-glossary", "--glossary", GLOSSARY)
    assert result.exit_code == 0, result.stderr
    for figure in ("Alignment coverage   88.9%", "Terminology          83.3%", "Numbers and dates    75.0%",
                   "Round-trip           not run", "Findings             3",
                   "ko: ※ 참고: 회담 결과는 외교부 누리집에 게시될 예정임."):
        assert figure in result.stdout
    # Paragraphs are named as they read ("1." is paragraph 2 of the file), never by id.
    assert "[error] date (ko 1. 외교부 장관은 2023년 3월… | en 1. The Minister of Foreign…)" in result.stdout
    assert f"prtranslate:{__version__}|glossary:" in result.stdout


def test_cli_corpus_text_and_json(cli, corpus_dir, tmp_path):
    text = cli("report", corpus_dir)
    assert text.exit_code == 0, text.stderr
    assert "total" in text.stdout and "Terminology compliance over release dates" in text.stdout
    out = tmp_path / "corpus.json"
    result = cli("report", corpus_dir, "-f", "json", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    record = json.loads(out.read_text(encoding="utf-8"))
    assert {"releases", "totals", "trend", "skipped", "findings_across_releases"} <= set(record)
    assert len(record["releases"]) == record["totals"]["releases"]


def test_roundtrip_without_model_is_a_note_not_an_error(release):
    assert not release.roundtrip.available
    assert "no translation model" in release.roundtrip.note


def test_roundtrip_with_unusable_model_is_a_note_not_an_error(cli, tmp_path):
    result = cli("report", KO, EN, "--model", tmp_path / "no-such-model", "-f", "json")
    assert result.exit_code == 0, result.stderr
    roundtrip = json.loads(result.stdout)["roundtrip"]
    assert roundtrip["available"] is False and roundtrip["note"].startswith("not available")


# --- bad input ---------------------------------------------------------------------------------


def _bad(cli, *args, code=3):
    result = cli("report", *args)
    assert result.exit_code == code, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("prtranslate: error: ")
    return lines[0]


def test_bad_input_swapped_languages(cli):
    assert "Korean version first" in _bad(cli, EN, KO)


def test_bad_input_both_english(cli):
    assert "both English" in _bad(cli, EN, EN)


def test_bad_input_empty_file(cli, tmp_path):
    empty = tmp_path / "x.ko.txt"
    empty.write_text("", encoding="utf-8")
    assert "is empty" in _bad(cli, empty, EN)


def test_bad_input_file_without_english(cli):
    assert "give the English version too" in _bad(cli, KO)


def test_bad_input_folder_without_pairs(cli, tmp_path):
    assert "no release pairs" in _bad(cli, tmp_path)


def test_bad_input_folder_of_unreadable_releases(cli, tmp_path):
    (tmp_path / "a.ko.txt").write_text("", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("", encoding="utf-8")
    assert "could be read" in _bad(cli, tmp_path)


def test_bad_input_missing_folder(cli, tmp_path):
    assert "does not exist" in _bad(cli, tmp_path / "nope", EN)


def test_bad_glossary_stops_a_corpus_report(cli, tmp_path):
    shutil.copy(KO, tmp_path / KO.name)
    shutil.copy(EN, tmp_path / EN.name)
    assert "glossary" in _bad(cli, tmp_path, "--glossary", tmp_path / "missing.tsv", code=4)
