"""`prtranslate review`: the workbench's server, in-process through Starlette's TestClient."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the review extra is not installed: pip install 'prtranslate[review]'")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx")

from starlette.testclient import TestClient

from prtranslate.review import ReviewSettings, create_app
from prtranslate.store import FindingRecord, PairRecord, ReleaseRecord, Store

DATA = Path(__file__).parent / "data" / "review"
NAME = "2024-03-12-korea-norway-arctic-dialogue"
ROAD = '북극항로 should be "Northern Sea Route", not "Northern Sea Road".'
KOPRI = "극지연구소 is rendered in 2 ways"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A store holding the Korea–Norway release (aligned and checked once for the module)."""
    from typer.testing import CliRunner

    from prtranslate.cli import app

    folder = tmp_path_factory.mktemp("review")
    releases = folder / "releases"
    shutil.copytree(DATA, releases)
    db = folder / "store.db"
    result = CliRunner().invoke(app, ["corpus", "add", str(releases), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def env(built, tmp_path):
    """A fresh copy of the store (and its release files) for one test."""
    shutil.copytree(built / "releases", tmp_path / "releases")
    db = tmp_path / "store.db"
    shutil.copy(built / "store.db", db)
    # the stored paths point at the module's copy of the files: fine, they are only read
    return db


def client(db: Path, **options) -> tuple[TestClient, ReviewSettings]:
    settings = ReviewSettings(str(db), editor=options.pop("editor", "kim"), **options)
    return TestClient(create_app(settings)), settings


def findings_of(page: str) -> list[tuple[str, str, str]]:
    """(number, subject, element html) of each finding element of a release page."""
    found = []
    for match in re.finditer(r'<li class="finding[^"]*" id="finding-(\d+)".*?</li>', page, re.S):
        subject = html.unescape(re.search(r'name="subject" value="([^"]*)"', match.group(0)).group(1))
        found.append((match.group(1), subject, match.group(0)))
    return found


def version_of(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def decide(c, settings, page, text, verdict, **extra):
    number, subject, _ = next(f for f in findings_of(page) if text in f[1])
    return c.post(f"/decide/{NAME}", data={"csrf": settings.csrf, "version": version_of(page), "subject": subject,
                                           "number": number, "verdict": verdict, **extra}, follow_redirects=False)


def test_release_page_contract(env):
    c, _ = client(env)
    index = c.get("/")
    assert index.status_code == 200
    assert f'<a href="/release/{NAME}">{NAME}</a>' in index.text
    page = c.get(f"/release/{NAME}")
    assert page.status_code == 200
    found = findings_of(page.text)
    assert len(found) == 10
    for _, subject, element in found:
        message = subject.split(": ", 2)[2]
        assert message in html.unescape(re.sub(r"<[^>]+>", "", element))
        buttons = re.findall(r"<button[^>]*>([^<]*)</button>", element)
        assert buttons[:3] == ["Accept", "Reject", "Fixed"]
    # both versions side by side, the finding's words highlighted
    assert '<mark class="sev-error"' in page.text and "Northern Sea Road</a></mark>" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert "/static/review.js" in page.text and c.get("/static/review.js").status_code == 200


def test_release_page_names_paragraphs_by_their_labels_not_their_ids(env):
    """Ids count the page's navigation lines ("° The two sides discussed…" is English paragraph 3 of
    the file): the page names each finding's paragraphs and each edit box as align and check do."""
    c, _ = client(env)
    page = c.get(f"/release/{NAME}").text
    road = next(element for _, subject, element in findings_of(page) if ROAD in subject)
    where = html.unescape(re.search(r'<a class="where" href="#bead-\d+">([^<]*)</a>', road).group(1))
    assert where == "ko ° 양측은 북극항로 이용… | en ° The two sides discussed…"
    assert 'class="pid"' not in page and "Edit en 3" not in page and "Save en 3" not in page
    assert 'aria-label="English paragraph' not in page
    assert 'aria-label="English: ° The two sides discussed…"' in page
    # the ids stay where the actions need them
    assert '<input type="hidden" name="side" value="en"><input type="hidden" name="pid" value="3">' in page


def test_release_text_reaches_the_page_without_escape_sequences_or_control_characters(tmp_path, cli):
    """A pasted page carrying OSC/CSI sequences and a BEL: check's HTML page drops them (printable);
    the review page used to keep them raw (ESC and BEL are not even allowed in HTML)."""
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "2023-06-08-ctl.ko.txt").write_text(
        "제1차 한-노르웨이 협의회 개최\n\n1. 외교부는 2023년 6월 8일 오슬로에서 협의회를 개최하였다."
        " \x1b]0;PWNED\x07\x1b[31m빨강\x1b[0m\x9b\n", encoding="utf-8")
    (folder / "2023-06-08-ctl.en.txt").write_text(
        "1st Korea-Norway Consultation Takes Place\n\n1. The Ministry held the consultation in Oslo on"
        " June 8, 2023. \x1b]0;PWNED\x07\x1b[2Jred\x08\n", encoding="utf-8")
    db = tmp_path / "store.db"
    assert cli("corpus", "add", folder, "--db", db, "--workers", "1").exit_code == 0
    c, _ = client(db)
    page = c.get("/release/2023-06-08-ctl").text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", page)
    assert "PWNED" not in page and "[31m" not in page
    assert "개최하였다. 빨강" in page and "June 8, 2023. red" in page
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", c.get("/").text)


def test_decision_recorded_with_editor_and_shown(env, cli):
    c, settings = client(env, editor="Park Ji-won")
    page = c.get(f"/release/{NAME}").text
    answer = decide(c, settings, page, KOPRI, "reject", note="abbreviation on purpose")
    assert answer.status_code == 303 and answer.headers["location"].endswith("#finding-10")
    page = c.get(f"/release/{NAME}").text
    element = next(f[2] for f in findings_of(page) if KOPRI in f[1])
    assert "reject by Park Ji-won at" in element and "abbreviation on purpose" in element
    assert "decision: finding: inconsistent" in page          # the history
    shown = cli("corpus", "show", NAME, "--db", env, "-f", "jsonl").stdout
    decisions = [r["decision"] for r in map(json.loads, shown.splitlines()) if "decision" in r]
    assert [(d["verdict"], d["editor"], d["note"], d["finding"]) for d in decisions] == [
        ("reject", "Park Ji-won", "abbreviation on purpose", 10)]
    text = cli("corpus", "show", NAME, "--db", env).stdout
    assert "history (1 changes):" in text and "Park Ji-won decision: finding: inconsistent" in text
    # the releases page counts only open findings: 2 errors, 7 warnings left
    row = re.search(rf'<a href="/release/{NAME}">.*?</tr>', c.get("/").text, re.S).group(0)
    assert re.findall(r'<td class="num[^"]*">(\d+)</td>', row) == ["2", "7"]


def test_edit_rechecks_and_exports_without_touching_sources(env, cli, tmp_path, monkeypatch):
    c, settings = client(env)
    row = Store(env, create=False).release(NAME)[0]
    source = Path(row.en_path).read_bytes()
    page = c.get(f"/release/{NAME}").text
    assert decide(c, settings, page, ROAD, "accept").status_code == 303
    form = r'name="side" value="en"><input type="hidden" name="pid" value="3">\s*<textarea name="text"[^>]*>([^<]*)<'
    para = re.search(form, page).group(1)
    fixed = html.unescape(para).replace("Northern Sea Road", "Northern Sea Route")
    answer = c.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "0", "side": "en", "pid": "3",
                                           "text": fixed}, follow_redirects=False)
    assert answer.status_code == 303
    page = c.get(f"/release/{NAME}").text
    assert ROAD not in page and "version 1 by kim" in page
    assert len(findings_of(page)) == 9
    # the history names the paragraph by its label and keeps the text before
    assert "edit: en ° The two sides discussed…" in page and "Northern Sea Road" in page
    # a new finding appears at once when an edit introduces one
    answer = c.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "1", "side": "en", "pid": "8",
                                           "text": "4. The two sides agreed to meet next in Oslo in 2027."},
                    follow_redirects=False)
    assert answer.status_code == 303
    assert any("2027" in s for _, s, _ in findings_of(c.get(f"/release/{NAME}").text))
    assert Path(row.en_path).read_bytes() == source                    # the source file is never written
    out = tmp_path / "out"
    result = cli("corpus", "export", NAME, "-o", out, "--db", env)
    assert result.exit_code == 0, result.stderr
    exported = (out / f"{NAME}.en.txt").read_text()
    assert "Northern Sea Route" in exported and "Oslo in 2027" in exported and "Northern Sea Road" not in exported
    assert (out / f"{NAME}.ko.txt").read_text().startswith("본문 바로가기\n\n보도자료")
    # "-o -" is standard output for every other command: here a usage error, not a folder named "-"
    monkeypatch.chdir(tmp_path)
    result = cli("corpus", "export", NAME, "-o", "-", "--db", env)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "-o names a folder" in result.stderr
    assert not (tmp_path / "-").exists()
    # never over the release's own file
    result = cli("corpus", "export", NAME, "-o", Path(row.en_path).parent, "--db", env)
    assert result.exit_code == 7 and "source file" in result.stderr
    assert Path(row.en_path).read_bytes() == source


