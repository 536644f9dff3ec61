"""`prtranslate corpus decide`: editors' decisions on stored findings and pairs."""

from __future__ import annotations

import json

import pytest

# Its Korean "※" note has no English counterpart: a "missing" finding to decide on.
COVID = "2021-03-04-covid19-humanitarian-assistance-africa"


@pytest.fixture
def store(cli, corpus_dir, tmp_path):
    db = tmp_path / "store.db"
    result = cli("corpus", "add", corpus_dir, "--db", db)
    assert result.exit_code == 0, result.stderr
    return db


def test_decisions_are_stored_and_shown(cli, store):
    result = cli("corpus", "decide", COVID, "accept", "--finding", "1", "--editor", "Kim", "--note", "intended",
                 "--db", store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("recorded: accept finding 1: missing")
    shown = cli("corpus", "show", COVID, "--db", store, "-f", "jsonl")
    pairs = [record["pair"] for record in map(json.loads, shown.stdout.splitlines()) if "pair" in record]
    position = next(p["position"] for p in pairs if p["ko_ids"] == [6])
    assert cli("corpus", "decide", COVID, "reject", "--pair", str(position), "--db", store).exit_code == 0

    shown = cli("corpus", "show", COVID, "--db", store, "-f", "jsonl")
    decisions = [r["decision"] for r in map(json.loads, shown.stdout.splitlines()) if "decision" in r]
    assert [(d["verdict"], d["editor"], d["note"]) for d in decisions] == [("accept", "Kim", "intended"),
                                                                         ("reject", None, None)]
    assert decisions[0]["subject"].startswith("finding 1: missing") and decisions[0]["finding"] == 1
    assert decisions[1]["subject"] == f"pair #{position}: ko 6 ↔ en 6" and decisions[1]["pair"] == position
    text = cli("corpus", "show", COVID, "--db", store).stdout
    assert "2 decisions:" in text and "— Kim (intended)" in text


@pytest.mark.parametrize("args", [
    ("reject",),                                      # neither --finding nor --pair
    ("reject", "--finding", "1", "--pair", "0"),      # both
    ("reject", "--finding", "99"),                    # no such finding
    ("reject", "--pair", "999"),                      # no such pair
    ("reject", "--finding", "1", "--editor", "kim\nlee"),   # a name on two lines broke `corpus show`
    ("reject", "--finding", "1", "--editor", "kim\x1b[2J"),
])
def test_bad_decisions_are_usage_errors(cli, store, args):
    result = cli("corpus", "decide", COVID, *args, "--db", store)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("prtranslate: error: ")


def test_unknown_release_is_an_input_error(cli, store):
    result = cli("corpus", "decide", "nope", "accept", "--finding", "1", "--db", store)
    assert result.exit_code == 3 and result.stderr.startswith("prtranslate: error: no release nope")


@pytest.mark.parametrize("args", [
    (),                                               # no verdict and no --forget
    ("accept", "--forget", "1"),                      # both
])
def test_forget_needs_to_stand_alone(cli, store, args):
    result = cli("corpus", "decide", COVID, *args, "--db", store)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
