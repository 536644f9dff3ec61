"""The terminal view of `align` wraps every paragraph in full: nothing cropped, at any width (issue 11)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from terminal import run_on_terminal

ROOT = Path(__file__).resolve().parents[1]
ARCTIC = "2020-11-19-korea-russia-arctic-consultation"
UN = "2022-05-24-korea-un-development-cooperation-consultation"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _pair(name: str) -> tuple[Path, Path]:
    return ROOT / "corpus" / f"{name}.ko.txt", ROOT / "corpus" / f"{name}.en.txt"


def table_cells(screen: str) -> list[list[str]]:
    """The cells of a rich table (show_lines) as drawn: per row, each column's text with its line
    breaks and padding removed (a folded word joins up again)."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    for line in _ANSI.sub("", screen).splitlines():
        if line.startswith(("┡", "├", "└")):
            if current is not None:
                rows.append(current)
            current = None
        elif line.startswith("│"):
            parts = line.strip("│").split("│")
            if current is None:
                current = [""] * len(parts)
            for k, part in enumerate(parts):
                current[k] += "".join(part.split())
    return rows


def _squeeze(text: str) -> str:
    return "".join(text.split()) or "—"


@pytest.mark.parametrize("columns", [80, 100, 120])
@pytest.mark.parametrize("release", [ARCTIC, UN])
def test_align_terminal_table_shows_every_character(cli, monkeypatch, columns, release):
    ko, en = _pair(release)
    beads = [json.loads(line) for line in cli("align", ko, en, "-f", "jsonl").stdout.splitlines()]
    monkeypatch.setenv("TTY_COMPATIBLE", "1")   # rich draws for a terminal of COLUMNS columns
    monkeypatch.setenv("COLUMNS", str(columns))
    result = cli("align", ko, en)
    assert result.exit_code == 0, result.stderr
    screen = _ANSI.sub("", result.stdout)
    assert "…" not in screen
    # Hangul takes two columns: no line is wider than the terminal.
    assert max(cell_len(line) for line in screen.splitlines()) <= columns
    rows = table_cells(screen)
    assert [(r[0], r[1]) for r in rows] == [(_squeeze(b["ko_text"]), _squeeze(b["en_text"])) for b in beads]


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_long_words_and_the_reported_paragraph_are_whole(cli, monkeypatch, tmp_path, columns):
    ko = tmp_path / "talks.ko.txt"
    en = tmp_path / "talks.en.txt"
    ko.write_text("한-일 외교장관회담 개최\n\n"
                  "1. 양측 장관은 한반도 문제, 인도태평양 지역 정세 등에 대해 의견을 교환하였다. "
                  "자세한 내용은 외교부누리집보도자료게시판참고자료첨부파일목록에서확인할수있다.\n",
                  encoding="utf-8")
    en.write_text("Korea-Japan Foreign Ministers' Meeting Held\n\n"
                  "1. The two ministers exchanged views on the Korean Peninsula issue and the situation "
                  "in the Indo-Pacific region. Details: https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=321999\n",
                  encoding="utf-8")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(columns))
    rows = table_cells(cli("align", ko, en).stdout)
    assert [r[:2] for r in rows] == [
        ["한-일외교장관회담개최", "Korea-JapanForeignMinisters'MeetingHeld"],
        [_squeeze(ko.read_text(encoding="utf-8").split("\n\n")[1]),
         _squeeze(en.read_text(encoding="utf-8").split("\n\n")[1])],
    ]


def test_release_text_is_not_read_as_markup(cli, monkeypatch, tmp_path):
    ko = tmp_path / "r.ko.txt"
    en = tmp_path / "r.en.txt"
    ko.write_text("[bold]외교부[/bold]는 [1] 2020년 11월 19일 회의를 개최하였다.\n", encoding="utf-8")
    en.write_text("The [bold]Ministry[/bold] held [1] a meeting on November 19, 2020.\n", encoding="utf-8")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", "100")
    rows = table_cells(cli("align", ko, en).stdout)
    assert rows[0][:2] == ["[bold]외교부[/bold]는[1]2020년11월19일회의를개최하였다.",
                           "The[bold]Ministry[/bold]held[1]ameetingonNovember19,2020."]


_WORDS = st.text(alphabet=st.sampled_from("가나다라한반도문제인도태평양abcXYZ0123,.()-"), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(ko=st.lists(_WORDS, min_size=1, max_size=40), en=st.lists(_WORDS, min_size=1, max_size=40),
       columns=st.integers(min_value=60, max_value=140))
def test_every_character_survives_any_width(ko, en, columns):
    """Property: whatever the words and the width, the table holds each paragraph's every character."""
    import io

    from rich.console import Console

    from prtranslate.align import Alignment, Bead
    from prtranslate.documents import Paragraph
    from prtranslate.formats.alignment_text import listing_table

    ko_text, en_text = " ".join(ko), " ".join(en)
    alignment = Alignment((Paragraph(0, ko_text),), (Paragraph(0, en_text),), (Bead((0,), (0,), 0.5,
                                                                                   ("low_confidence",)),))
    out = io.StringIO()
    Console(file=out, width=columns, force_terminal=True, color_system=None).print(listing_table(alignment))
    screen = out.getvalue()
    assert max(cell_len(line) for line in screen.splitlines()) <= columns
    assert [r[:2] for r in table_cells(screen)] == [[_squeeze(ko_text), _squeeze(en_text)]]


def test_on_a_real_terminal_of_80_columns(cli):
    """The real path: a pseudo-terminal 80 columns wide, no environment telling rich anything."""
    ko, en = _pair(UN)
    beads = [json.loads(line) for line in cli("align", ko, en, "-f", "jsonl").stdout.splitlines()]
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TTY_COMPATIBLE", "FORCE_COLOR")}
    env["PYTHONPATH"] = str(ROOT / "src")
    screen = _ANSI.sub("", run_on_terminal([sys.executable, "-m", "prtranslate", "align", str(ko), str(en)], env,
                                           columns=80))
    assert max(cell_len(line) for line in screen.splitlines()) <= 80
    assert [(r[0], r[1]) for r in table_cells(screen)] == [(_squeeze(b["ko_text"]), _squeeze(b["en_text"]))
                                                           for b in beads]
