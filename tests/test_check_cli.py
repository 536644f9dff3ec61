"""Golden-file tests of ``prtranslate check`` and ``prtranslate glossary``: a table of cases.

Each case lives in ``tests/data/<case>/``: its own inputs under ``input/`` (corpus releases are
copied in by name), and the expectations ``expected_stdout``, ``expected_stderr``,
``expected_exit_code`` and ``expected_files/`` (every file the command writes). After changing a
check, the glossary or a renderer, regenerate them and review the diff:

    PRTRANSLATE_UPDATE_GOLDEN=1 python -m pytest tests/test_check_cli.py
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import golden
from golden import DATA

ARCTIC = "2020-11-19-korea-russia-arctic-consultation"
COVID = "2021-03-04-covid19-humanitarian-assistance-africa"
UN = "2022-05-24-korea-un-development-cooperation-consultation"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    releases: tuple[str, ...] = ()
    exit_code: int = 0   # the documented exit code, asserted whatever the golden files say


def _ko(release: str) -> str:
    return f"{release}.ko.txt"


def _en(release: str) -> str:
    return f"{release}.en.txt"


SMALL = ("--no-glossary", "-g", "small.tsv")

CASES = [
    # check: exit 0 without error findings, 1 with
    Case("check_arctic_text", ("check", _ko(ARCTIC), _en(ARCTIC)), (ARCTIC,)),
    Case("check_arctic_edited_text", ("check", _ko(ARCTIC), "edited.en.txt"), (ARCTIC,), 1),
    Case("check_arctic_edited_jsonl", ("check", _ko(ARCTIC), "edited.en.txt", "-f", "jsonl"), (ARCTIC,), 1),
    Case("check_html_output", ("check", _ko(ARCTIC), "edited.en.txt", "-f", "html", "-o", "review.html"),
         (ARCTIC,), 1),
    # a Korean-only "※" note: a warning, not an error (exit 0)
    Case("check_covid_missing_note", ("check", _ko(COVID), _en(COVID)), (COVID,), 0),
    Case("check_un_jsonl", ("check", _ko(UN), _en(UN), "--format", "jsonl"), (UN,)),
    Case("check_forbidden_custom_glossary",
         ("check", "meeting.ko.txt", "meeting.en.txt", "--no-glossary", "-g", "ministry.tsv", "-f", "jsonl"),
         (), 1),
    Case("check_untranslated", ("check", "consular.ko.txt", "consular.en.txt"), (), 1),
    Case("check_no_glossary_jsonl", ("check", _ko(ARCTIC), "edited.en.txt", "--no-glossary", "-f", "jsonl"),
         (ARCTIC,), 1),
    # bad input: one stderr line and the documented code
    Case("check_bad_glossary", ("check", _ko(ARCTIC), _en(ARCTIC), "-g", "bad.tsv"), (ARCTIC,), 4),
    Case("check_missing_file", ("check", "nowhere.ko.txt", _en(ARCTIC)), (ARCTIC,), 3),
    Case("check_unwritable_output", ("check", _ko(ARCTIC), _en(ARCTIC), "-o", "no/such/dir/out.txt"),
         (ARCTIC,), 7),
    # glossary import | export | lookup
    Case("check_glossary_import_tbx", ("glossary", "import", "memoq.tbx")),
    Case("check_glossary_export_csv", ("glossary", "export", *SMALL, "-f", "csv")),
    Case("check_glossary_export_tbx", ("glossary", "export", *SMALL, "-o", "t.tbx")),
    Case("check_glossary_lookup", ("glossary", "lookup", "북극항로")),
    Case("check_glossary_lookup_none", ("glossary", "lookup", "Nordpolarmeer"), (), 1),
]
# Cases that share another case's inputs.
SHARED_INPUT = {"check_no_glossary_jsonl": "check_arctic_edited_jsonl",
                "check_glossary_export_tbx": "check_glossary_export_csv"}


def _normalise(data: bytes) -> bytes:
    # Generated headers name the tool's version, and reports the glossary's size and hash: a release
    # bump or a new glossary entry must not touch every golden file (only changed findings should).
    data = re.sub(rb"(creationtoolversion=|Translate Toolkit )[^<\"\s]*", rb"\1VERSION", data)
    return re.sub(rb"glossary: \d+ entries, sha256 [0-9a-f]+", b"glossary: N entries, sha256 HASH", data)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Case, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = golden.prepare(tmp_path, case.releases, DATA / SHARED_INPUT.get(case.name, case.name) / "input")
    result = cli(*case.args)
    written = {name: data for name, data in golden.files(tmp_path).items() if before.get(name) != data}
    golden.check_run(result, written, DATA / case.name, __file__, _normalise)

    assert result.exit_code == case.exit_code
    assert "Traceback" not in result.stderr
    if result.exit_code > 1:
        golden.assert_clean_failure(result, written, tmp_path)
    elif "-o" in case.args:
        assert result.stdout == "" and len(written) == 1


def test_every_case_has_golden_files() -> None:
    stale = golden.stale_folders("check_", (c.name for c in CASES))
    assert not stale, f"stale golden folders: {stale}"


def test_bad_format_is_a_usage_error(cli, arctic) -> None:
    result = cli("check", *arctic, "--format", "pdf")
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.stderr
