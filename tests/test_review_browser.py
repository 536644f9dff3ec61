"""The editor's whole flow in a real browser: `prtranslate review` served by uvicorn, driven in
Chromium through Playwright by accessible role and name. The system Chromium is used (Debian's
package); no browser is ever downloaded. The test skips, saying why, where there is none."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the review extra is not installed: pip install 'prtranslate[review]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "review"
NAME = "2024-03-12-korea-norway-arctic-dialogue"
SCREENSHOT = ROOT / "docs" / "review.png"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("headless Chromium is not installed (Debian package `chromium`); the browser flow is not run")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(db: Path, editor: str):
    """`prtranslate review` in its own process, until the block ends (stopped with Ctrl-C)."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-m", "prtranslate", "review", "--db", str(db), "--port", str(port), "--editor", editor,
         "--no-browser"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not start: {process.communicate()[1]}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
        assert "Traceback" not in err, err


def finding(page, text: str):
    return page.locator("li.finding", has_text=text)


@pytest.mark.slow
def test_editor_flow_in_chromium(cli, tmp_path):
    chromium = _chromium()
    releases = tmp_path / "releases"
    shutil.copytree(DATA, releases)
    db = tmp_path / "store.db"
    assert cli("corpus", "add", releases, "--db", db, "--workers", "1").exit_code == 0

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            page.set_default_timeout(60_000)
            with server(db, "kim") as url:
                page.goto(url)
                # open a flagged release from the releases page, by its name
                page.get_by_role("link", name=NAME).click()
                sync_api.expect(page.get_by_role("heading", level=2, name="Findings")).to_be_visible()

                # reject a false alarm: "KOPRI" is the institute's abbreviation, on purpose
                kopri = finding(page, "극지연구소 is rendered in 2 ways")
                kopri.get_by_role("textbox", name="Note").fill("abbreviation, on purpose")
                kopri.get_by_role("button", name="Reject", exact=True).click()
                sync_api.expect(finding(page, "극지연구소 is rendered in 2 ways")).to_contain_text("reject by kim")

                # accept a real one, then fix the text in place: re-checked at once
                road = finding(page, "Northern Sea Road")
                road.get_by_role("button", name="Accept", exact=True).click()
                sync_api.expect(finding(page, "Northern Sea Road")).to_contain_text("accept by kim")
                page.get_by_role("group").filter(has=page.get_by_label("English: ° The two sides discussed…",
                                                                      exact=True)).get_by_text("Edit").click()
                box = page.get_by_role("textbox", name="English: ° The two sides discussed…", exact=True)
                box.fill(box.input_value().replace("Northern Sea Road", "Northern Sea Route"))
                page.get_by_role("button", name="Save English: ° The two sides discussed…", exact=True).click()
                sync_api.expect(page.locator("li.finding", has_text="Northern Sea Road")).to_have_count(0)

                # the keyboard: j to the first finding, f marks it fixed
                page.locator("body").press("j")
                page.keyboard.press("f")
                page.wait_for_load_state()
                sync_api.expect(page.locator("li.finding.decided.fixed")).to_have_count(1)
                page.goto(page.url.split("#")[0])
                # the last findings, then the two versions side by side
                page.evaluate("window.scrollTo(0, document.querySelector('table.versions').offsetTop - 330)")
                page.screenshot(path=str(tmp_path / "review.png"))

                # repair a wrong pair: the aligner paired two unrelated paragraphs
                wrong = page.locator("tr.bead", has_text="2019년")
                sync_api.expect(wrong).to_contain_text("friendly and constructive")
                wrong.get_by_role("button", name=re.compile(r"^Unlink")).click()
                sync_api.expect(page.locator("li.finding", has_text='Korean sub-point "° 노르웨이 측 수석대표는…" '
                                             "has no counterpart")).to_have_count(1)

                # approve the release
                page.get_by_role("button", name="Approve release").click()
                sync_api.expect(page.get_by_role("status")).to_contain_text("Approved by kim")

            # re-ingest the release files, restart the server: everything is still there
            assert cli("corpus", "add", releases, "--db", db, "--force", "--workers", "1").exit_code == 0
            with server(db, "lee") as url:
                page.goto(url)
                row = page.locator("tr", has_text=NAME)
                sync_api.expect(row).to_contain_text("approved")
                page.get_by_role("link", name=NAME).click()
                sync_api.expect(page.get_by_role("status")).to_contain_text("Approved by kim")
                sync_api.expect(page.locator("li.finding", has_text="Northern Sea Road")).to_have_count(0)
                sync_api.expect(finding(page, "극지연구소 is rendered in 2 ways")).to_contain_text(
                    "reject by kim")
                sync_api.expect(page.locator("tr.bead", has_text="2019년")).not_to_contain_text("friendly")
                history = page.locator("table.audit")
                for change in ("decision: finding: inconsistent", "decision: finding: term",
                               "edit: en ° The two sides discussed…", "unlink: bead", "approve: release"):
                    sync_api.expect(history).to_contain_text(change)
        finally:
            browser.close()

    if not SCREENSHOT.exists() or os.environ.get("PRTRANSLATE_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(tmp_path / "review.png", SCREENSHOT)
