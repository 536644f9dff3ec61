"""The learned lexicon: word associations from aligned pairs, stored, and offered to the aligner."""

from __future__ import annotations

from pathlib import Path

import pytest

from prtranslate.align import align_documents
from prtranslate.anchors import default_anchor_sources
from prtranslate.documents import read_pair
from prtranslate.lexicon import Lexicon, LexiconAnchors, english_words, learn_from_store, learn_lexicon
from prtranslate.store import PairRecord, ReleaseRecord, Store

PORTS_KO = ["부산", "인천", "울산", "목포", "여수", "포항"]
PORTS_EN = ["Busan", "Incheon", "Ulsan", "Mokpo", "Yeosu", "Pohang"]


def pairs() -> list[tuple[str, str]]:
    """Twelve pairs: 쇄빙선/icebreaker in all, 도착/arrived and 출항/left in half, each port in two."""
    arrived = [(f"쇄빙선이 {p}에 도착했다.", f"The icebreaker arrived in {pe}.")
               for p, pe in zip(PORTS_KO, PORTS_EN, strict=True)]
    left = [(f"쇄빙선이 {p}에서 출항했다.", f"The icebreaker left {pe}.")
            for p, pe in zip(PORTS_KO, PORTS_EN, strict=True)]
    return arrived + left


@pytest.mark.parametrize(("text", "words"), [
    ("The Ministries' statements", {"ministry", "statement"}),
    ("It is a US-Korea matter", {"korea", "matter"}),
    ("Congress passed the bills", {"congress", "passed", "bill"}),
])
def test_english_words(text: str, words: set[str]) -> None:
    assert english_words(text) == words


def test_learn_lexicon_finds_the_word_pair_that_recurs() -> None:
    lexicon = learn_lexicon(pairs())
    assert lexicon.english("쇄빙선") == [("icebreaker", 1.0)]
    assert ("쇄빙선", "icebreaker", 1.0, 12) in lexicon.rows()
    assert lexicon.english("도착") == [("arrived", 1.0)]
    # A port name seen in two pairs is below min_count (3).
    assert not lexicon.english("부산")
    assert learn_lexicon(pairs(), min_count=2).english("부산") == [("busan", 1.0)]
    assert len(learn_lexicon(pairs(), min_count=13)) == 0


def test_the_anchor_source_gives_a_morpheme_and_its_translation_the_same_key() -> None:
    source = LexiconAnchors(learn_lexicon(pairs()))
    assert source.name == "lexicon"
    ko = source.anchors("쇄빙선은 내일 떠난다.", "ko")
    en = source.anchors("Two icebreakers leave tomorrow.", "en")
    assert set(ko) == set(en) == {"lex:쇄빙선"}
    assert source.anchors("Nothing to see.", "en") == {}


def test_names_the_transliteration_anchors_tie_are_not_counted_twice() -> None:
    lexicon = Lexicon.from_entries([("매케인", "mccain", 0.9, 10), ("쇄빙선", "icebreaker", 1.0, 6)])
    assert set(LexiconAnchors(lexicon).ko) == {"쇄빙선"}
    assert set(LexiconAnchors(lexicon, skip_names=False).ko) == {"매케인", "쇄빙선"}


def test_pairs_the_seed_lexicon_knows_are_not_counted_twice() -> None:
    lexicon = Lexicon.from_entries([("정부", "government", 0.9, 40), ("쇄빙선", "icebreaker", 1.0, 6)])
    assert set(LexiconAnchors(lexicon).anchors("정부와 쇄빙선", "ko")) == {"lex:쇄빙선"}
    assert set(LexiconAnchors(lexicon, skip_seed=False).anchors("정부와 쇄빙선", "ko")) == {
        "lex:정부", "lex:쇄빙선"}


def test_learn_from_store_saves_and_loads(tmp_path: Path) -> None:
    beads = tuple(PairRecord(i, (i,), (i,), ko, en, 0.9) for i, (ko, en) in enumerate(pairs()))
    low = PairRecord(len(beads), (9,), (9,), "쇄빙선 쇄빙선", "zebra", 0.1, ("low_confidence",))
    with Store(tmp_path / "s.db") as store:
        store.save_release(ReleaseRecord("r", "ko+en", "aligned", pairs=(*beads, low)))
        lexicon = learn_from_store(store)
        assert lexicon.english("쇄빙선") == [("icebreaker", 1.0)]  # the low-confidence pair was left out
        assert Lexicon.from_store(store).rows() == lexicon.rows()
        assert store.stats().lexicon_entries == len(lexicon)


def test_the_aligner_takes_the_learned_lexicon(arctic: tuple[Path, Path]) -> None:
    ko, en = read_pair(*arctic)
    lexicon = Lexicon.from_entries([("쇄빙선", "icebreaker", 1.0, 6), ("협의회", "consultation", 0.8, 5)])
    plain = align_documents(ko, en, anchor_sources=default_anchor_sources())
    learned = align_documents(ko, en, anchor_sources=[*default_anchor_sources(), LexiconAnchors(lexicon)])
    for alignment in (plain, learned):
        assert sorted(i for b in alignment.beads for i in b.ko) == list(range(len(ko.paragraphs)))
        assert sorted(j for b in alignment.beads for j in b.en) == list(range(len(en.paragraphs)))


def test_learn_command_and_corpus_add_with_the_lexicon(cli, tmp_path: Path, corpus_dir: Path) -> None:
    db = tmp_path / "s.db"
    assert cli("corpus", "add", corpus_dir, "--db", db, "--workers", "1", "--no-check").exit_code == 0
    early = cli("corpus", "add", corpus_dir, "--db", db, "--workers", "1", "--lexicon")
    assert early.exit_code == 3 and "tm learn" in early.stderr
    result = cli("tm", "learn", "--db", db, "--min-count", "2", "--show", "3")
    assert result.exit_code == 0 and "word pairs learned" in result.stdout
    again = cli("corpus", "add", corpus_dir, "--db", db, "--workers", "1", "--no-check", "--lexicon",
                "--force")
    assert again.exit_code == 0 and "updated" in again.stdout
