"""Scores against sacrebleu's own API, pairing, the JSON contract, paired bootstrap and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from prtranslate import __version__
from prtranslate.score import (
    ALIGNMENT,
    POSITION,
    align_same_language,
    corpus_scores,
    pair_paragraphs,
    score_files,
    sentence_scores,
)

DATA = Path(__file__).parent / "data"
UPDATE = os.environ.get("PRTRANSLATE_UPDATE_GOLDEN") == "1"

EN_HYP = [
    "The Foreign Minister met the UN Secretary-General on 3 May.",
    "They discussed cooperation on climate change and the 2025 conference.",
    "The two sides agreed to consult closely.",
    "",
]
EN_REF = [
    "The Foreign Minister met with the UN Secretary-General on May 3.",
    "The two discussed climate cooperation and the 2025 conference in Seoul.",
    "Both sides agreed to continue close consultations.",
    "The ministry will announce the details later.",
]
KO_HYP = [
    "외교부는 2020년 11월 19일 모스크바에서 제4차 한-러 북극 협의회를 열었다.",
    "양국은 북극항로와 조선 분야에서 교류해 왔다.",
    "양측은 앞으로도 긴밀히 협의하기로 하였다.",
]
KO_REF = [
    "외교부는 2020년 11월 19일(목) 모스크바에서 제4차 한-러 북극협의회를 개최하였다.",
    "양국은 북극항로, 조선, 북극 과학 등 다양한 분야에서 교류를 이어오고 있다.",
    "양국 수석대표는 앞으로도 긴밀히 협의해 나가기로 하였다.",
]


def _sacrebleu(language: str) -> dict[str, object]:
    tok = "ko-mecab" if language == "ko" else "13a"
    return {"bleu": BLEU(tokenize=tok), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}


def _sentence_sacrebleu(language: str) -> dict[str, object]:
    tok = "ko-mecab" if language == "ko" else "13a"
    return {"bleu": BLEU(tokenize=tok, effective_order=True), "chrf": CHRF(), "chrf++": CHRF(word_order=2),
            "ter": TER()}


CASES = [
    pytest.param("en", EN_HYP, EN_REF, id="english"),
    pytest.param("en", EN_REF, EN_REF, id="english-identical"),
    pytest.param("ko", KO_HYP, KO_REF, id="korean"),
    pytest.param("ko", KO_REF[::-1], KO_REF, id="korean-shuffled"),
]


@pytest.mark.parametrize("metric", ["bleu", "chrf", "chrf++", "ter"])
@pytest.mark.parametrize(("language", "hyps", "refs"), CASES)
def test_corpus_scores_equal_sacrebleu(language, hyps, refs, metric):
    ours = corpus_scores(hyps, refs, language)[metric]
    theirs = _sacrebleu(language)[metric]
    expected = theirs.corpus_score(hyps, [refs])  # type: ignore[attr-defined]
    assert ours.score == pytest.approx(expected.score, abs=0.01)
    assert ours.sacrebleu_signature == str(theirs.get_signature())  # type: ignore[attr-defined]


@pytest.mark.parametrize("metric", ["bleu", "chrf", "chrf++", "ter"])
@pytest.mark.parametrize(("language", "hyps", "refs"), CASES)
def test_sentence_scores_equal_sacrebleu(language, hyps, refs, metric):
    theirs = _sentence_sacrebleu(language)[metric]
    for hyp, ref in zip(hyps, refs, strict=True):
        expected = theirs.sentence_score(hyp, [ref]).score  # type: ignore[attr-defined]
        assert sentence_scores(hyp, ref, language)[metric] == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_signatures_name_version_sacrebleu_and_tokenizer(language):
    hyps, refs = (KO_HYP, KO_REF) if language == "ko" else (EN_HYP[:3], EN_REF[:3])
    scores = corpus_scores(hyps, refs, language)
    for score in scores.values():
        assert score.signature.startswith(f"prtranslate:{__version__}|lang:{language}|")
        assert score.signature.endswith(score.sacrebleu_signature)
        assert "tok:" in score.signature
        assert "version:" in score.sacrebleu_signature
    tokenizer = "tok:ko-mecab" if language == "ko" else "tok:13a"
    assert tokenizer in scores["bleu"].signature


def test_files_scored_by_position_equal_sacrebleu_on_paragraphs(tmp_path):
    hyp, ref = tmp_path / "hyp.ko.txt", tmp_path / "ref.ko.txt"
    hyp.write_text("\n\n".join(KO_HYP) + "\n", encoding="utf-8")
    ref.write_text("\n\n".join(KO_REF) + "\n", encoding="utf-8")
    result = score_files(hyp, ref)
    assert result.language == "ko" and result.pairing == POSITION
    # The reader drops nothing here, so segments are the paragraphs as written.
    assert [p.ref_text for p in result.paragraphs] == KO_REF
    for name, metric in _sacrebleu("ko").items():
        expected = metric.corpus_score(KO_HYP, [KO_REF]).score  # type: ignore[attr-defined]
        assert result.corpus[name].score == pytest.approx(expected, abs=0.01)


def test_lowest_paragraphs_first():
    result = score_files(DATA / "score_position" / "hyp.en.txt", DATA / "score_position" / "ref.en.txt")
    chrf = [p.scores["chrf"] for p in result.lowest()]
    assert chrf == sorted(chrf)
    record = result.to_dict()
    assert [p["chrf"] for p in record["paragraphs"]] == [round(c, 2) for c in chrf]  # type: ignore[index]


# --- pairing -----------------------------------------------------------------------------------


def test_pairing_by_alignment_finds_dropped_and_merged_paragraphs():
    result = score_files(DATA / "score_en_draft" / "hyp.en.txt", DATA / "score_en_draft" / "ref.en.txt")
    assert result.pairing == ALIGNMENT
    beads = [(p.hyp, p.ref) for p in result.paragraphs]
    # The draft leaves out reference paragraph 8 and merges 10 and 11 into one.
    assert beads == [((0,), (5,)), ((1,), (6,)), ((2,), (7,)), ((), (8,)), ((3,), (9,)), ((4,), (10, 11)),
                     ((5,), (12,))]


def test_pairing_korean_draft_with_condensed_paragraph():
    result = score_files(DATA / "score_ko_draft" / "hyp.ko.txt", DATA / "score_ko_draft" / "ref.ko.txt")
    beads = [(p.hyp, p.ref) for p in result.paragraphs]
    assert ((5,), (10,)) in beads and ((), (11,)) in beads and ((6,), (12,)) in beads
    assert "tok:ko-mecab" in result.corpus["bleu"].signature


def test_pairing_by_position_when_counts_match():
    pairing, beads = pair_paragraphs(["a b c", "d e f"], ["x y z", "u v w"], "en")
    assert pairing == POSITION and beads == [((0,), (0,)), ((1,), (1,))]


_VOCABULARY = [
    "the", "two", "sides", "agreed", "arctic", "korea", "russia", "cooperation", "ministry", "held", "talks",
    "climate", "energy", "science", "route", "council", "meeting",
]
_words = st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(st.lists(_words.map(" ".join), min_size=0, max_size=8), st.lists(_words.map(" ".join), min_size=0,
                                                                          max_size=8))
def test_same_language_alignment_covers_each_paragraph_once_in_order(hyps, refs):
    beads = align_same_language(hyps, refs, "en")
    assert [i for h, _ in beads for i in h] == list(range(len(hyps)))
    assert [j for _, r in beads for j in r] == list(range(len(refs)))
    assert all(1 <= len(h) + len(r) <= 3 for h, r in beads)


@settings(max_examples=25, deadline=None)
@given(st.lists(_words.map(" ".join), min_size=2, max_size=10, unique=True), st.data())
def test_same_language_alignment_recovers_a_dropped_paragraph(refs, data):
    refs = [f"{k} {text} {k}" * 3 for k, text in enumerate(refs)]
    drop = data.draw(st.integers(0, len(refs) - 1))
    hyps = refs[:drop] + refs[drop + 1 :]
    beads = align_same_language(hyps, refs, "en")
    assert ((), (drop,)) in beads


# --- paired bootstrap --------------------------------------------------------------------------


def test_against_runs_sacrebleu_paired_bootstrap(tmp_path, monkeypatch):
    from sacrebleu.significance import PairedTest

    monkeypatch.setenv("SACREBLEU_SEED", "12345")
    base = tmp_path / "base.en.txt"
    base.write_text("\n\n".join(t or "Details later." for t in EN_REF[::-1]) + "\n", encoding="utf-8")
    hyp = tmp_path / "hyp.en.txt"
    hyp.write_text("\n\n".join(t or "Details will follow." for t in EN_HYP) + "\n", encoding="utf-8")
    ref = tmp_path / "ref.en.txt"
    ref.write_text("\n\n".join(EN_REF) + "\n", encoding="utf-8")
    result = score_files(hyp, ref, against=base, n_samples=200)
    comp = result.comparison
    assert comp is not None and comp.n_samples == 200 and comp.seed == 12345 and comp.segments == 4
    hyps = [t or "Details will follow." for t in EN_HYP]
    bases = [t or "Details later." for t in EN_REF[::-1]]
    metrics = {"BLEU": BLEU(), "chrF": CHRF(), "chrF++": CHRF(word_order=2), "TER": TER()}
    _, expected = PairedTest([("baseline", bases), ("draft", hyps)], metrics, [EN_REF], test_type="bs",
                             n_samples=200)()
    names = {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}
    for ours, theirs in names.items():
        base_res, draft_res = expected[theirs]
        got = comp.metrics[ours]
        assert got.score == pytest.approx(draft_res.score, abs=0.01)
        assert got.baseline_score == pytest.approx(base_res.score, abs=0.01)
        assert got.p_value == pytest.approx(draft_res.p_value, abs=1e-4)
        assert "seed:12345" in got.signature and "bs:200" in got.signature


def test_against_cli_text_and_json(cli):
    case = DATA / "score_en_draft"
    result = cli("score", case / "hyp.en.txt", case / "ref.en.txt", "--against", case / "other.en.txt",
                 "--samples", "100", "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    comp = record["comparison"]
    assert comp["test"] == "paired-bootstrap" and comp["samples"] == 100
    # The careful draft beats the telegraphic one on every metric.
    assert comp["metrics"]["chrf"]["delta"] > 0 and comp["metrics"]["ter"]["delta"] < 0
    small = DATA / "score_position"
    text = cli("score", small / "hyp.en.txt", small / "ref.en.txt", "--against", small / "ref.en.txt",
               "--samples", "50")
    assert text.exit_code == 0 and "Paired bootstrap against" in text.stdout


def test_against_a_draft_in_the_other_language_names_it(cli):
    """A Korean --against draft for English drafts: the message used to say it "was given as the
    Korean version", which score never asks for."""
    en, ko = DATA / "score_en_draft", DATA / "score_ko_draft"
    result = cli("score", en / "hyp.en.txt", en / "ref.en.txt", "--against", ko / "hyp.ko.txt", "--samples", "10")
    assert result.exit_code == 3 and result.stderr.count("\n") == 1
    assert "hyp.ko.txt (--against) is Korean but" in result.stderr and "ref.en.txt is English" in result.stderr
    assert "given as the" not in result.stderr


