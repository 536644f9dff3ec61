"""What the release store promises (README, "Guarantees"), each held through the command line.

Issue 10: 1 concurrent creation, 2 nothing lost to a bad option or a failed release, 3 editors'
decisions survive re-ingests, 4 damaged stores refused untouched and readers never create a
store, 5 read-only stores readable, 16 bad ids and damaged rows as one line; issue 11: a missing
release is an input error, issue 11/18: ``corpus list --status`` checks its value.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prtranslate.store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PACIFIC = "2021-11-09-pacific-islands-climate-training"
# Its Korean "※" note has no English counterpart: a "missing" finding to decide on.
COVID = "2021-03-04-covid19-humanitarian-assistance-africa"
ARCTIC = "2020-11-19-korea-russia-arctic-consultation"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def run(*args: object) -> tuple[int, str, str]:
    from prtranslate.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> bool:
    return stderr.startswith("prtranslate: error: ") and stderr.count("\n") == 1 and "Traceback" not in stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(db: Path) -> list[str]:
    """The store's companion files (-wal, -shm, -journal) present beside it."""
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name + "-"))


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled corpus, aligned and checked once into a store (copied by :func:`store`)."""
    base = tmp_path_factory.mktemp("populated")
    folder = base / "releases"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("README*"))
    db = base / "store.db"
    code, _, err = run("corpus", "add", folder, "--db", db, "--workers", "1")
    assert code == 0, err
    assert beside(db) == []  # the last writer checkpointed: every byte is in the main file
    return folder, db


@pytest.fixture
def store(populated: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the populated store and of its releases folder: ``(folder, db)``."""
    folder, db = populated
    shutil.copytree(folder, tmp_path / "releases")
    shutil.copy(db, tmp_path / "store.db")
    return tmp_path / "releases", tmp_path / "store.db"


def show(db: Path, release: str) -> list[dict]:
    code, out, err = run("corpus", "show", release, "--db", db, "-f", "jsonl")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def of(records: list[dict], kind: str) -> list[dict]:
    return [r[kind] for r in records if kind in r]


# --- 1. two processes creating one store -----------------------------------------------------------

RACER = """
import os, sys, time
from prtranslate.cli import app
go = sys.argv[1]
open(go + ".ready." + str(os.getpid()), "w").close()
while not os.path.exists(go):
    time.sleep(0.0005)
sys.argv = ["prtranslate", *sys.argv[2:]]
app()
"""


