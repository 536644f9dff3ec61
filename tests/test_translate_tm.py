"""`translate` and `fill` consult the translation memory of a release store before the model."""

from __future__ import annotations

import json
import shutil


def _store_with(cli, folder, db):
    result = cli("corpus", "add", folder, "--db", db, "--no-check")
    assert result.exit_code == 0, result.stderr
    return db


def test_translation_memory_supplies_every_paragraph_and_no_model_is_needed(cli, arctic, tmp_path):
    ko, en = arctic
    folder = tmp_path / "releases"
    folder.mkdir()
    shutil.copy(ko, folder / ko.name)
    shutil.copy(en, folder / en.name)
    db = _store_with(cli, folder, tmp_path / "store.db")
    # The model named here does not exist: a model load would fail with exit 5.
    result = cli("translate", ko, "--to", "en", "--tm", db, "--model", tmp_path / "no-model", "--no-cache",
                 "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 8  # title and seven body paragraphs; boilerplate dropped
    assert {r["origin"] for r in records} == {"tm"}
    assert all(r["tm_match"] == 100 for r in records)
    published = " ".join(en.read_text(encoding="utf-8").split())  # the reader folds no-break spaces too
    assert all(r["translation"] in published for r in records)
    assert records[1]["translation"].startswith("1. The Ministry of Foreign Affairs held the 4th")

    text = cli("translate", ko, "--to", "en", "--tm", db, "--model", tmp_path / "no-model", "--no-cache")
    assert text.exit_code == 0, text.stderr
    header, first = text.stdout.split("\n\n")[:2]
    assert "8 paragraphs from the translation memory" in header and "MACHINE TRANSLATION" in header
    assert first.startswith("[TM 100%] 4th Korea-Russia Arctic Consultation")


def test_without_memory_the_missing_model_is_the_error(cli, arctic, tmp_path):
    ko, _ = arctic
    result = cli("translate", ko, "--to", "en", "--no-tm", "--model", tmp_path / "no-model", "--no-cache")
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1


def test_a_missing_store_is_a_store_error(cli, arctic, tmp_path):
    ko, _ = arctic
    result = cli("translate", ko, "--tm", tmp_path / "nothing.db", "--model", tmp_path / "no-model")
    assert result.exit_code == 6
    assert result.stderr.startswith("prtranslate: error:")
