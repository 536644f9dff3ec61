"""`report` counts numbers and dates from `check`'s own comparison: the two never disagree (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RELEASES = sorted(p.name[: -len(".ko.txt")] for p in (ROOT / "corpus").glob("*.ko.txt"))
EDITED = ROOT / "tests" / "data" / "check_arctic_edited_text" / "input" / "edited.en.txt"
ARCTIC_KO = ROOT / "corpus" / "2020-11-19-korea-russia-arctic-consultation.ko.txt"

PAIRS = [(ROOT / "corpus" / f"{name}.ko.txt", ROOT / "corpus" / f"{name}.en.txt") for name in RELEASES]
PAIRS.append((ARCTIC_KO, EDITED))   # two differing dates


@pytest.mark.parametrize(("ko", "en"), PAIRS, ids=[*RELEASES, "arctic-edited"])
def test_report_disagreements_are_checks_number_and_date_findings(cli, ko, en):
    checked = cli("check", ko, en, "-f", "jsonl")
    assert checked.exit_code in (0, 1), checked.stderr
    findings = [json.loads(line) for line in checked.stdout.splitlines()]
    numeral_findings = sum(1 for f in findings if f["kind"] in ("number", "date"))
    reported = cli("report", ko, en, "-f", "json")
    assert reported.exit_code == 0, reported.stderr
    numbers = json.loads(reported.stdout)["numbers"]
    assert numbers["seen"] - numbers["agreeing"] == numeral_findings
    text = cli("report", ko, en).stdout
    line = next(x for x in text.splitlines() if x.startswith("Numbers and dates"))
    assert f"({numbers['agreeing']} of {numbers['seen']} agree)" in line


def test_pacific_date_range_agrees_in_report_as_in_check(cli):
    """The Pacific islands release: 9–12 November 2021 is one date range in both versions."""
    ko, en = PAIRS[RELEASES.index("2021-11-09-pacific-islands-climate-training")]
    numbers = json.loads(cli("report", ko, en, "-f", "json").stdout)["numbers"]
    assert numbers["seen"] == numbers["agreeing"] > 0
