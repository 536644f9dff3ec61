"""Folders of releases: discovery, batch ingest, resume by hash, Ctrl-C, and the corpus commands."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prtranslate.corpus import find_releases, ingest, release_date
from prtranslate.errors import InputError
from prtranslate.store import Store

ROOT = Path(__file__).resolve().parents[1]


def make_releases(shared: Path, out: Path, docs: int, seed: int = 7) -> Path:
    """Bench documents from the news corpus as releases NNN.ko.txt + NNN.en.txt (gold files beside them)."""
    news = shared / "data" / "korean-english-news"
    subprocess.run([sys.executable, str(shared / "tools" / "make_align_bench.py"), str(news / "dev.ko"),
                    str(news / "dev.en"), str(out), "--seed", str(seed), "--docs", str(docs)], check=True)
    return out


def touch(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_find_releases_pairs_folders_single_language_and_noise(tmp_path: Path) -> None:
    touch(tmp_path / "2021-03-04-aid.ko.txt", "가")
    touch(tmp_path / "2021-03-04-aid.en.txt", "a")
    touch(tmp_path / "20220524_un.ko.html", "가")
    touch(tmp_path / "sub" / "2020-11-19-arctic" / "ko.txt", "가")
    touch(tmp_path / "sub" / "2020-11-19-arctic" / "en.md", "a")
    touch(tmp_path / "000.gold.json", "[]")
    touch(tmp_path / "notes.txt", "x")
    touch(tmp_path / ".hidden.ko.txt", "x")
    releases = find_releases(tmp_path)
    assert [(r.name, r.languages) for r in releases] == [
        ("2021-03-04-aid", "ko+en"), ("20220524_un", "ko"), ("sub/2020-11-19-arctic", "ko+en"),
    ]
    assert releases[2].en == tmp_path / "sub" / "2020-11-19-arctic" / "en.md"


def test_find_releases_refuses_two_files_of_one_language(tmp_path: Path) -> None:
    touch(tmp_path / "a.ko.txt", "가")
    touch(tmp_path / "a.ko.html", "가")
    with pytest.raises(InputError, match="two ko files"):
        find_releases(tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        find_releases(tmp_path / "nope")


@pytest.mark.parametrize(("name", "date"), [
    ("2021-03-04-covid19", "2021-03-04"), ("sub/20220524_un", "2022-05-24"), ("000", None),
    ("2021-13-45-bad", None),
])
def test_release_date(name: str, date: str | None) -> None:
    assert release_date(name) == date


def test_ingest_the_corpus_then_resume_and_update(tmp_path: Path, corpus_dir: Path) -> None:
    folder = tmp_path / "releases"
    shutil.copytree(corpus_dir, folder, ignore=shutil.ignore_patterns("README*"))
    ko_only = touch(folder / "2023-01-02-ko-only" / "ko.txt",
                    "외교부는 2일 성명을 발표했다.\n\n장관은 회의에 참석했다.\n")
    touch(folder / "2023-01-03-wrong.ko.txt", "This is English text in the Korean file.\n")
    touch(folder / "2023-01-03-wrong.en.txt", "This is English text too.\n")
    seen: list[tuple[int, int, str, str]] = []
    with Store(tmp_path / "s.db") as store:
        report = ingest(folder, store, workers=1, check=False, progress=lambda *a: seen.append(a))
        pairs_found = len(find_releases(corpus_dir))
        assert report.found == pairs_found + 2
        # A release that failed is reported as failed, not as added.
        assert len(report.added) == report.found - 1 and not report.interrupted and report.pending == 0
        assert report.one_language == ["2023-01-02-ko-only"]
        assert [name for name, _ in report.failed] == ["2023-01-03-wrong"]
        assert "English" in report.failed[0][1]
        assert seen[-1][:2] == (report.found, report.found)
        rows = {r.name: r for r in store.releases()}
        assert rows["2023-01-02-ko-only"].languages == "ko" and rows["2023-01-02-ko-only"].pairs == 2
        arctic = rows["2020-11-19-korea-russia-arctic-consultation"]
        assert arctic.status == "aligned" and arctic.date == "2020-11-19" and arctic.pairs > 5
        assert arctic.title

        again = ingest(folder, store, workers=1, check=False)
        # Unchanged releases are skipped; the failed one is tried again (and fails again).
        assert len(again.skipped) == report.found - 1 and again.updated == []
        assert [name for name, _ in again.failed] == ["2023-01-03-wrong"] and again.kept == []

        ko_only.write_text("외교부는 3일 성명을 발표했다.\n", encoding="utf-8")
        third = ingest(folder, store, workers=1, check=False)
        assert "2023-01-02-ko-only" in third.updated
        assert store.stats().releases == report.found
        assert store.release("2023-01-02-ko-only")[0].pairs == 1


def test_ingest_with_two_workers_stores_each_release_once(tmp_path: Path, shared_dir: Path) -> None:
    folder = make_releases(shared_dir, tmp_path / "bench", docs=6)
    with Store(tmp_path / "s.db") as store:
        report = ingest(folder, store, workers=2, check=False)
        assert sorted(report.added) == [f"{n:03d}" for n in range(6)] and not report.failed
        rows = store.releases()
        assert [r.name for r in rows] == [f"{n:03d}" for n in range(6)]
        for row in rows:
            _, pairs, _ = store.release(row.name)
            assert [p.position for p in pairs] == list(range(len(pairs)))


def test_corpus_commands(cli, tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "s.db"
    result = cli("corpus", "add", corpus_dir, "--db", db, "--workers", "1")
    assert result.exit_code == 0, result.stderr
    count = len(find_releases(corpus_dir))
    assert f"{count} releases found: {count} added" in result.stdout
    assert "unchanged" in cli("corpus", "add", corpus_dir, "--db", db, "--workers", "1").stdout

    listing = cli("corpus", "list", "--db", db)
    assert listing.exit_code == 0 and "2020-11-19" in listing.stdout
    assert len(listing.stdout.splitlines()) == count
    assert cli("corpus", "list", "--db", db, "--status", "failed").stdout == ""
    jsonl = cli("corpus", "list", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert len(jsonl) == count and '"status": "aligned"' in jsonl[0]

    show = cli("corpus", "show", "2020-11-19-korea-russia-arctic-consultation", "--db", db)
    assert show.exit_code == 0 and "ko: " in show.stdout and "en: " in show.stdout
    assert cli("corpus", "show", "nope", "--db", db).exit_code == 3  # a missing release is an input error

    stats = cli("corpus", "stats", "--db", db)
    assert f"releases: {count} (aligned {count}" in stats.stdout
    with Store(db, create=False) as store:
        assert store.stats().findings > 0  # the checker ran and its findings were kept
        _, pairs, findings = store.release("2020-11-19-korea-russia-arctic-consultation")
        assert all(f.position is None or 0 <= f.position < len(pairs) for f in findings)
    assert '"schema_version"' in cli("corpus", "stats", "--db", db, "--format", "json").stdout


def test_corpus_add_errors(cli, tmp_path: Path) -> None:
    result = cli("corpus", "add", tmp_path / "missing", "--db", tmp_path / "s.db")
    assert result.exit_code == 3 and "does not exist" in result.stderr
    result = cli("corpus", "list", "--db", tmp_path / "none.db")
    assert result.exit_code == 6 and "no store" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_corpus_add_where_every_release_failed_does_not_say_the_others_were_stored(
        cli, tmp_path: Path, corpus_dir: Path) -> None:
    folder = tmp_path / "swapped"
    folder.mkdir()
    name = "2020-11-19-korea-russia-arctic-consultation"
    shutil.copy(corpus_dir / f"{name}.en.txt", folder / "2020-01-01-x.ko.txt")
    shutil.copy(corpus_dir / f"{name}.ko.txt", folder / "2020-01-01-x.en.txt")
    result = cli("corpus", "add", folder, "--db", tmp_path / "s.db")
    assert result.exit_code == 3
    assert result.stderr == "prtranslate: error: 1 of 1 releases failed (listed above); none was stored\n"
    shutil.copytree(corpus_dir, folder, dirs_exist_ok=True)
    result = cli("corpus", "add", folder, "--db", tmp_path / "s.db")
    assert result.exit_code == 3 and result.stderr.endswith("(listed above); the others are in the store\n")


def _count(db: Path) -> tuple[int, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT COUNT(*), COUNT(DISTINCT name) FROM releases").fetchone()
    return rows[0], rows[1]


@pytest.mark.slow
def test_sixty_releases_interrupted_then_resumed(tmp_path: Path, shared_dir: Path) -> None:
    """Ctrl-C a batch of 60 releases part-way; a re-run stores every release exactly once, and the TMX
    export reads back with translate-toolkit with one unit per two-sided, non-boilerplate pair."""
    from translate.storage.tmx import tmxfile

    folder = tmp_path / "releases"
    make_releases(shared_dir, folder / "a", docs=30, seed=1)
    make_releases(shared_dir, folder / "b", docs=30, seed=2)
    assert len(find_releases(folder)) == 60
    db = tmp_path / "s.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "prtranslate", "corpus", "add", str(folder), "--db", str(db),
               "--workers", "2", "--no-check"]
    # Its own process group, so that Ctrl-C reaches the workers too, as from a terminal.
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    reads = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                stored, _ = _count(db)
                reads += 1
            except sqlite3.OperationalError:  # the schema is being created
                stored = 0
            if stored >= 3:
                break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode != 0:  # normally: stopped part-way
        assert proc.returncode == 130, err
        assert "interrupted" in err and "Traceback" not in err
    first, _ = _count(db)
    print(f"interrupted run: exit {proc.returncode}, {first} of 60 stored; {err.strip()}")

    # Readers are never blocked or shown a half release while the batch writes.
    rerun = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Store(db, create=False) as reader:
        while rerun.poll() is None:
            for row in reader.releases():
                assert row.pairs > 0
            reads += 1
            time.sleep(0.01)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"{first} unchanged" in out
    assert _count(db) == (60, 60)
    assert reads > 1

    with sqlite3.connect(db) as conn:
        expected = conn.execute(
            "SELECT COUNT(*) FROM pairs WHERE ko_text IS NOT NULL AND en_text IS NOT NULL "
            "AND flags NOT LIKE '%boilerplate%'").fetchone()[0]
        per_release = conn.execute(
            "SELECT r.name, COUNT(p.id), MAX(p.position) FROM releases r JOIN pairs p ON p.release_id = r.id "
            "GROUP BY r.id").fetchall()
    assert all(count == top + 1 for _, count, top in per_release)  # no release half-written
    tmx = tmp_path / "all.tmx"
    result = subprocess.run([sys.executable, "-m", "prtranslate", "tm", "export", str(tmx), "--db", str(db)],
                            env=env, capture_output=True, text=True, check=True)
    assert f"{expected} units" in result.stdout
    units = tmxfile.parsefile(str(tmx)).units
    assert len(units) == expected > 60 * 5
    assert len({u.getid() for u in units}) == expected
