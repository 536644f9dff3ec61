"""The sentence level uses what the paragraph level uses (issue 11, item 14): the similarity scorers
given with ``--scorer``, and the document's calibration, so one-sided sentences are found."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from conftest import ROOT

KO = """외교부, 제5차 한-노르웨이 북극협의회 개최

1. 외교부는 2021년 5월 12일 오슬로에서 제5차 한-노르웨이 북극협의회를 개최하였다.

2. 양측은 2022년 서울에서 차기 협의회를 개최하기로 합의하였다.

3. 노르웨이 측은 북극 연구기지 운영 경험을 공유하였다.
"""
EN = """The 5th Korea-Norway Arctic Consultation Takes Place

1. The Ministry of Foreign Affairs held the 5th Korea-Norway Arctic Consultation in Oslo on May 12, 2021.

2. The two sides agreed to hold the next Consultation in Seoul in 2022. \
The delegations later toured a maritime museum by the harbour.

3. The Norwegian side shared its experience in operating Arctic research stations.
"""


def test_scorer_is_consulted_at_sentence_level(cli, tmp_path, monkeypatch):
    """A registered scorer that (wrongly) ties the 2022 sentence to the museum sentence: with it the
    sentence beads change, so the sentence aligner did consult it."""
    from prtranslate import scorers

    seen: list[list[str]] = []

    class Fake(scorers.SimilarityScorer):
        name = "fake"

        def pair_scores(self, ko_texts, en_texts, ko_ids, en_ids):
            seen.append(list(en_texts))
            return np.array([50.0 if "2022년" in ko_texts[k] and "museum" in en_texts[e] else 0.0
                             for k, e in zip(ko_ids, en_ids, strict=True)])

    monkeypatch.setitem(scorers.SCORERS, "fake", Fake)
    ko, en = tmp_path / "r.ko.txt", tmp_path / "r.en.txt"
    ko.write_text(KO, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")

    def beads(*extra: str) -> list[tuple[list[int], list[int]]]:
        result = cli("align", ko, en, "--level", "sentence", "-f", "jsonl", *extra)
        assert result.exit_code == 0, result.stderr
        return [(b["ko"], b["en"]) for b in map(json.loads, result.stdout.splitlines())]

    plain = beads()
    assert ([2], [2]) in plain and ([], [3]) in plain
    scored = beads("--scorer", "fake")
    assert scored != plain
    assert any(ko == [2] and 3 in en for ko, en in scored)  # the museum sentence now goes with 2022
    # Called on the paragraphs, then on the sentences of each paired paragraph.
    assert ["2. The two sides agreed to hold the next Consultation in Seoul in 2022.",
            "The delegations later toured a maritime museum by the harbour."] in seen


def test_one_sided_sentences_are_found_on_news_paragraphs(shared_dir):
    """120 news paragraphs of 2-5 sentences, a third missing one sentence on one side
    (benchmarks/bench_sentences.py): before, 65% of the one-sided sentences were found and
    strict F1 was 0.886; a one-sided sentence absorbed into a confident bead 4 times."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_sentences
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    result = bench_sentences.run(bench_sentences.build(Path(shared_dir), 7, 120))
    assert result["one_sided_recall"] >= 0.85
    assert result["strict_f1"] >= 0.91
    assert result["absorbed_confident"] <= 2


def test_scorer_rates_the_pairs_of_a_path_off_the_diagonal():
    """When one version lacks paragraphs the path runs off the diagonal: the scorer is asked about
    the pairs near the path too (it used to rate only pairs near the diagonal)."""
    import dataclasses

    from prtranslate import scorers
    from prtranslate.align import Aligner, AlignerSettings

    asked: set[tuple[int, int]] = set()

    class Recorder(scorers.SimilarityScorer):
        def pair_scores(self, ko_texts, en_texts, ko_ids, en_ids):
            asked.update(zip(ko_ids.tolist(), en_ids.tolist(), strict=True))
            return np.zeros(len(ko_ids))

    ko = [f"양측은 {1900 + i}년 협정과 {i + 3}개 사업을 검토하였다." for i in range(60)]
    en = [f"The two sides reviewed the {1900 + i} agreement and {i + 3} projects." for i in range(60)]
    en = en[:10] + en[25:]
    settings = dataclasses.replace(AlignerSettings(), band=2)
    beads = Aligner(scorers=[Recorder()], settings=settings).align(ko, en)
    assert ((40,), (25,)) in [(b.ko, b.en) for b in beads]
    assert (40, 25) in asked and (50, 35) in asked  # 5 and 2.5 units off the diagonal, beyond its ±2
