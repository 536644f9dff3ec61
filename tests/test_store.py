"""The release store: migrations, refusing corrupt or foreign files untouched, transactions, WAL readers."""

from __future__ import annotations

import sqlite3
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prtranslate.errors import InputError, StoreError
from prtranslate.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    FindingRecord,
    PairRecord,
    ReleaseRecord,
    Store,
    TmUnit,
    migrate,
    pair_fingerprint,
)


def record(name: str, pairs: int = 3, **extra) -> ReleaseRecord:
    return ReleaseRecord(
        name=name, languages="ko+en", status="aligned", date="2021-03-04", title=f"title {name}",
        ko_path=f"{name}.ko.txt", en_path=f"{name}.en.txt", ko_hash="k" * 64, en_hash="e" * 64,
        pairs=tuple(PairRecord(i, (i,), (i,), f"한국어 {i}", f"English {i}", 0.9) for i in range(pairs)),
        findings=(FindingRecord("number", "error", "2,000 vs 3,000", position=1, expected="2000",
                                found="3000"),),
        **extra,
    )


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_new_store_is_migrated_to_the_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
    assert {"prtranslate_meta", "releases", "pairs", "findings", "decisions", "translations", "tm_units",
            "lexicon"} <= tables(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_empty_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.stats().releases == 0


def test_an_old_schema_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, 0, 1) == 1
    conn.execute("INSERT INTO releases (name, languages, status, added_at) "
                 "VALUES ('old', 'ko', 'one_language', '2020-01-01T00:00:00Z')")
    conn.close()
    assert "tm_units" not in tables(path)
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION == MIGRATIONS[-1][0]
        assert [r.name for r in store.releases()] == ["old"]
    assert "tm_units" in tables(path)


def test_a_version_2_store_gains_release_metadata(tmp_path: Path) -> None:
    """Step 3 adds ``releases.meta``: old releases read as no metadata, new ones keep theirs."""
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, 0, 2) == 2
    conn.execute("INSERT INTO releases (name, languages, status, added_at) "
                 "VALUES ('old', 'ko', 'one_language', '2020-01-01T00:00:00Z')")
    conn.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        store.save_release(record("new", meta={"posted": "2023-06-09", "department": "기후환경과학외교국"}))
        assert {r.name: r.meta for r in store.releases()} == {
            "old": {}, "new": {"posted": "2023-06-09", "department": "기후환경과학외교국"}}
        assert store.release("new")[0].meta["department"] == "기후환경과학외교국"


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.save_release(record("a"))
    with Store(path) as store:
        assert [r.name for r in store.releases()] == ["a"]


@pytest.mark.parametrize("content", [
    b"this is a text file, not a database\n" * 20,
    b"SQLite format 3\x00" + b"\xff\x13" * 2000,          # the right header over garbage pages
    bytes(range(256)) * 8,
])
def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as err:
        Store(path)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.db"]  # no -wal/-shm left beside it