def test_stale_save_is_a_conflict_not_an_overwrite(env):
    kim, settings = client(env, editor="kim")
    lee = TestClient(create_app(ReviewSettings(str(env), editor="lee", csrf=settings.csrf)))
    page = kim.get(f"/release/{NAME}").text
    assert version_of(page) == "0"
    first = lee.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "0", "side": "en", "pid": "5",
                                            "text": "° Officials of both sides, about 20, took part."},
                     follow_redirects=False)
    assert first.status_code == 303
    stale = kim.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "0", "side": "en", "pid": "5",
                                            "text": "° Something else."}, follow_redirects=False)
    assert stale.status_code == 409
    assert re.search(r"changed by lee at \d{4}-\d\d-\d\dT[\d:]+Z: reload", stale.text)
    assert "about 20" in kim.get(f"/release/{NAME}").text
    assert "Something else" not in kim.get(f"/release/{NAME}").text


def test_alignment_repair_is_what_tm_export_uses(env, cli, tmp_path):
    c, settings = client(env)
    page = c.get(f"/release/{NAME}").text
    wrong = re.search(r'<tr class="[^"]*" id="bead-(\d+)">(?:(?!</tr>).)*2019년(?:(?!</tr>).)*</tr>', page, re.S)
    position = wrong.group(1)
    assert "friendly and constructive" in wrong.group(0)          # the aligner paired unrelated paragraphs
    answer = c.post(f"/align/{NAME}", data={"csrf": settings.csrf, "version": "0", "op": "unlink",
                                            "position": position}, follow_redirects=False)
    assert answer.status_code == 303
    page = c.get(f"/release/{NAME}").text
    # missing paragraphs are named by their labels (prtranslate.labels), not by ids
    quote = r'(?:"|&#34;|&quot;)'
    assert re.search(rf"Korean sub-point {quote}° 노르웨이 측 수석대표는…{quote} has no counterpart", page)
    assert re.search(rf"English sub-point {quote}° The dialogue took place…{quote} has no counterpart", page)
    assert "unlink: bead #" in page
    tmx = tmp_path / "tm.tmx"
    assert cli("tm", "export", tmx, "--db", env).exit_code == 0
    units = tmx.read_text()
    assert "friendly and constructive" not in units and "스발바르" in units
    # link them again, then merge and split two beads: each is one version
    answer = c.post(f"/align/{NAME}", data={"csrf": settings.csrf, "version": "1", "op": "link",
                                            "position": position}, follow_redirects=False)
    assert answer.status_code == 303
    nxt = str(int(position) + 1)
    assert c.post(f"/align/{NAME}", data={"csrf": settings.csrf, "version": "2", "op": "merge", "position": nxt},
                  follow_redirects=False).status_code == 303
    page = c.get(f"/release/{NAME}").text
    assert 'option value="1,1"' in page        # the 2-2 bead can be cut again
    assert c.post(f"/align/{NAME}", data={"csrf": settings.csrf, "version": "3", "op": "split", "position": nxt,
                                          "cut": "1,1"}, follow_redirects=False).status_code == 303
    bad = c.post(f"/align/{NAME}", data={"csrf": settings.csrf, "version": "4", "op": "split", "position": "999",
                                         "cut": "1,0"}, follow_redirects=False)
    assert bad.status_code == 400 and "no bead #999" in bad.text


