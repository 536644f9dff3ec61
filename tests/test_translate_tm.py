"""`translate` and `fill` consult the translation memory of a release store before the model."""

from __future__ import annotations

import json
import shutil


def _arctic_store(cli, arctic, tmp_path):
    """A release store holding the Arctic release (both versions), built through the CLI."""
    folder = tmp_path / "releases"
    folder.mkdir()
    for path in arctic:
        shutil.copy(path, folder / path.name)
    db = tmp_path / "store.db"
    result = cli("corpus", "add", folder, "--db", db, "--no-check")
    assert result.exit_code == 0, result.stderr
    return db


def test_translation_memory_supplies_every_paragraph_and_no_model_is_needed(cli, arctic, tmp_path):
    ko, en = arctic
    db = _arctic_store(cli, arctic, tmp_path)
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


NEW_PARAGRAPH = "5. 양국은 제5차 북극협의회를 2021년 서울에서 개최하기로 하였다."


def _partly_known_release(arctic, folder):
    """The Arctic release with one paragraph the memory has never seen (before the closing "끝.")."""
    ko, _ = arctic
    text = ko.read_text(encoding="utf-8").replace("  끝.", f"\n\n{NEW_PARAGRAPH}\n\n끝.")
    path = folder / "draft.ko.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_partial_memory_without_a_model_keeps_what_the_memory_gave(cli, arctic, tmp_path):
    db = _arctic_store(cli, arctic, tmp_path)
    draft = _partly_known_release(arctic, tmp_path)
    common = ("--to", "en", "--tm", db, "--model", tmp_path / "no-model", "--no-cache")

    text = cli("translate", draft, *common)
    assert text.exit_code == 5
    [line] = text.stderr.splitlines()
    assert line.startswith("prtranslate: error: model folder") and "--model DIR" in line
    blocks = text.stdout.rstrip("\n").split("\n\n")
    assert "8 paragraphs from the translation memory" in blocks[0]
    assert "1 paragraph not translated (no model)" in blocks[0]
    assert blocks[1].startswith("[TM 100%] 4th Korea-Russia Arctic Consultation")
    assert blocks[-1] == f"[NO MT] {NEW_PARAGRAPH}"
    assert sum(b.startswith("[TM 100%]") for b in blocks[1:]) == 8

    jsonl = cli("translate", draft, *common, "-f", "jsonl")
    assert jsonl.exit_code == 5
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [r["origin"] for r in records] == ["tm"] * 8 + ["none"]
    assert records[-1]["translation"] == records[-1]["source"] == NEW_PARAGRAPH

    out = tmp_path / "draft.en.txt"
    written = cli("translate", draft, *common, "-o", out)
    assert written.exit_code == 5 and written.stdout == ""
    assert out.read_text(encoding="utf-8") == text.stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []   # no temporary file left


def test_partial_memory_without_the_mt_extra_says_so(cli, arctic, tmp_path, monkeypatch):
    import sys

    db = _arctic_store(cli, arctic, tmp_path)
    monkeypatch.setitem(sys.modules, "torch", None)
    result = cli("translate", _partly_known_release(arctic, tmp_path), "--tm", db, "--no-cache")
    assert result.exit_code == 5
    assert "pip install 'prtranslate[mt]'" in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout.rstrip().endswith(f"[NO MT] {NEW_PARAGRAPH}")


def test_fill_with_a_partial_memory_and_no_model(cli, arctic, tmp_path):
    db = _arctic_store(cli, arctic, tmp_path)
    draft = _partly_known_release(arctic, tmp_path)
    # The English lacks paragraph 4 (the memory knows it) and the new paragraph 5 (it does not).
    english = arctic[1].read_text(encoding="utf-8")
    last = next(line for line in english.splitlines() if line.startswith("4. "))
    partial = tmp_path / "draft.en.txt"
    partial.write_text(english.replace(last, ""), encoding="utf-8")
    result = cli("fill", draft, partial, "--to", "en", "--tm", db, "--model", tmp_path / "no-model", "--no-cache")
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1 and "--model DIR" in result.stderr
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert blocks[-2] == f"[TM 100%] {last}"
    assert blocks[-1] == f"[NO MT] {NEW_PARAGRAPH}"
