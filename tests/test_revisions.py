"""The editors' alignment changes (prtranslate.revisions): whatever an editor merges, splits, unlinks
or links, every paragraph stays in exactly one bead, in reading order on both sides."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prtranslate.errors import UsageError
from prtranslate.revisions import Link, Para, Revision, edit_text, merge, split, split_options
from prtranslate.store import ReleaseRow

ROW = ReleaseRow(1, "r", None, None, "ko+en", "aligned", None, None, None, None, None, "")


def revision(n_ko: int, n_en: int) -> Revision:
    ko = tuple(Para(i, f"문단 {i}") for i in range(n_ko))
    en = tuple(Para(j, f"Paragraph {j}") for j in range(n_en))
    beads = tuple(Link((i,) if i < n_ko else (), (i,) if i < n_en else ()) for i in range(max(n_ko, n_en)))
    return Revision(ROW, 0, ko, en, beads, ())


def check_partition(rev: Revision) -> None:
    for side, count in (("ko", len(rev.ko)), ("en", len(rev.en))):
        ids = [i for b in rev.beads for i in (b.ko if side == "ko" else b.en)]
        assert ids == list(range(count))          # each paragraph once, in reading order
    assert all(b.ko or b.en for b in rev.beads)   # no empty bead
    for b in rev.beads:
        if b.origin == "editor":                  # a bead the editor made is flagged for what it is
            assert ("one_sided" in b.flags) == (not b.ko or not b.en)


operations = st.lists(st.tuples(st.sampled_from(["merge", "split"]), st.integers(0, 20), st.integers(0, 20)),
                      max_size=25)


@given(st.integers(1, 6), st.integers(1, 6), operations)
def test_alignment_changes_keep_every_paragraph_once_in_order(n_ko, n_en, ops):
    rev = revision(n_ko, n_en)
    for op, a, b in ops:
        position = a % len(rev.beads)
        if op == "merge":
            if position + 1 >= len(rev.beads):
                with pytest.raises(UsageError):
                    merge(rev, position)
                continue
            rev, entry = merge(rev, position)
            assert entry[0] in ("merge", "link")
        else:
            cuts = split_options(rev.beads[position])
            if not cuts:
                with pytest.raises(UsageError):
                    split(rev, position, 0, 0)
                continue
            ko_count, en_count = cuts[b % len(cuts)]
            before = len(rev.beads)
            rev, entry = split(rev, position, ko_count, en_count)
            assert len(rev.beads) == before + 1 and entry[0] in ("split", "unlink")
        check_partition(rev)


def test_unlink_then_link_gives_the_pair_back():
    rev = revision(3, 3)
    unlinked, entry = split(rev, 1, 1, 0)
    # the history names the paragraphs as the reader sees them, not by their ids (ko 1 ↔ en 1)
    assert entry[:2] == ("unlink", "bead #1") and entry[2] == "ko 문단 1 ↔ en Paragraph 1"
    assert entry[3] == "ko 문단 1 ↔ en —; ko — ↔ en Paragraph 1"
    assert [(b.ko, b.en) for b in unlinked.beads] == [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))]
    linked, entry = merge(unlinked, 1)
    assert entry[0] == "link" and [(b.ko, b.en) for b in linked.beads] == [(b.ko, b.en) for b in rev.beads]
    assert linked.beads[1].origin == "editor" and linked.beads[1].flags == ()


def test_edit_text_keeps_other_paragraphs_and_refuses_empty_text():
    rev = revision(2, 2)
    changed, entry = edit_text(rev, "en", 1, "  New   text. ")
    assert changed.en[1].text == "New text." and changed.en[0] == rev.en[0] and changed.ko == rev.ko
    assert entry == ("edit", "en Paragraph 1", "Paragraph 1", "New text.")   # its label, not "en paragraph 1"
    with pytest.raises(UsageError):
        edit_text(rev, "en", 1, "   ")
    with pytest.raises(UsageError):
        edit_text(rev, "en", 9, "x")
    with pytest.raises(UsageError):
        edit_text(rev, "fr", 0, "x")