def test_approval_marks_tm_units(env, cli, tmp_path):
    c, settings = client(env, editor="kim")
    aligner = [f[1] for f in findings_of(c.get(f"/release/{NAME}").text)]
    answer = c.post(f"/approve/{NAME}", data={"csrf": settings.csrf, "version": "0"}, follow_redirects=False)
    assert answer.status_code == 303
    page = c.get(f"/release/{NAME}").text
    assert [f[1] for f in findings_of(page)] == aligner       # the re-check of the same text finds the same
    assert "Approved by kim at" in page and "Approve release" not in page
    assert "approved" in re.search(rf'<a href="/release/{NAME}">.*?</tr>', c.get("/").text, re.S).group(0)
    tmx = tmp_path / "tm.tmx"
    assert cli("tm", "export", tmx, "--db", env).exit_code == 0
    units = re.findall(r"<tu .*?</tu>", tmx.read_text(), re.S)
    assert units and all('<prop type="x-status">approved</prop>' in u for u in units)
    # an edit withdraws the approval
    c.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "1", "side": "en", "pid": "8",
                                  "text": "4. The two sides agreed to hold the next dialogue in Oslo in 2026."})
    assert "Approve release" in c.get(f"/release/{NAME}").text


def test_everything_survives_a_reingest(env, cli):
    c, settings = client(env)
    page = c.get(f"/release/{NAME}").text
    assert decide(c, settings, page, KOPRI, "reject", note="abbreviation").status_code == 303
    c.post(f"/align/{NAME}", data={"csrf": settings.csrf, "version": "0", "op": "unlink", "position": "8"})
    c.post(f"/approve/{NAME}", data={"csrf": settings.csrf, "version": "1"})
    before = c.get(f"/release/{NAME}").text
    folder = Path(Store(env, create=False).release(NAME)[0].en_path).parent
    result = cli("corpus", "add", folder, "--db", env, "--force", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    c2, _ = client(env)                                   # a restarted server
    after = c2.get(f"/release/{NAME}").text
    assert "Approved by kim" in after and "version 2" in after
    element = next(f[2] for f in findings_of(after) if KOPRI in f[1])
    assert "reject by kim at" in element and "(abbreviation)" in element
    assert findings_of(after) and [f[1] for f in findings_of(after)] == [f[1] for f in findings_of(before)]
    shown = cli("corpus", "show", NAME, "--db", env).stdout
    assert "[one_sided, approved]" in shown and page


def test_learning_acceptable_rendering_and_forbidden_form(env, cli, tmp_path):
    c, settings = client(env)
    row = Store(env, create=False).release(NAME)[0]
    page = c.get(f"/release/{NAME}").text
    element = next(f[2] for f in findings_of(page) if ROAD in f[1])
    assert "this rendering is acceptable" in element
    answer = decide(c, settings, page, ROAD, "reject", on_reject="acceptable")
    assert answer.status_code == 303
    # later checks with that store accept the form
    result = cli("check", row.ko_path, row.en_path, "-f", "jsonl", "--db", env)
    assert "Northern Sea Road" not in result.stdout
    assert "Northern Sea Road" in cli("check", row.ko_path, row.en_path, "-f", "jsonl").stdout
    out = tmp_path / "g.tsv"
    assert cli("glossary", "export", "-f", "tsv", "-o", out, "--db", env).exit_code == 0
    line = next(x for x in out.read_text().splitlines() if x.startswith("북극항로\t"))
    assert "Northern Sea Road" in line.split("\t")[2]
    assert "glossary: 북극항로: accepted form" in c.get(f"/release/{NAME}").text
    # an accept can forbid a form: corpus add --force then reports it as forbidden
    page = c.get(f"/release/{NAME}").text
    term = next(f for f in findings_of(page) if "극지연구소 is rendered" in f[1])
    assert decide(c, settings, page, "극지연구소 is rendered", "accept", on_accept="forbid").status_code == 303
    assert term
    folder = Path(row.en_path).parent
    assert cli("corpus", "add", folder, "--db", env, "--force", "--workers", "1").exit_code == 0
    shown = cli("corpus", "show", NAME, "--db", env).stdout
    assert '"KOPRI" is not the ministry\'s usage' in shown
    assert "Northern Sea Road" not in shown.split("findings:")[1].split("\n\n")[0]


def test_csrf_token_and_origin_are_required(env):
    c, settings = client(env)
    page = c.get(f"/release/{NAME}").text
    number, subject, _ = findings_of(page)[0]
    data = {"version": "0", "subject": subject, "number": number, "verdict": "reject"}
    assert c.post(f"/decide/{NAME}", data=data).status_code == 403
    assert c.post(f"/decide/{NAME}", data={**data, "csrf": "x" * 43}).status_code == 403
    cross = c.post(f"/decide/{NAME}", data={**data, "csrf": settings.csrf}, headers={"origin": "http://evil.example"})
    assert cross.status_code == 403
    assert c.get(f"/decide/{NAME}").status_code == 405                  # only POST changes anything
    assert c.put(f"/release/{NAME}").status_code == 405
    assert Store(env, create=False).decisions_for(NAME) == []


def test_access_token_off_loopback(env):
    c, _ = client(env, token="s3cret-token-123")
    assert c.get("/").status_code == 403
    assert c.get("/static/review.css").status_code == 403
    answer = c.get("/?token=wrong-token").status_code
    assert answer == 403
    answer = c.get("/?token=s3cret-token-123&page=1", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/?page=1"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert c.get("/").status_code == 200                                # the cookie now
    bare, _ = client(env, token="s3cret-token-123")
    assert bare.get("/", headers={"authorization": "Bearer s3cret-token-123"}).status_code == 200


def test_loopback_server_refuses_foreign_host_headers(env):
    c, _ = client(env, allowed_hosts=("127.0.0.1", "localhost"))
    assert c.get("/", headers={"host": "evil.example"}).status_code == 400
    assert c.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_release_text_is_escaped(env):
    c, settings = client(env)
    attack = '° <script>alert(1)</script> <img src=x onerror=alert(2)> "quoted" & more'
    answer = c.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "0", "side": "en", "pid": "5",
                                           "text": attack}, follow_redirects=False)
    assert answer.status_code == 303
    page = c.get(f"/release/{NAME}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("path", ["/release/..%2F..%2Fetc%2Fpasswd", "/release/../../etc/passwd",
                                  "/static/..%2F..%2Fstore.py", "/static/../app.py", "/release/%00"])
