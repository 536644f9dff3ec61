"""Golden-file CLI tests of pasted ministry pages: page furniture is boilerplate, the title is found.

Each case pairs a Korean and an English page written in the style of the ministry's sites (see
``../shared/data/releases/page-anatomy.md``; the text is invented) under ``tests/data/<case>/input/``:

- ``furniture_two_line_meta``: navigation on one line, e-government banner, the site menu as a
  numbered list, metadata labels and values on separate lines, Korean end matter (붙임, 끝.,
  attachment, survey, address, telephone, copyright); English navigation one item a line, "KOR",
  "Date 2023-06-09 hit 1131" on one line, the signature and "* This is an unofficial translation.";
- ``furniture_one_line_meta``: navigation one item a line, the metadata block on one line, a
  Korean headline ending in a verb, English Date/hit block, "Deputy Spokesperson…" signature,
  "* unofficial translation";
- ``furniture_reposting``: a reposting site's page ("[외교부]" tag, breadcrumbs, byline with
  dates, share buttons, font size, copyright notice, related articles, comment box) against the
  English page with its Date/hit block on separate lines.

Regenerate after a deliberate change and review the diff:

    PRTRANSLATE_UPDATE_GOLDEN=1 python -m pytest tests/test_cli_furniture.py
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

import golden
from golden import DATA


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    inputs: str = ""   # another case whose input/ folder this one runs on


def _pair(name: str) -> tuple[str, str]:
    return f"{name}.ko.txt", f"{name}.en.txt"


CASES = [
    Case("furniture_two_line_meta", ("align", *_pair("polar"))),
    Case("furniture_one_line_meta", ("align", *_pair("water"))),
    Case("furniture_reposting", ("align", *_pair("forum"))),
    # the metadata blocks become the release's posting date and department, in every report format
    Case("furniture_report_text", ("report", *_pair("polar")), "furniture_two_line_meta"),
    Case("furniture_report_json", ("report", *_pair("water"), "-f", "json"), "furniture_one_line_meta"),
    Case("furniture_report_html", ("report", *_pair("forum"), "-f", "html", "-o", "forum.html"),
         "furniture_reposting"),
]
ALIGN_CASES = [c for c in CASES if c.args[0] == "align"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Case, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = golden.prepare(tmp_path, (), DATA / (case.inputs or case.name) / "input")
    result = cli(*case.args)
    written = {name: data for name, data in golden.files(tmp_path).items() if before.get(name) != data}
    golden.check_run(result, written, DATA / case.name, __file__)
    assert result.exit_code in (0, 1) and result.stderr == ""


def test_every_case_has_golden_files():
    stale = golden.stale_folders("furniture_", (c.name for c in CASES))
    assert not stale, f"stale golden folders: {stale}"


@pytest.mark.parametrize("case", ALIGN_CASES, ids=[c.name for c in ALIGN_CASES])
def test_furniture_is_boilerplate_and_content_pairs_one_to_one(case: Case, cli, tmp_path, monkeypatch):
    """Whatever the golden files say: no furniture line is content, every content paragraph is paired."""
    monkeypatch.chdir(tmp_path)
    golden.prepare(tmp_path, (), DATA / case.name / "input")
    result = cli(*case.args, "--format", "jsonl")
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    content = [b for b in beads if "boilerplate" not in b["flags"]]
    assert all(b["ko"] and b["en"] for b in content)
    assert "title" in content[0]["flags"]
    assert [b["ko"][0] for b in content] == sorted(b["ko"][0] for b in content)
    furniture = ("바로가기", "KOR", "Date", "hit", "Spokesperson", "unofficial", "조회수", "작성일", "부서명",
                 "무단전재", "댓글", "관련기사", "URL복사", "ENGLISH", "RSS", "전자정부", "Copyright", "첨부파일")
    for bead in content:
        for text in (bead["ko_text"], bead["en_text"]):
            assert not any(word in text for word in furniture), text


def test_report_shows_page_metadata(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    golden.prepare(tmp_path, (), DATA / "furniture_one_line_meta" / "input")
    record = json.loads(cli("report", *_pair("water"), "-f", "json").stdout)
    assert (record["posted"], record["department"], record["date"]) == ("2022-10-06", "개발협력국", "2022-10-06")


def test_corpus_add_stores_page_metadata_and_show_displays_it(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pages").mkdir()
    golden.prepare(tmp_path / "pages", (), DATA / "furniture_two_line_meta" / "input")
    assert cli("corpus", "add", "pages", "--db", "s.db").exit_code == 0
    shown = cli("corpus", "show", "polar", "--db", "s.db").stdout
    assert "posted: 2024-03-15  department: 기후환경과학외교국" in shown.splitlines()
    release = json.loads(cli("corpus", "show", "polar", "--db", "s.db", "-f", "jsonl").stdout.splitlines()[0])
    assert release["release"]["meta"] == {"posted": "2024-03-15", "department": "기후환경과학외교국",
                                          "views_ko": "1784", "views_en": "1131"}
    assert release["release"]["date"] == "2024-03-15"   # no date in the name: the posting date