def test_1_processes_creating_one_store_at_once_leave_a_working_store(tmp_path: Path) -> None:
    folder = tmp_path / "releases"
    (folder / "2023-01-02-statement").mkdir(parents=True)
    (folder / "2023-01-02-statement" / "ko.txt").write_text("외교부는 2일 성명을 발표했다.\n", encoding="utf-8")
    # With the start barrier the old migration failed in 7 trials of 8, and the switch to WAL mode, which
    # SQLite refuses at once rather than waiting while another process holds a new file, in 12 of 20.
    racers = 3
    for trial in range(5):
        db, go = tmp_path / f"s{trial}.db", tmp_path / f"go{trial}"
        procs = [subprocess.Popen([sys.executable, "-c", RACER, str(go), "corpus", "add", str(folder), "--db",
                                   str(db), "--workers", "1", "--no-check"], env=ENV, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(racers)]
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob(f"go{trial}.ready.*"))) < racers and time.monotonic() < deadline:
            time.sleep(0.01)
        go.touch()  # all start opening the store at the same moment
        results = [p.communicate(timeout=60) for p in procs]
        for proc, (_, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, f"trial {trial}: {err}"
        code, out, err = run("corpus", "stats", "--db", db, "-f", "json")
        assert code == 0, f"trial {trial}: {err}"
        assert json.loads(out)["schema_version"] == SCHEMA_VERSION and json.loads(out)["releases"] == 1
        assert run("corpus", "list", "--db", db)[0] == 0


# --- 2. a bad option or a failed release destroys nothing ----------------------------------------


@pytest.mark.parametrize("glossary", ["missing", "binary", "bad-header"])
def test_2_a_bad_glossary_is_refused_before_anything_is_written(store: tuple[Path, Path], tmp_path: Path,
                                                                glossary: str) -> None:
    folder, db = store
    path = {"missing": tmp_path / "nowhere" / "gloss.tsv", "binary": tmp_path / "gloss.tsv",
            "bad-header": tmp_path / "gloss2.tsv"}[glossary]
    if glossary == "binary":
        path.write_bytes(b"ko\ten\n\x00\x01\x02\n")
    elif glossary == "bad-header":
        path.write_text("이름\t설명\n북극\tArctic\n", encoding="utf-8")
    before = digest(db)
    code, out, err = run("corpus", "add", folder, "--db", db, "-g", path, "--force", "--workers", "1")
    assert code == 4 and one_line_error(err), err
    assert out == ""
    assert digest(db) == before and beside(db) == []
    # A new store is not even created, nor by a missing folder or a lexicon a new store cannot have.
    code, _, err = run("corpus", "add", folder, "--db", tmp_path / "new.db", "-g", path)
    assert code == 4 and not (tmp_path / "new.db").exists()
    code, _, err = run("corpus", "add", tmp_path / "no-such-folder", "--db", tmp_path / "new.db")
    assert code == 3 and one_line_error(err) and not (tmp_path / "new.db").exists()
    code, _, err = run("corpus", "add", folder, "--db", tmp_path / "new.db", "--lexicon")
    assert code == 3 and one_line_error(err) and not (tmp_path / "new.db").exists()


def test_2_a_release_that_fails_keeps_its_previous_version_and_the_run_exits_3(store: tuple[Path, Path]) -> None:
    folder, db = store
    before = show(db, PACIFIC)
    english = folder / f"{PACIFIC}.en.txt"
    original = english.read_text(encoding="utf-8")
    english.write_text((folder / f"{PACIFIC}.ko.txt").read_text(encoding="utf-8"), encoding="utf-8")  # wrong language

    code, out, err = run("corpus", "add", folder, "--db", db, "--workers", "1")
    assert code == 3 and one_line_error(err), (code, err)
    assert "1 failed" in out and f"failed: {PACIFIC}:" in out
    after = show(db, PACIFIC)
    assert of(after, "pair") == of(before, "pair") and of(after, "finding") == of(before, "finding")
    release = of(after, "release")[0]
    assert release["status"] == "aligned" and release["id"] == of(before, "release")[0]["id"]
    assert "previous version kept" in release["error"]
    code, listing, _ = run("corpus", "list", "--db", db)
    assert "previous version kept" in listing

    # Fixed file: stored again, the failure forgotten; the other releases were never touched.
    english.write_text(original, encoding="utf-8")
    code, out, err = run("corpus", "add", folder, "--db", db, "--workers", "1")
    assert code == 0, err
    assert "4 unchanged" in out and "0 failed" in out
    assert of(show(db, PACIFIC), "release")[0]["error"] is None


# --- 3. editors' decisions survive re-ingests ---------------------------------------------------


def _pair_position(records: list[dict], words: str) -> int:
    return next(p["position"] for p in of(records, "pair") if words in (p["en_text"] or ""))


def test_3_decisions_survive_reingests_and_orphaned_ones_are_listed(store: tuple[Path, Path]) -> None:
    folder, db = store
    records = show(db, COVID)
    position = _pair_position(records, "diagnostic kits")
    assert run("corpus", "decide", COVID, "reject", "--pair", position, "--editor", "kim", "--note",
               "wrong pair", "--db", db)[0] == 0
    assert run("corpus", "decide", COVID, "accept", "--finding", "1", "--editor", "lee", "--db", db)[0] == 0

    def decisions() -> list[dict]:
        return of(show(db, COVID), "decision")

    first = decisions()
    assert [(d["verdict"], d["editor"], d["target"]) for d in first] == [("reject", "kim", "pair"),
                                                                        ("accept", "lee", "finding")]
    assert first[0]["pair"] == position and first[1]["finding"] == 1
    assert not any(d["orphaned"] for d in first)

    # Re-aligned with --force: nothing lost, still attached.
    assert run("corpus", "add", folder, "--db", db, "--force", "--workers", "1")[0] == 0
    assert decisions() == first

    # Another paragraph edited: the decided pair is unchanged, so its decision stays attached.
    english = folder / f"{COVID}.en.txt"
    original = english.read_text(encoding="utf-8")
    english.write_text(original.replace("bilateral cooperation", "two-way cooperation"),
                       encoding="utf-8")
    assert run("corpus", "add", folder, "--db", db, "--workers", "1")[0] == 0
    now = decisions()
    assert now[0]["pair"] == _pair_position(show(db, COVID), "diagnostic kits") and not now[0]["orphaned"]

    # The decided paragraph edited: the decision no longer matches, is listed as orphaned, is kept.
    english.write_text(original.replace("diagnostic kits", "test kits"), encoding="utf-8")
    assert run("corpus", "add", folder, "--db", db, "--workers", "1")[0] == 0
    now = decisions()
    assert now[0]["orphaned"] and now[0]["pair"] is None and now[0]["note"] == "wrong pair"
    code, text, _ = run("corpus", "show", COVID, "--db", db)
    assert "orphaned" in text and "kim" in text

    # The paragraph back as it was: the same decision is attached again.
    english.write_text(original, encoding="utf-8")
    assert run("corpus", "add", folder, "--db", db, "--workers", "1")[0] == 0
    assert decisions() == first

    # Only an explicit command removes a decision.
    code, out, err = run("corpus", "decide", COVID, "--forget", first[0]["id"], "--db", db)
    assert code == 0 and out.startswith(f"forgotten: decision {first[0]['id']}"), err
    assert [d["id"] for d in decisions()] == [first[1]["id"]]
    code, _, err = run("corpus", "decide", COVID, "--forget", first[0]["id"], "--db", db)
    assert code == 3 and one_line_error(err)


# --- 4. damaged stores are refused untouched; readers never create a store ---------------------------


def _leaf_page_of(db: Path, table: str) -> tuple[int, int]:
    """``(page number, page size)`` of a leaf page of ``table``'s b-tree (first child, depth first)."""
    with sqlite3.connect(db) as conn:
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = db.read_bytes()
    while True:
        start = (page - 1) * size
        header = start + (100 if page == 1 else 0)
        kind = data[header]
        if kind == 0x0D:  # table leaf
            return page, size
        assert kind == 0x05, kind  # table interior: follow the first cell's left child
        first_cell = int.from_bytes(data[header + 12:header + 14], "big")
        page = int.from_bytes(data[start + first_cell:start + first_cell + 4], "big")


@pytest.fixture
def damaged(store: tuple[Path, Path]) -> tuple[Path, Path]:
    folder, db = store
    page, size = _leaf_page_of(db, "pairs")
    data = bytearray(db.read_bytes())
    noise = random.Random(10).randbytes(size - 8)
    data[(page - 1) * size + 8:page * size] = noise
    db.write_bytes(bytes(data))
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    for leftover in beside(db):
        (db.parent / leftover).unlink()
    return folder, db


@pytest.mark.parametrize("command", [
    ("corpus", "add", "{folder}", "--force", "--workers", "1"),
    ("corpus", "add", "{folder}", "--workers", "1"),
    ("corpus", "decide", ARCTIC, "accept", "--pair", "0"),
    ("tm", "import", "{tmx}"),
    ("tm", "learn"),
    ("corpus", "stats"),
])
def test_4_a_damaged_store_is_refused_before_anything_changes(damaged: tuple[Path, Path], tmp_path: Path,
                                                              command: tuple[str, ...]) -> None:
    folder, db = damaged
    tmx = tmp_path / "in.tmx"
    tmx.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="ko"/><body><tu>'
                   '<tuv xml:lang="ko"><seg>외교부</seg></tuv><tuv xml:lang="en"><seg>Ministry</seg></tuv>'
                   '</tu></body></tmx>', encoding="utf-8")
    (folder / f"{ARCTIC}.en.txt").write_text("Changed.\n", encoding="utf-8")  # something to store
    before, mtime = digest(db), db.stat().st_mtime_ns
    args = [a.format(folder=folder, tmx=tmx) for a in command]
    code, _, err = run(*args, "--db", db)
    assert code == 6 and one_line_error(err), (code, err)
    assert "damaged" in err.replace(str(db), "DB") and "left untouched" in err
    assert digest(db) == before and db.stat().st_mtime_ns == mtime
    if command[:2] == ("corpus", "stats"):  # a reader: SQLite may leave its (empty) WAL index beside the file
        assert all((db.parent / name).stat().st_size == 0 for name in beside(db) if name.endswith("-wal"))
    else:
        assert beside(db) == []