def test_no_request_reaches_the_file_system(env, path):
    c, _ = client(env)
    answer = c.get(path)
    assert answer.status_code == 404
    assert "root:" not in answer.text and "import" not in answer.text


def test_releases_page_filters_and_pages(env):
    with Store(env, create=False) as store:
        for n in range(120):
            date = f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}"
            name = f"{date}-bulk-{n:03d}" + ("-only-ko" if n % 10 == 0 else "")
            findings = (FindingRecord("number", "error", f"Number {n} differs.", 0),) if n % 3 == 0 else ()
            store.save_release(ReleaseRecord(
                name, "ko" if n % 10 == 0 else "ko+en", "one_language" if n % 10 == 0 else "aligned", date=date,
                title=f"제목 {n} 100%_합의",
                pairs=(PairRecord(0, (0,), (0,), "가", "a", 1.0),), findings=findings))
    c, _ = client(env, page_size=25)
    first = c.get("/").text
    assert "121 releases · page 1 of 5" in first and first.count('<a href="/release/') == 25
    last = c.get("/?page=5").text
    assert last.count('<a href="/release/') == 21 and 'rel="next"' not in last
    assert c.get("/?page=99").status_code == 200
    assert "12 releases" in c.get("/?one_language=1").text
    assert "41 releases" in c.get("/?open=1").text                      # 40 bulk + the Norway release
    assert "10 releases" in c.get("/?from=2023-03-01&to=2023-03-31").text
    assert "1 release " in c.get("/?q=bulk-007").text
    assert "0 releases" in c.get("/?q=100%25x").text                  # % is a literal, not a wildcard
    assert "120 releases" in c.get("/?q=100%25_").text
    assert "0 releases" in c.get("/?q=' OR 1=1 --").text
    assert "121 releases" in c.get("/?from=not-a-date&page=-3").text


