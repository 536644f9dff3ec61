"""The page set (tests/data/pages/): whole pasted release pages, checked against their gold.

Every planted fault is found at its severity, no faithful page gives an error finding, the
alignment keeps to the gold beads; and two pages through ``prtranslate check`` as golden files.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import golden
from golden import DATA
from pages import PAGES, Page, check_page, load_pages, score_page, summarise

ALL = load_pages()


@pytest.fixture(scope="module")
def scores():
    return {page.slug: score_page(page, check_page(page)) for page in ALL}


def test_the_page_set_is_complete() -> None:
    assert len(ALL) >= 12
    assert sum(p.faithful for p in ALL) >= 4 and sum(not p.faithful for p in ALL) >= 8
    planted = {(f.kind, f.severity) for p in ALL for f in p.findings}
    for fault in [("term", "error"), ("forbidden", "error"), ("date", "error"), ("number", "error"),
                  ("missing", "error"), ("missing", "warning")]:
        assert fault in planted
    for page in ALL:   # gold names lines that exist and are not blank
        for path, side in ((page.ko_path, 0), (page.en_path, 1)):
            lines = path.read_text(encoding="utf-8").splitlines()
            for bead in page.beads:
                for number in bead[side]:
                    assert lines[number - 1].strip(), f"{page.slug}: line {number} is blank"


@pytest.mark.parametrize("page", ALL, ids=[p.slug for p in ALL])
def test_every_planted_fault_is_found(page: Page, scores) -> None:
    score = scores[page.slug]
    assert not score.missed, [g.describe() for g in score.missed]


@pytest.mark.parametrize("page", [p for p in ALL if p.faithful], ids=[p.slug for p in ALL if p.faithful])
def test_a_faithful_page_has_no_error_finding(page: Page, scores) -> None:
    errors = [f.message for f, _ in scores[page.slug].false_alarms if f.severity == "error"]
    assert errors == []


def test_the_figures_of_the_issue(scores) -> None:
    summary = summarise(list(scores.values()))
    assert summary["strict_f1"] >= 0.98
    assert summary["error"]["recall"] == 1.0
    assert summary["error"]["precision"] >= 0.95


# --- golden files: two pages through the command line --------------------------------------------

def _normalise(data: bytes) -> bytes:
    # the glossary's size and hash change with every new entry: not what these files are about
    return re.sub(rb"glossary: \d+ entries, sha256 [0-9a-f]+", b"glossary: N entries, sha256 HASH", data)


CLI_CASES = {
    "pages_check_faithful": ("2024-02-20-foreign-minister-norway-talks", 0),
    "pages_check_faulty": ("2022-03-03-humanitarian-assistance-ukraine", 1),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_check_golden(case: str, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slug, exit_code = CLI_CASES[case]
    for side in ("ko", "en"):
        shutil.copyfile(PAGES / f"{slug}.{side}.txt", tmp_path / f"{slug}.{side}.txt")
    monkeypatch.chdir(tmp_path)
    before = golden.files(tmp_path)
    result = cli("check", f"{slug}.ko.txt", f"{slug}.en.txt")
    written = {name: data for name, data in golden.files(tmp_path).items() if before.get(name) != data}
    golden.check_run(result, written, DATA / case, __file__, _normalise)
    assert result.exit_code == exit_code


def test_every_case_has_golden_files() -> None:
    assert not golden.stale_folders("pages_check_", CLI_CASES)