def test_a_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a prtranslate store"):
        Store(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE prtranslate_meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_reading_commands_need_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_cli_reports_a_corrupt_store_in_one_line_with_exit_code_6(cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"garbage" * 100)
    commands = (("corpus", "list"), ("corpus", "stats"), ("tm", "lookup", "정부"), ("tm", "export", "x.tmx"))
    for args in commands:
        result = cli(*args, "--db", path)
        assert result.exit_code == 6, args
        assert result.stderr.startswith("prtranslate: error:") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == b"garbage" * 100


def test_save_release_replaces_by_name_and_keeps_pairs_and_findings(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.save_release(record("a", pairs=3))
        store.save_release(record("a", pairs=5))
        store.save_release(record("b", pairs=2))
        rows = {r.name: r for r in store.releases()}
        assert set(rows) == {"a", "b"} and rows["a"].pairs == 5 and rows["a"].findings == 1
        row, pairs, findings = store.release("a")
        assert [p.position for p in pairs] == list(range(5))
        assert pairs[0] == PairRecord(0, (0,), (0,), "한국어 0", "English 0", 0.9)
        assert findings[0].expected == "2000"
        assert store.release(str(row.id))[0].name == "a"
        with pytest.raises(InputError, match="no release"):
            store.release("zzz")


def test_a_failed_transaction_leaves_no_half_release(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.save_release(record("a"))
        broken = record("b", pairs=2)
        # Two pairs at the same position break the UNIQUE constraint after the release row is written.
        broken = ReleaseRecord(**{**broken.__dict__, "pairs": (*broken.pairs, broken.pairs[0])})
        with pytest.raises(StoreError):
            store.save_release(broken)
        assert [r.name for r in store.releases()] == ["a"]
        assert store.stats().pairs == 3


def test_tm_units_decisions_translations_and_lexicon(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.save_release(record("a"))
        unit = TmUnit("외교부", "Ministry of Foreign Affairs", origin="import:x.tmx")
        assert store.add_tm_units([unit, unit]) == (1, 1)
        assert store.add_tm_units([unit]) == (0, 1)
        assert store.tm_units()[0].source == "외교부"
        store.add_translation("안녕", "Hello", "ko", "en", "mt:opus-mt", "sig", release="a")
        _, _, findings = store.release("a")
        decision = store.record_decision("a", findings[0], "accept", editor="kim")
        assert (decision.target, decision.finding, decision.orphaned) == ("finding", 1, False)
        assert store.save_lexicon([("정부", "government", 0.8, 12)]) == 1
        assert store.load_lexicon() == [("정부", "government", 0.8, 12)]
        stats = store.stats()
        assert (stats.tm_units_imported, stats.translations, stats.lexicon_entries) == (1, 1, 1)


def test_readers_see_whole_releases_while_a_writer_adds_them(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    errors: list[BaseException] = []
    done = threading.Event()

    def write() -> None:
        try:
            with Store(path) as store:
                for n in range(40):
                    store.save_release(record(f"r{n:02d}", pairs=1 + n % 7))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    seen = 0
    with Store(path, create=False) as reader:
        reads = 0
        while True:
            finished = done.is_set()
            rows = reader.releases()
            reads += 1
            for row in rows:
                n = int(row.name[1:])
                assert row.pairs == 1 + n % 7, "a reader saw a half-written release"
            seen = len(rows)
            if finished:
                break
    writer.join()
    assert not errors
    assert seen == 40
    assert reads > 1


def test_schema_3_keeps_the_decisions_of_an_older_store_keyed_by_fingerprint(tmp_path: Path) -> None:
    """Decisions stored by row id and position (schema 2) are carried over, attached to the same pair or
    finding, and survive the release being stored again."""
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, 0, 2) == 2
    conn.execute("INSERT INTO releases (id, name, languages, status, added_at) "
                 "VALUES (7, 'a', 'ko+en', 'aligned', '2020-01-01T00:00:00Z')")
    for i in range(3):
        conn.execute("INSERT INTO pairs (release_id, position, ko_ids, en_ids, ko_text, en_text, score, flags, "
                     "origin) VALUES (7, ?, ?, ?, ?, ?, 0.9, '', 'align')",
                     (i, f"[{i}]", f"[{i}]", f"한국어 {i}", f"English {i}"))
    conn.execute("INSERT INTO findings (release_id, position, kind, severity, message, expected, found) "
                 "VALUES (7, 1, 'number', 'error', '2,000 vs 3,000', '2000', '3000')")
    for position, subject, verdict in ((2, "pair #2: ko 2 ↔ en 2", "reject"),
                                       (1, "finding 1: number 2,000 vs 3,000", "accept"),
                                       (None, "translation 4", "fixed")):
        conn.execute("INSERT INTO decisions (release_id, position, subject, decision, editor, created_at) "
                     "VALUES (7, ?, ?, ?, 'kim', '2020-01-02T00:00:00Z')", (position, subject, verdict))
    conn.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        before = store.decisions_for("a")
        assert [(d.target, d.verdict, d.pair, d.finding, d.orphaned) for d in before] == [
            ("pair", "reject", 2, None, False), ("finding", "accept", None, 1, False),
            ("finding", "fixed", None, None, True)]
        store.save_release(record("a"))  # stored again: the same texts, new rows
        assert store.decisions_for("a") == before
        assert [d.id for d in store.orphaned_decisions("a")] == [before[2].id]


@given(st.text(max_size=40), st.text(max_size=40), st.text(alphabet=" \t\n\u3000", min_size=1, max_size=3),
       st.text(min_size=1, max_size=5))
def test_a_pair_fingerprint_ignores_layout_and_nothing_else(ko: str, en: str, space: str, extra: str) -> None:
    """Re-ingesting changes positions, ids, scores, whitespace and Unicode composition: not the fingerprint.
    Any other change to a text changes it."""
    pair = PairRecord(0, (0,), (0,), ko, en, 1.0)
    moved = PairRecord(5, (3, 4), (9,), unicodedata.normalize("NFD", space + ko.replace(" ", space) + space), en,
                       0.2, ("low_confidence",))
    assert pair_fingerprint(moved) == pair_fingerprint(pair)
    def same(a: str, b: str) -> bool:
        return " ".join(unicodedata.normalize("NFC", a).split()) == " ".join(unicodedata.normalize("NFC", b).split())

    if not same(en + extra, en):
        assert pair_fingerprint(PairRecord(0, (0,), (0,), ko, en + extra, 1.0)) != pair_fingerprint(pair)
    if not same(ko, en):
        assert pair_fingerprint(PairRecord(0, (0,), (0,), en, ko, 1.0)) != pair_fingerprint(pair)


def test_writers_take_turns_and_a_long_wait_is_one_line(tmp_path: Path) -> None:
    """A writer waits for another's transaction (up to ``timeout``), then gives up with a one-line error."""
    path = tmp_path / "s.db"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of writing a release
    with pytest.raises(StoreError, match="locked by another prtranslate"), Store(path, timeout=0.2) as store:
        store.save_release(record("a"))
    threading.Timer(0.3, other.rollback).start()  # the other one finishes soon
    with Store(path, timeout=10) as store:
        store.save_release(record("a"))
        assert [r.name for r in store.releases()] == ["a"]
    other.close()


def test_opening_a_new_store_waits_while_another_process_is_switching_it_to_wal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes creating one store: while one switches the new file to WAL mode (a write in rollback
    mode), SQLite answers the other's switch with "database is locked" at once instead of waiting; the
    store must wait its turn. Here the other process starts its write right after this one's checks."""
    path = tmp_path / "new.db"
    checks = Store.verify

    def verify_then_let_another_writer_in(self: Store) -> None:
        checks(self)
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        threading.Timer(0.3, other.rollback).start()

    monkeypatch.setattr(Store, "verify", verify_then_let_another_writer_in)
    with Store(path, timeout=10) as store:
        assert store.version == SCHEMA_VERSION
