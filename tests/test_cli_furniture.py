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


def _pair(name: str) -> tuple[str, str]:
    return f"{name}.ko.txt", f"{name}.en.txt"


CASES = [
    Case("furniture_two_line_meta", ("align", *_pair("polar"))),
    Case("furniture_one_line_meta", ("align", *_pair("water"))),
    Case("furniture_reposting", ("align", *_pair("forum"))),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Case, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = golden.prepare(tmp_path, (), DATA / case.name / "input")
    result = cli(*case.args)
    written = {name: data for name, data in golden.files(tmp_path).items() if before.get(name) != data}
    golden.check_run(result, written, DATA / case.name, __file__)
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_furniture_is_boilerplate_and_content_pairs_one_to_one(case: Case, cli, tmp_path, monkeypatch):
    """Whatever the golden files say: no furniture line is content, every content paragraph is paired."""
    monkeypatch.chdir(tmp_path)
    golden.prepare(tmp_path, (), DATA / case.name / "input")
    result = cli(*case.args, "--format", "jsonl")
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    content = [b for b in beads if "boilerplate" not in b["flags"]]
    assert all(b["ko"] and b["en"] for b in content)
    assert "title" in content[0]["flags"]
    furniture = ("바로가기", "KOR", "Date", "hit", "Spokesperson", "unofficial", "조회수", "작성일", "부서명",
                 "무단전재", "댓글", "관련기사", "URL복사", "ENGLISH", "RSS", "전자정부", "Copyright", "첨부파일")
    for bead in content:
        for text in (bead["ko_text"], bead["en_text"]):
            assert not any(word in text for word in furniture), text
