"""TMX export: read back by translate-toolkit, one unit per two-sided bead, properties, round-trips."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from translate.storage import tmx as ttk_tmx

from prtranslate.align import Alignment, Bead
from prtranslate.documents import BODY, Paragraph
from prtranslate.errors import InputError
from prtranslate.formats.tmx import alignment_to_tmx, read_tmx
from prtranslate.pipeline import align_files

# TMX 1.4 §3.1: the header attributes OmegaT and Trados insist on.
REQUIRED_HEADER = (
    "creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype",
)


def test_cli_tmx_reads_back_with_translate_toolkit(cli, arctic, tmp_path):
    ko, en = arctic
    out = tmp_path / "arctic.tmx"
    result = cli("align", ko, en, "--format", "tmx", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    store = ttk_tmx.tmxfile.parsestring(out.read_bytes())
    beads = [json.loads(line) for line in cli("align", ko, en, "--format", "jsonl").stdout.splitlines()]
    pairs = [b for b in beads if b["ko"] and b["en"]]
    assert len(store.units) == len(pairs)
    assert [(u.source, u.target) for u in store.units] == [(b["ko_text"], b["en_text"]) for b in pairs]
    assert all("boilerplate" not in b["flags"] for b in pairs)
    assert store.sourcelanguage == "ko"
    header = store.document.getroot().find("header")
    assert {k: header.get(k) for k in REQUIRED_HEADER} == {
        "creationtool": "prtranslate", "creationtoolversion": header.get("creationtoolversion"),
        "segtype": "paragraph", "o-tmf": "prtranslate", "adminlang": "en", "srclang": "ko",
        "datatype": "plaintext",
    }
    langs = [[n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in u.getlanguageNodes()]
             for u in store.units]
    assert all(pair == ["ko", "en"] for pair in langs)


def test_cli_tmx_to_stdout_sentence_level(cli, arctic):
    ko, en = arctic
    result = cli("align", ko, en, "--format", "tmx", "--level", "sentence")
    assert result.exit_code == 0, result.stderr
    rows = read_tmx(result.stdout.encode("utf-8"))
    assert rows
    assert all(ko_text and en_text for ko_text, en_text, _ in rows)
    assert b'segtype="sentence"' in result.stdout.encode("utf-8")
    assert all("x-prtranslate-ko-paragraphs" in props for _, _, props in rows)


def test_properties_per_unit(arctic):
    alignment = align_files(*map(str, arctic))
    rows = read_tmx(alignment_to_tmx(alignment, {"release": "arctic", "x-desk": "Europe"}))
    assert len(rows) == len(alignment.pairs)
    for (ko_text, en_text, props), bead in zip(rows, alignment.pairs, strict=True):
        assert ko_text == alignment.ko_text(bead)
        assert en_text == alignment.en_text(bead)
        assert props["x-prtranslate-ko-ids"] == ",".join(map(str, bead.ko))
        assert props["x-prtranslate-en-ids"] == ",".join(map(str, bead.en))
        assert props["x-prtranslate-flags"] == ",".join(bead.flags)
        assert float(props["x-prtranslate-score"]) == pytest.approx(bead.score, abs=1e-4)
        assert props["x-release"] == "arctic"
        assert props["x-desk"] == "Europe"
    assert "title" in rows[0][2]["x-prtranslate-flags"]


def test_full_locales_on_request(arctic):
    alignment = align_files(*map(str, arctic))
    data = alignment_to_tmx(alignment, source_language="ko-KR", target_language="en-US")
    assert b'srclang="ko-KR"' in data and b'xml:lang="en-US"' in data
    rows = read_tmx(data)
    assert [r[:2] for r in rows] == [(alignment.ko_text(b), alignment.en_text(b)) for b in alignment.pairs]


def test_read_tmx_path_and_errors(tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b"<tmx><body><tu>")
    with pytest.raises(InputError, match="not a valid TMX"):
        read_tmx(bad)
    with pytest.raises(InputError, match="cannot read"):
        read_tmx(tmp_path / "missing.tmx")


# Text an editor can type: any Unicode except control characters, surrogates and the two
# code points XML 1.0 forbids; includes &, <, >, quotes, Hangul, emoji, leading/trailing spaces.
_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"), max_size=40
) | st.sampled_from(["<b>&amp;</b>", "\"'<>&", "한국 & 러시아 <북극>", "]]>", "  spaced  "])


def _alignment(ko_texts: list[str], en_texts: list[str], shapes: list[tuple[int, int]]) -> Alignment:
    ko = tuple(Paragraph(i, t, BODY) for i, t in enumerate(ko_texts))
    en = tuple(Paragraph(j, t, BODY) for j, t in enumerate(en_texts))
    beads, i, j = [], 0, 0
    for a, b in shapes:
        flags = ("low_confidence",) if a != b else ()
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), 0.5, flags))
        i, j = i + a, j + b
    return Alignment(ko, en, tuple(beads))


@st.composite
def alignments(draw):
    shapes = draw(st.lists(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)]), max_size=8))
    n, m = sum(a for a, _ in shapes), sum(b for _, b in shapes)
    ko_texts = draw(st.lists(_TEXT, min_size=n, max_size=n))
    en_texts = draw(st.lists(_TEXT, min_size=m, max_size=m))
    return _alignment(ko_texts, en_texts, shapes)


@settings(max_examples=60, deadline=None)
@given(alignments(), st.dictionaries(st.from_regex(r"[a-z][a-z-]{0,10}", fullmatch=True), _TEXT, max_size=2))
def test_round_trip(alignment, properties):
    rows = read_tmx(alignment_to_tmx(alignment, properties))
    expected = [(alignment.ko_text(b), alignment.en_text(b)) for b in alignment.pairs]
    assert [(k, e) for k, e, _ in rows] == expected
    for (_, _, props), bead in zip(rows, alignment.pairs, strict=True):
        assert props["x-prtranslate-ko-ids"] == ",".join(map(str, bead.ko))
        assert props["x-prtranslate-en-ids"] == ",".join(map(str, bead.en))
        for key, value in properties.items():
            assert props[key if key.startswith("x-") else f"x-{key}"] == value
    # translate-toolkit itself sees the same pairs.
    store = ttk_tmx.tmxfile.parsestring(alignment_to_tmx(alignment))
    assert [(u.source, u.target) for u in store.units] == [(k, e) for k, e, _ in rows]