READERS = [
    ("corpus", "list"),
    ("corpus", "show", ARCTIC),
    ("corpus", "stats"),
    ("tm", "export", "{out}"),
    ("tm", "lookup", "외교부"),
    ("corpus", "export", ARCTIC, "-o", "{out}.d"),
]


@pytest.mark.parametrize("state", ["missing", "empty"])
@pytest.mark.parametrize("command", [
    *READERS,
    ("align", CORPUS / f"{ARCTIC}.ko.txt", CORPUS / f"{ARCTIC}.en.txt", "--lexicon-db"),
    ("translate", CORPUS / f"{ARCTIC}.ko.txt", "--tm"),
])
def test_4_reading_commands_never_create_a_store(tmp_path: Path, state: str, command: tuple[str, ...]) -> None:
    db = tmp_path / "store.db"
    if state == "empty":
        db.write_bytes(b"")
    out = tmp_path / "out.tmx"
    option = [] if command[-1] in ("--lexicon-db", "--tm") else ["--db"]
    code, stdout, err = run(*[str(a).format(out=out) for a in command], *option, db)
    assert code == 6 and one_line_error(err), (code, err)
    assert stdout == ""
    assert db.exists() == (state == "empty") and (state == "missing" or db.read_bytes() == b"")
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if state == "missing" else ["store.db"])