def test_cli_review_is_thin_and_lazy():
    code = ("import sys; from prtranslate.cli import app; "
            "print(any(m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2', 'torch') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


def test_cli_review_refuses_a_missing_store(cli, tmp_path):
    result = cli("review", "--db", tmp_path / "none.db", "--no-browser")
    assert result.exit_code == 6 and result.stderr.startswith("prtranslate: error: no store at")
    result = cli("review", "--db", tmp_path / "none.db", "--token", "short")
    assert result.exit_code == 2


def test_translate_with_the_store_enforces_its_glossary_layer(env, cli, tmp_path):
    from prtranslate.glossary import load_glossary, with_layer

    c, settings = client(env)
    ko = Store(env, create=False).release(NAME)[0].ko_path

    def glossary_used() -> str:
        # every paragraph comes from the store's memory: no model is loaded (the one named does not exist)
        result = cli("translate", ko, "--to", "en", "--tm", env, "--model", tmp_path / "no-model", "--no-cache",
                     "-f", "jsonl")
        assert result.exit_code == 0, result.stderr
        return {json.loads(line)["glossary"] for line in result.stdout.splitlines()}.pop()

    assert glossary_used() == load_glossary().digest
    assert decide(c, settings, c.get(f"/release/{NAME}").text, ROAD, "reject",
                  on_reject="acceptable").status_code == 303
    with Store(env, create=False) as store:
        assert store.layer_forms() == [("북극항로", "Northern Sea Road", "accepted")]
        layered = with_layer(load_glossary(), store.layer_forms())
    assert "Northern Sea Road" in layered.get("북극항로").accepted
    assert glossary_used() == layered.digest != load_glossary().digest


@pytest.mark.slow
def test_off_loopback_the_server_makes_and_needs_a_token(tmp_path, env):
    import os
    import signal
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "prtranslate", "review", "--db", str(env), "--host", "0.0.0.0", "--port", str(port),
         "--no-browser"], env={**os.environ, "PYTHONPATH": str(root / "src")},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        while "?token=" not in line and line:
            line = process.stderr.readline()
        token = re.search(r"\?token=([\w-]+)", line).group(1)
        assert len(token) >= 24
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=30)
                raise AssertionError("answered without the token")
            except urllib.error.HTTPError as err:
                assert err.code == 403
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200 and NAME in answer.read().decode()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


