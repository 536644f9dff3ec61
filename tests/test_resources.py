"""Inputs that run one side ahead, and long lines, cost memory and time linear in their size
(issue 10, items 9 and 10); an input too large for memory is refused up front with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARCTIC, CORPUS

INPUT_ERROR = 3


def _repeat(path: Path, copies: int, out: Path) -> Path:
    out.write_bytes((path.read_bytes().rstrip(b"\n") + b"\n\n") * copies)
    return out


def _peak_rss_mib(args: list[str], env: dict[str, str] | None = None) -> tuple[int, float]:
    """Run ``prtranslate ARGS`` in its own process; its exit code and peak resident memory (MiB)."""
    proc = subprocess.Popen([sys.executable, "-m", "prtranslate", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        proc.returncode = 0  # reaped by wait4
        if proc.stderr:
            proc.stderr.close()
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="per-process peak memory needs os.wait4")
def test_memory_stays_proportional_to_input_when_one_side_runs_ahead(tmp_path):
    """The Arctic release 200 times in Korean, 150 in English: the true path drifts 1,200 paragraphs
    off the diagonal. Memory above a one-release run stays under 100 bytes per input byte (the
    band used to widen with the drift: 228 MiB here, 4.4 GiB for a 5 MB pair)."""
    ko = _repeat(CORPUS / f"{ARCTIC}.ko.txt", 200, tmp_path / "drift.ko.txt")
    en = _repeat(CORPUS / f"{ARCTIC}.en.txt", 150, tmp_path / "drift.en.txt")
    out = tmp_path / "drift.jsonl"
    code, base = _peak_rss_mib(["align", str(CORPUS / f"{ARCTIC}.ko.txt"), str(CORPUS / f"{ARCTIC}.en.txt"),
                                "-f", "jsonl"])
    assert code == 0
    code, peak = _peak_rss_mib(["align", str(ko), str(en), "-f", "jsonl", "-o", str(out)])
    assert code == 0
    size = ko.stat().st_size + en.stat().st_size
    assert (peak - base) * 2**20 < 100 * size, f"{peak - base:.0f} MiB above the base for {size:,} bytes"
    beads = [json.loads(line) for line in out.read_text().splitlines()]
    # Every English body paragraph (the title aside) is paired: the path did follow the drift.
    title = "4th Korea-Russia Arctic Consultation Takes Place"
    body = [b for b in beads if b["en"] and "boilerplate" not in b["flags"] and b["en_text"] != title]
    assert len(body) == 150 * 7
    assert all(b["ko"] for b in body)


def test_input_too_large_for_memory_is_refused_up_front(cli, arctic, monkeypatch):
    monkeypatch.setenv("PRTRANSLATE_MAX_MEMORY", "100M")
    result = cli("align", *arctic)
    assert result.exit_code == INPUT_ERROR
    assert result.stdout == ""
    line = result.stderr
    assert line.startswith("prtranslate: error: too large to align: 8 + 8 units") and line.count("\n") == 1
    assert "PRTRANSLATE_MAX_MEMORY=100M (100 MiB)" in line
    monkeypatch.setenv("PRTRANSLATE_MAX_MEMORY", "2G")
    assert cli("align", *arctic).exit_code == 0


def test_bad_memory_limit_is_a_usage_error(cli, arctic, monkeypatch):
    monkeypatch.setenv("PRTRANSLATE_MAX_MEMORY", "lots")
    result = cli("align", *arctic)
    assert result.exit_code == 2
    assert result.stderr == "prtranslate: error: PRTRANSLATE_MAX_MEMORY='lots' is not a size (write e.g. 500M," \
                            " 8G or 500000000)\n"


# --- item 10: a long line ----------------------------------------------------------------------


def test_long_english_line_is_linear(tmp_path):
    """2 MB of English on one line whose every period follows an abbreviation: the splitter used to
    re-read the pending text at each rejected boundary (quadratic: over a minute); now a second."""
    ko = tmp_path / "long.ko.txt"
    en = tmp_path / "long.en.txt"
    ko.write_text("외교부는 2020년 11월 19일 회의를 개최하였다.\n", encoding="utf-8")
    en.write_text("The Ministry held a meeting on November 19, 2020. "
                  + "Mr. Kim and Dr. Lee met " * 80_000 + "today.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "prtranslate", "align", str(ko), str(en), "-f", "jsonl"],
                          capture_output=True, text=True, timeout=90, check=False)
    assert proc.returncode == 0, proc.stderr
    beads = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [i for b in beads for i in b["ko"]] == [0] and [j for b in beads for j in b["en"]] == [0]


def test_long_korean_line_gives_kiwipiepy_bounded_pieces(cli, tmp_path, monkeypatch):
    """kiwipiepy's splitter is quadratic in what it is given: a long line reaches it in bounded pieces,
    so doubling the line doubles its work (the sum of squared piece lengths), and the sentences are
    the same as kiwipiepy finds on the whole line."""
    from prtranslate import sentences
    from prtranslate.korean import analyser

    kiwi = analyser()
    given: list[int] = []

    class Recorder:
        def split_into_sents(self, text):
            given.extend([len(text)] if isinstance(text, str) else [len(t) for t in text])
            return kiwi.split_into_sents(text)

    monkeypatch.setattr(sentences, "_kiwi", Recorder)
    ko_par = "양국은 북극항로와 조선 분야의 협력 방안을 논의하였다. 양측은 2021년 회의 개최에 합의하였다. "
    en_par = "The two sides discussed cooperation on the Northern Sea Route. They agreed to meet in 2021. "
    work = []
    for copies in (50, 100):
        ko = tmp_path / f"l{copies}.ko.txt"
        en = tmp_path / f"l{copies}.en.txt"
        ko.write_text(ko_par * copies + "\n", encoding="utf-8")
        en.write_text(en_par * copies + "\n", encoding="utf-8")
        given.clear()
        result = cli("align", ko, en, "--level", "sentence", "-f", "jsonl")
        assert result.exit_code == 0, result.stderr
        assert max(given) <= sentences.KIWI_PIECE
        assert sum(given) >= len(ko_par * copies) - 1
        work.append(sum(n * n for n in given))
        beads = [json.loads(line) for line in result.stdout.splitlines()]
        assert sum(1 for b in beads if len(b["ko"]) == len(b["en"]) == 1) == 2 * copies
    assert work[1] < 2.5 * work[0]
    text = ko_par * 40
    assert sentences.split_korean(text) == [s.text.strip() for s in kiwi.split_into_sents(text)]


def test_memory_limit_defaults_to_the_memory_available(monkeypatch):
    from prtranslate import resources
    from prtranslate.errors import InputError

    monkeypatch.delenv("PRTRANSLATE_MAX_MEMORY", raising=False)
    monkeypatch.setattr(resources, "available_memory", lambda: 8 << 30)
    resources.check_alignment_memory(100_000, 100_000, 50_000_000, 2049)  # about 2.6 GiB: fits
    with pytest.raises(InputError, match=r"need about 46\.\d GiB of memory, over the memory available now"
                                         r" \(8\.0 GiB\)"):
        resources.check_alignment_memory(500_000, 500_000, 1_000_000_000, 2049)


def test_band_follows_a_drift_wider_than_it(monkeypatch):
    """A band capped at 5 cells a row still finds a path 15 paragraphs off the diagonal: it moves
    onto the path found, round after round, instead of widening past its cap."""
    import dataclasses

    from prtranslate import align

    monkeypatch.setattr(align, "MAX_BAND", 5)
    ko = [f"양측은 {1900 + i}년 협정과 {i + 3}개 사업을 검토하였다." for i in range(60)]
    en = [f"The two sides reviewed the {1900 + i} agreement and {i + 3} projects." for i in range(60)]
    en = en[:10] + en[25:]  # the English version lacks 15 paragraphs
    settings = dataclasses.replace(align.AlignerSettings(), band=2)
    beads = align.Aligner(settings=settings).align(ko, en)
    pairs = [(b.ko, b.en) for b in beads if b.ko and b.en]
    assert pairs == [((i,), (i,)) for i in range(10)] + [((i,), (i - 15,)) for i in range(25, 60)]
    assert [b.ko for b in beads if not b.en] == [(i,) for i in range(10, 25)]