# --- 5. readers work on a store they cannot write -----------------------------------------------

NO_WRITE_PERMISSION = ["--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable", "--"]
RUN_ALL = """
import json, sys
from typer.testing import CliRunner
from prtranslate.cli import app
results = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(app, args)
    results.append([result.exit_code, result.stdout, result.stderr])
print(json.dumps(results))
"""


def run_without_write_permission(*commands: tuple[object, ...]) -> list[tuple[int, str, str]]:
    """``prtranslate ARGS`` for each of ``commands``, in one process that permission bits apply to. Tests
    run as root here, and root ignores them: the process then runs as root without the capabilities
    that override them."""
    command = [sys.executable, "-c", RUN_ALL, json.dumps([[str(a) for a in args] for args in commands])]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:  # pragma: no cover - util-linux is part of the development image
            pytest.skip("running as root without setpriv: cannot drop the right to ignore permissions")
        command = [setpriv, *NO_WRITE_PERMISSION, *command]
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [tuple(r) for r in json.loads(done.stdout)]


@pytest.mark.parametrize(("leftovers", "folder_too"), [(False, True), (True, True), (False, False)],
                         ids=["clean", "with-wal-and-shm", "read-only-file-only"])
def test_5_a_store_in_a_read_only_folder_is_read(store: tuple[Path, Path], tmp_path: Path,
                                                  leftovers: bool, folder_too: bool) -> None:
    _, source = store
    folder = tmp_path / "readonly"
    folder.mkdir()
    db = folder / "store.db"
    shutil.copy(source, db)
    if leftovers:  # what an earlier reader on a writable folder leaves: an empty -wal and the -shm
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            conn.execute("SELECT COUNT(*) FROM releases").fetchone()
        assert beside(db) == ["store.db-shm", "store.db-wal"]
    before = {p.name: digest(p) for p in folder.iterdir()}
    out = tmp_path / "out.tmx"
    try:
        for path in folder.iterdir():
            path.chmod(0o444)
        if folder_too:
            folder.chmod(0o555)
        probe, listing, shown, stats, exported, lookup = run_without_write_permission(
            ("corpus", "decide", ARCTIC, "accept", "--pair", "0", "--db", db),
            ("corpus", "list", "--db", db),
            ("corpus", "show", ARCTIC, "--db", db),
            ("corpus", "stats", "--db", db),
            ("tm", "export", out, "--db", db),
            ("tm", "lookup", "외교부", "--min", "10", "--db", db),
        )
    finally:
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.chmod(0o644)
    assert probe[0] == 6 and one_line_error(probe[2]), probe  # the process really cannot write there
    assert listing[0] == 0 and len(listing[1].splitlines()) == 5, listing
    assert shown[0] == 0 and "ko: " in shown[1], shown
    assert stats[0] == 0 and "releases: 5" in stats[1], stats
    assert exported[0] == 0 and out.exists(), exported
    assert lookup[0] == 0 and "%" in lookup[1], lookup
    after = {p.name: digest(p) for p in folder.iterdir()}
    assert after["store.db"] == before["store.db"]
    assert after == before or not folder_too  # in a writable folder SQLite may add its WAL index