def test_a_port_in_use_is_one_line_and_exit_2_before_anything_is_announced(env):
    """It used to print the address as if serving, load for seconds, then uvicorn's own "ERROR: [Errno
    98]" line, exit 3 (an input error)."""
    import os
    import socket

    root = Path(__file__).resolve().parents[1]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "prtranslate", "review", "--db", str(env), "--port", str(port), "--no-browser"],
            env={**os.environ, "PYTHONPATH": str(root / "src")}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"prtranslate: error: cannot listen on 127.0.0.1:{port}: Address already in use;"
                           " choose another --port\n")
    bad = subprocess.run(
        [sys.executable, "-m", "prtranslate", "review", "--db", str(env), "--host", "no-such-host.invalid",
         "--no-browser"], env={**os.environ, "PYTHONPATH": str(root / "src")}, capture_output=True, text=True,
        timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("prtranslate: error: cannot listen on --host no-such-host.invalid")


def test_an_editor_name_on_two_lines_is_a_usage_error(env, cli):
    import socket

    with socket.socket() as taken:   # were the name accepted, the server could not start (no hang)
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        result = cli("review", "--db", env, "--no-browser", "--port", taken.getsockname()[1],
                     "--editor", "kim\n2026-01-01 approve: release")
    assert result.exit_code == 2
    assert result.stderr == "prtranslate: error: --editor must be a name on one line, without control characters\n"


def test_changed_files_keep_the_editors_version_with_a_notice(env, cli, tmp_path):
    c, settings = client(env)
    row = Store(env, create=False).release(NAME)[0]
    folder = tmp_path / "changed"
    shutil.copytree(Path(row.en_path).parent, folder)
    answer = c.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "0", "side": "en", "pid": "5",
                                           "text": "° About 20 officials of both sides took part."})
    assert answer.status_code == 200
    english = folder / f"{NAME}.en.txt"
    english.write_text(english.read_text(encoding="utf-8").replace("Svalbard", "the Svalbard"), encoding="utf-8")
    assert cli("corpus", "add", folder, "--db", env, "--workers", "1").exit_code == 0
    page = c.get(f"/release/{NAME}").text
    assert "The release's files changed since this version was saved" in page
    assert "About 20 officials" in page and "version 1" in page