# --- CLI: golden files and the JSON contract ---------------------------------------------------

GOLDEN = ["score_en_draft", "score_ko_draft", "score_position"]


@pytest.mark.parametrize("case", GOLDEN)
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_cli_golden(cli, monkeypatch, case, fmt):
    folder = DATA / case
    monkeypatch.chdir(folder)
    hyp = next(p.name for p in folder.glob("hyp.*.txt"))
    ref = next(p.name for p in folder.glob("ref.*.txt"))
    result = cli("score", hyp, ref, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    expected = folder / f"expected.{fmt}"
    if UPDATE:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")


def test_cli_json_contract(cli):
    case = DATA / "score_ko_draft"
    result = cli("score", case / "hyp.ko.txt", case / "ref.ko.txt", "--format", "json", "--lang", "ko")
    record = json.loads(result.stdout)
    for metric in ("bleu", "chrf", "ter"):
        assert isinstance(record[metric]["score"], float)
        assert record[metric]["signature"].startswith(f"prtranslate:{__version__}|")
    assert isinstance(record["paragraphs"], list) and record["paragraphs"]
    first = record["paragraphs"][0]
    assert {"hyp", "ref", "bleu", "chrf", "ter", "hyp_text", "ref_text"} <= set(first)


def test_cli_writes_output_file(cli, tmp_path):
    case = DATA / "score_position"
    out = tmp_path / "scores.json"
    result = cli("score", case / "hyp.en.txt", case / "ref.en.txt", "-f", "json", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["bleu"]["score"] > 0


# --- bad input ---------------------------------------------------------------------------------


def _bad(cli, *args):
    result = cli("score", *args)
    assert result.exit_code == 3, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("prtranslate: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_bad_input_empty_file(cli, tmp_path):
    empty = tmp_path / "empty.en.txt"
    empty.write_text("", encoding="utf-8")
    assert "is empty" in _bad(cli, empty, DATA / "score_position" / "ref.en.txt")


def test_bad_input_mismatched_languages(cli):
    line = _bad(cli, DATA / "score_en_draft" / "hyp.en.txt", DATA / "score_ko_draft" / "ref.ko.txt")
    assert "English" in line and "Korean" in line and "same language" in line


def test_bad_input_wrong_lang_option(cli):
    case = DATA / "score_position"
    line = _bad(cli, case / "hyp.en.txt", case / "ref.en.txt", "--lang", "ko")
    assert "Korean" in line


def test_bad_input_zero_paragraphs(cli, tmp_path):
    chrome = tmp_path / "menu.en.txt"
    chrome.write_text("Skip to content\n\nPress Releases\n\nSitemap\n", encoding="utf-8")
    assert "no text" in _bad(cli, chrome, DATA / "score_position" / "ref.en.txt")


def test_bad_input_against_in_other_language(cli):
    case = DATA / "score_en_draft"
    other = DATA / "score_ko_draft" / "hyp.ko.txt"
    line = _bad(cli, case / "hyp.en.txt", case / "ref.en.txt", "--against", other)
    assert "Korean" in line


def test_bad_input_missing_file(cli, tmp_path):
    assert "does not exist" in _bad(cli, tmp_path / "nope.txt", DATA / "score_position" / "ref.en.txt")
