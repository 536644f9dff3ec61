"""`prtranslate align --lexicon-db`: the store's learned word pairs join the aligner's anchors."""

from __future__ import annotations

import json

from prtranslate.pipeline import anchor_sources_for


def test_align_uses_the_learned_lexicon_of_a_store(cli, corpus_dir, arctic, tmp_path):
    db = tmp_path / "store.db"
    assert cli("corpus", "add", corpus_dir, "--db", db, "--no-check").exit_code == 0
    assert cli("tm", "learn", "--db", db, "--min-count", "1").exit_code == 0
    sources = anchor_sources_for(lexicon_db=str(db))
    assert any(s.name == "lexicon" for s in sources)
    ko, en = arctic
    result = cli("align", ko, en, "--lexicon-db", db, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    assert [b["ko"] for b in beads if b["ko"] and b["en"]] == [[5], [6], [7], [8], [9], [10], [11], [12]]


def test_align_with_a_store_without_lexicon_is_a_clear_error(cli, corpus_dir, arctic, tmp_path):
    db = tmp_path / "store.db"
    assert cli("corpus", "add", corpus_dir, "--db", db, "--no-check").exit_code == 0
    ko, en = arctic
    result = cli("align", ko, en, "--lexicon-db", db)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "tm learn" in result.stderr


def test_align_with_a_missing_store_is_a_store_error(cli, arctic, tmp_path):
    ko, en = arctic
    result = cli("align", ko, en, "--lexicon-db", tmp_path / "none.db")
    assert result.exit_code == 6
    assert result.stderr.startswith("prtranslate: error:")