def test_a_decision_stays_when_its_paragraph_is_edited_elsewhere(env):
    c, settings = client(env)
    page = c.get(f"/release/{NAME}").text
    assert decide(c, settings, page, "Number 20 (20)", "reject", note="about twenty").status_code == 303
    # another part of the same paragraph is corrected: the number is still missing, the rejection stands
    answer = c.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "0", "side": "en", "pid": "5",
                                           "text": "° Officials of both sides attended the session."},
                    follow_redirects=False)
    assert answer.status_code == 303
    element = next(f[2] for f in findings_of(c.get(f"/release/{NAME}").text) if "Number 20 (20)" in f[1])
    assert "reject by kim at" in element and "about twenty; kept after version 1" in element
    # a fix that removes the finding leaves its decision orphaned, as the store lists it
    c.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": "1", "side": "en", "pid": "5",
                                  "text": "° About 20 officials of both sides attended the session."})
    assert not any("Number 20 (20)" in f[1] for f in findings_of(c.get(f"/release/{NAME}").text))
    orphaned = Store(env, create=False).orphaned_decisions(NAME)
    assert {d.note for d in orphaned} == {"about twenty", "about twenty; kept after version 1"}
    page = c.get(f"/release/{NAME}").text
    assert "Decisions that no longer match" in page
    assert re.search(r"<li>reject by kim at [^<]*Number 20 \(20\)[^<]*\(about twenty\)</li>", page)


def test_upgrade_fingerprints_the_findings_already_stored(tmp_path):
    import sqlite3

    from prtranslate.store import SCHEMA_VERSION, ReleaseFilter, finding_fingerprint, migrate

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    assert migrate(conn, 0, 3) == 3                     # a store as the workbench found it
    conn.execute("INSERT INTO releases (id, name, languages, status, added_at) VALUES (1, 'r', 'ko+en', 'aligned', "
                 "'2026-01-01T00:00:00Z')")
    conn.execute("INSERT INTO pairs (release_id, position, ko_ids, en_ids, ko_text, en_text, score, flags, origin) "
                 "VALUES (1, 0, '[0]', '[0]', '가 20', 'a', 1.0, '', 'align')")
    decided = FindingRecord("number", "error", "Number 20 differs.", 0, "0", "0", "20", "20", "")
    for f in (decided, FindingRecord("number", "warning", "Number 30 is missing.", 0, "0", "0", "30", "30", "")):
        conn.execute("INSERT INTO findings (release_id, position, kind, severity, message, ko, en, evidence, expected, "
                     "found) VALUES (1, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (f.kind, f.severity, f.message, f.ko, f.en, f.evidence, f.expected, f.found))
    pair = PairRecord(0, (0,), (0,), "가 20", "a", 1.0)
    conn.execute("INSERT INTO decisions (release, target, fingerprint, verdict, subject, created_at) "
                 "VALUES ('r', 'finding', ?, 'reject', 'finding 1', '2026-01-01T00:00:00Z')",
                 (finding_fingerprint(decided, pair),))
    conn.close()
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION
        rows, total = store.release_page(ReleaseFilter())
        assert total == 1 and (rows[0].open_errors, rows[0].open_warnings) == (0, 1)
        assert store.release_page(ReleaseFilter(open_only=True))[1] == 1


def test_a_release_in_a_sub_folder_has_its_page(env):
    name = "2023/2023-01-02-talks <b>&</b>"
    with Store(env, create=False) as store:
        store.save_release(ReleaseRecord(name, "ko+en", "aligned", date="2023-01-02",
                                         pairs=(PairRecord(0, (0,), (0,), "가", "a", 1.0),)))
    c, _ = client(env)
    index = c.get("/?q=talks").text
    link = re.search(r'<a href="(/release/2023/[^"]+)">([^<]+)</a>', index)
    assert link.group(1) == "/release/2023/2023-01-02-talks%20%3Cb%3E%26%3C/b%3E"
    assert html.unescape(link.group(2)) == name and "<b>&</b>" not in index
    page = c.get(link.group(1))
    assert page.status_code == 200 and "2023/2023-01-02-talks &lt;b&gt;&amp;&lt;/b&gt;" in page.text