def test_5_readers_open_the_store_read_only_and_never_change_it(store: tuple[Path, Path], tmp_path: Path) -> None:
    _, db = store
    before, mtime = digest(db), db.stat().st_mtime_ns
    for command in READERS:
        code, _, err = run(*[a.format(out=tmp_path / "out.tmx") for a in command], "--db", db)
        assert code == 0, (command, err)
    assert digest(db) == before and db.stat().st_mtime_ns == mtime
    from prtranslate.store import Store

    with Store(db, readonly=True) as reader, pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader._conn.execute("DELETE FROM releases")
    assert digest(db) == before


# --- 16 and issue 11: bad ids, damaged rows, unknown releases, unknown statuses ---------------------


@pytest.mark.parametrize("release", ["99999999999999999999999", "99", "nope", "0", "1e3"])
def test_16_an_unknown_release_is_an_input_error(store: tuple[Path, Path], release: str) -> None:
    _, db = store
    code, out, err = run("corpus", "show", release, "--db", db)
    assert code == 3 and one_line_error(err), (code, err)
    assert "no release" in err and out == ""


def test_16_a_pair_with_damaged_ids_is_a_store_error(store: tuple[Path, Path], tmp_path: Path) -> None:
    _, db = store
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE pairs SET ko_ids = '[1, 2' WHERE id = (SELECT MIN(p.id) FROM pairs p JOIN releases r "
                     "ON r.id = p.release_id WHERE r.name = ? AND p.ko_text IS NOT NULL AND p.en_text IS NOT NULL "
                     "AND p.flags NOT LIKE '%boilerplate%')", (ARCTIC,))
    for command in (("corpus", "show", ARCTIC), ("tm", "export", tmp_path / "out.tmx")):
        code, _, err = run(*command, "--db", db)
        assert code == 6 and one_line_error(err), (command, err)
        assert ARCTIC in err and "damaged" in err.replace(str(db), "DB")


def test_list_refuses_an_unknown_status(store: tuple[Path, Path]) -> None:
    _, db = store
    code, out, err = run("corpus", "list", "--status", "bogus", "--db", db)
    assert code == 2 and one_line_error(err), (code, err)
    assert "bogus" in err and "aligned" in err and "one_language" in err and "failed" in err
    assert out == ""
    # A usage error whatever the store: checked before it is opened.
    code, _, err = run("corpus", "list", "--status", "bogus", "--db", db.parent / "missing.db")
    assert code == 2 and one_line_error(err)


# --- a kill -9 in the middle of a batch; an older schema --------------------------------------------


def test_a_batch_killed_mid_write_leaves_whole_releases(store: tuple[Path, Path]) -> None:
    folder, db = store
    for path in folder.glob("*.en.txt"):  # every release changed: all five are written again
        path.write_text(path.read_text(encoding="utf-8") + "\nAdded at the end.\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "prtranslate", "corpus", "add", str(folder), "--db", str(db),
                             "--workers", "1", "--no-check"], env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            if conn.execute("SELECT COUNT(*) FROM pairs WHERE en_text = 'Added at the end.'").fetchone()[0]:
                break
        time.sleep(0.005)
    os.killpg(proc.pid, 9)
    assert proc.wait() == -9  # killed part-way, not finished
    code, out, err = run("corpus", "stats", "--db", db)  # quick_check passes: the file is sound
    assert code == 0 and "releases: 5" in out, err
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT r.name, COUNT(p.id), MAX(p.position), SUM(p.en_text = 'Added at the end.') "
                            "FROM releases r JOIN pairs p ON p.release_id = r.id GROUP BY r.id").fetchall()
    assert len(rows) == 5 and all(count == top + 1 for _, count, top, _ in rows)  # none half-written
    code, out, err = run("corpus", "add", folder, "--db", db, "--workers", "1", "--no-check")
    assert code == 0, err


def test_readers_leave_an_older_schema_to_writers(tmp_path: Path) -> None:
    from prtranslate.store import migrate

    db = tmp_path / "v2.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, 0, 2)
    conn.close()
    before = digest(db)
    code, _, err = run("corpus", "list", "--db", db)
    assert code == 6 and one_line_error(err) and "corpus upgrade" in err
    assert digest(db) == before
    code, out, err = run("corpus", "upgrade", "--db", db)
    assert code == 0 and f"schema version {SCHEMA_VERSION}" in out, err
    assert run("corpus", "list", "--db", db)[0] == 0
