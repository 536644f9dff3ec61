"""`score` shows the lowest paragraphs whole, with the words the draft changed marked (issue 11)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from prtranslate.worddiff import ADDED, REMOVED, SAME, Part, diff_html, diff_text, word_diff
from terminal import run_on_terminal

LONG = ("1. The Ministry of Foreign Affairs held the 4th Korea-Russia Arctic Consultation with the "
        "Ministry of Foreign Affairs of the Russian Federation in Moscow, and the two sides reviewed "
        "their cooperation in the Arctic on November {day}, 2020 (local time).")


def _release(path, paragraph: str) -> None:
    path.write_text(f"Korea-Russia Arctic Consultation Held\n\n{paragraph}\n\n2. The two sides agreed to "
                    "meet again next year.\n", encoding="utf-8")


def test_a_differing_date_deep_in_a_long_paragraph_is_marked(cli, tmp_path):
    ref, hyp = tmp_path / "ref.en.txt", tmp_path / "hyp.en.txt"
    _release(ref, LONG.format(day=19))
    _release(hyp, LONG.format(day=18))
    result = cli("score", hyp, ref)
    assert result.exit_code == 0, result.stderr
    assert "on November [-19,-]{+18,+} 2020 (local time)." in result.stdout
    # The whole paragraph is there, not cut at the terminal's width.
    assert LONG.replace("{day},", "[-19,-]{+18,+}") in result.stdout
    page = cli("score", hyp, ref, "-f", "html").stdout
    assert "November <del>19,</del><ins>18,</ins> 2020" in page


def test_word_diff_groups_runs():
    assert word_diff("held on May 3 in Seoul", "held on May 4 in Busan") == (
        Part(SAME, "held on May"), Part(REMOVED, "3"), Part(ADDED, "4"), Part(SAME, "in"),
        Part(REMOVED, "Seoul"), Part(ADDED, "Busan"))
    assert diff_text("a b c", "a c d") == "a [-b-] c {+d+}"


def test_colours_only_when_asked_and_html_escaped():
    assert "\x1b[" not in diff_text("a b", "a c")
    assert diff_text("a b", "a c", color=True) == "a \x1b[31m[-b-]\x1b[0m\x1b[32m{+c+}\x1b[0m"
    assert diff_html("<b>x</b>", "<i>x</i>") == "<del>&lt;b&gt;x&lt;/b&gt;</del><ins>&lt;i&gt;x&lt;/i&gt;</ins>"


def test_colours_on_a_terminal_only(cli, tmp_path):
    ref, hyp = tmp_path / "ref.en.txt", tmp_path / "hyp.en.txt"
    _release(ref, LONG.format(day=19))
    _release(hyp, LONG.format(day=18))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    env.pop("NO_COLOR", None)
    screen = run_on_terminal([sys.executable, "-m", "prtranslate", "score", str(hyp), str(ref)], env)
    assert "\x1b[31m[-19,-]\x1b[0m\x1b[32m{+18,+}\x1b[0m" in screen
    # only the colours: a file's own escape sequences never reach the terminal
    hyp.write_text(hyp.read_text(encoding="utf-8").replace("Moscow", "Moscow\x1b]0;pwned\x07\x1b[2J"),
                   encoding="utf-8")
    screen = run_on_terminal([sys.executable, "-m", "prtranslate", "score", str(hyp), str(ref)], env)
    assert "pwned" not in screen and "\x1b]" not in screen and "\x1b[2J" not in screen
    assert "\x1b[32m{+18,+}\x1b[0m" in screen
    assert "\x1b[" not in cli("score", hyp, ref).stdout   # not a terminal: marks only
