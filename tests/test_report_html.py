"""HTML reports: self-contained, and rendered by a real browser (headless Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
KO = DATA / "report_release" / "2023-03-16-korea-japan-ministers.ko.txt"
EN = DATA / "report_release" / "2023-03-16-korea-japan-ministers.en.txt"
SCORE = DATA / "score_en_draft"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("headless Chromium is not installed (Debian package `chromium`); the HTML is not rendered")


def _browser(html: Path, tmp_path: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        _chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=1280,2000", *mode, html.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _render(html: Path, tmp_path: Path, name: str) -> str:
    """Screenshot the page into ``tmp_path`` and return the DOM the browser built."""
    shot = tmp_path / f"{name}.png"
    done = _browser(html, tmp_path, f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 10_000, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = _browser(html, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    return dom.stdout


def _self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    # Nothing is fetched: no scripts, stylesheets, images or fonts from elsewhere.
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|src=", page, re.IGNORECASE)
    assert [u for u in re.findall(r"https?://[^\s'\"<>]+", page) if u != "http://www.w3.org/2000/svg"] == []


@pytest.mark.slow
def test_release_report_renders_in_chromium(cli, tmp_path):
    page = tmp_path / "release.html"
    result = cli("report", KO, EN, "--format", "html", "--output", page)
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    _self_contained(html)
    dom = _render(page, tmp_path, "release")
    assert "<svg" in dom and "<rect" in dom
    assert dom.count("<table") >= 3          # figures, findings, side-by-side text
    assert "Polar Council" in dom and "북극이사회" in dom
    assert "prtranslate:0.1.0|glossary:" in dom


@pytest.mark.slow
def test_corpus_report_renders_in_chromium(cli, corpus_dir, tmp_path):
    page = tmp_path / "corpus.html"
    result = cli("report", corpus_dir, "--format", "html", "--output", page)
    assert result.exit_code == 0, result.stderr
    _self_contained(page.read_text(encoding="utf-8"))
    dom = _render(page, tmp_path, "corpus")
    assert "<svg" in dom and "<polyline" in dom      # the compliance trend
    assert "Terminology compliance over release dates" in dom
    assert "<table" in dom and "total" in dom


@pytest.mark.slow
def test_score_report_renders_in_chromium(cli, tmp_path):
    page = tmp_path / "score.html"
    result = cli("score", SCORE / "hyp.en.txt", SCORE / "ref.en.txt", "--against", SCORE / "other.en.txt",
                 "--samples", "50", "--format", "html", "--output", page)
    assert result.exit_code == 0, result.stderr
    _self_contained(page.read_text(encoding="utf-8"))
    dom = _render(page, tmp_path, "score")
    assert "<svg" in dom and dom.count("<table") >= 3
    assert "tok:13a" in dom and "Paired bootstrap" in dom


def test_html_escapes_text(tmp_path, cli):
    ko = tmp_path / "x.ko.txt"
    en = tmp_path / "x.en.txt"
    ko.write_text("<b>외교부</b> 발표\n\n외교부는 <script>alert(1)</script> 회의를 개최하였다.\n",
                  encoding="utf-8")
    en.write_text("<b>MOFA</b> announcement\n\nThe ministry held a <script>alert(1)</script> meeting.\n",
                  encoding="utf-8")
    out = tmp_path / "x.html"
    result = cli("report", ko, en, "-f", "html", "-o", out)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html
