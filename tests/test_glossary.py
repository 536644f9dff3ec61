"""The glossary: the bundled file, loading and merging, Korean and English matching, anchors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prtranslate.errors import GlossaryError
from prtranslate.glossary import (
    COLUMNS,
    Glossary,
    TermEntry,
    bundled_path,
    english_key,
    load_glossary,
    make_entry,
    read_tsv,
    to_tsv,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled() -> Glossary:
    return load_glossary()


def _tsv(tmp_path: Path, text: str, name: str = "g.tsv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- the bundled file --------------------------------------------------------------------------

def test_bundled_glossary_is_real_and_well_formed(bundled: Glossary) -> None:
    raw = bundled_path().read_text(encoding="utf-8").splitlines()
    assert raw[0].split("\t") == list(COLUMNS)
    rows = [line.split("\t") for line in raw[1:] if line.strip()]
    assert len(rows) >= 150
    assert all(len(r) == len(COLUMNS) for r in rows), "every row has the six columns"
    kos = ["".join(r[0].split()) for r in rows]
    assert len(kos) == len(set(kos)), "no Korean term twice (spacing aside: 외교부 장관 = 외교부장관)"
    assert len(bundled) == len(rows)
    for ko, en in [("대한민국", "Republic of Korea"), ("북극이사회", "Arctic Council"),
                   ("북극항로", "Northern Sea Route"), ("외교부", "Ministry of Foreign Affairs"),
                   ("유엔 안보리", "UN Security Council"), ("외교부 장관", "Minister of Foreign Affairs"),
                   ("수석대표", "head of delegation"), ("협의회", "Consultation"), ("정상회담", "summit")]:
        entry = bundled.get(ko)
        assert entry is not None and entry.en == en, ko
    assert "South Korea" in bundled.get("대한민국").forbidden
    assert "ROK" in bundled.get("대한민국").acceptable
    assert {e.domain for e in bundled} >= {"state", "organisation", "title", "meeting", "region", "route"}


def test_glossary_folder_points_at_the_packaged_file() -> None:
    linked = ROOT / "glossary" / "diplomatic-glossary.tsv"
    assert linked.resolve() == bundled_path().resolve()
    assert (ROOT / "glossary" / "README.md").is_file()


def test_bundled_round_trips_through_tsv(bundled: Glossary) -> None:
    again = Glossary(read_tsv(to_tsv(bundled.entries)))
    assert again.entries == bundled.entries
    assert again.digest == bundled.digest


# --- loading -----------------------------------------------------------------------------------

def test_later_files_win_and_bundled_can_be_left_out(tmp_path: Path) -> None:
    a = _tsv(tmp_path, "ko\ten\n러시아\tRussia\n중국\tChina\n", "a.tsv")
    b = _tsv(tmp_path, "ko\ten\taccepted\n러시아\tRussian Federation\tRussia\n", "b.tsv")
    g = load_glossary([a, b], bundled=False)
    assert len(g) == 2
    assert g.get("러시아").en == "Russian Federation"
    assert g.get("러시아").accepted == ("Russia",)
    merged = load_glossary([b])
    assert merged.get("러시아").en == "Russian Federation"
    assert len(merged) == len(load_glossary())


def test_digest_is_order_independent_and_content_sensitive() -> None:
    e1, e2 = make_entry("러시아", "Russia"), make_entry("중국", "China")
    assert Glossary([e1, e2]).digest == Glossary([e2, e1]).digest
    assert Glossary([e1, e2]).digest != Glossary([e1, make_entry("중국", "PRC")]).digest


def test_entries_are_normalised() -> None:
    e = make_entry(" 북극  항로 ", "Northern  Sea Route", "NSR| |Northern Sea Route|NSR", "North Sea Route")
    assert e == TermEntry("북극 항로", "Northern Sea Route", ("NSR",), ("North Sea Route",))
    assert e.acceptable == ("Northern Sea Route", "NSR")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty glossary"),
        ("korean\tenglish\n", "header must name the columns ko and en"),
        ("ko\ten\tcolour\n", "unknown column 'colour'"),
        ("ko\ten\n러시아\n", "line 2: both ko and en are required"),
        ("ko\ten\n러시아\tRussia\textra\n", "line 2: 3 fields, header has 2"),
    ],
)
def test_malformed_glossary_raises_with_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        load_glossary([_tsv(tmp_path, text)], bundled=False)


def test_unreadable_glossaries(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="cannot read"):
        load_glossary([str(tmp_path / "none.tsv")], bundled=False)
    binary = tmp_path / "b.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x01\x02")
    with pytest.raises(GlossaryError):
        load_glossary([str(binary)], bundled=False)


def test_comments_and_quotes_are_kept_literally(tmp_path: Path) -> None:
    text = '# a comment\nko\ten\tnote\n스노우플레이크\tSnowflake\t"the" station\n'
    g = load_glossary([_tsv(tmp_path, text)], bundled=False)
    assert g.get("스노우플레이크").note == '"the" station'


# --- Korean matching ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "term", "surface"),
    [
        ("북극이사회의 의장국", "북극이사회", "북극이사회"),
        ("북극이사회에서 논의하였다", "북극이사회", "북극이사회"),
        ("양국은 북극항로를 통해", "북극항로", "북극항로"),
        ("북극항로, 조선", "북극항로", "북극항로"),
        ("러시아와의 협력", "러시아", "러시아"),
        ("차기 의장국인 러시아", "의장국", "의장국"),
        ("외교부는 19일", "외교부", "외교부"),
        ("외교부장관은", "외교부 장관", "외교부장관"),      # spaces optional inside a term
        ("외교부 장관과", "외교부 장관", "외교부 장관"),
        ('"스노우플레이크"를', "스노우플레이크", "스노우플레이크"),
        ("개최하였다(현지시간).", "현지시간", "현지시간"),
    ],
)
def test_korean_term_with_particles_is_a_hit(bundled: Glossary, text: str, term: str, surface: str) -> None:
    hits = [m for m in bundled.find_ko(text) if m.entry.ko == term]
    assert hits, f"{term} not found in {text}"
    assert not hits[0].partial
    assert hits[0].text == surface
    assert text[hits[0].start:hits[0].end] == surface


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("북극항로개발계획을 발표", "북극항로"),
        ("신북극항로", "북극항로"),
        ("협력이란", "이란"),
    ],
)
def test_korean_term_inside_a_compound_is_partial(bundled: Glossary, text: str, term: str) -> None:
    matches = [m for m in bundled.find_ko(text) if m.entry.ko == term]
    assert matches and all(m.partial for m in matches)
    assert bundled.anchors(text, "ko").get(f"term:{term}", 0) < 2.0


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("북극 항로를 통해", [("북극 항로", "북극항로")]),          # a space the glossary does not write
        ("의 불가사이한 일들은", []),                             # no 한일 across words
        ("보드나 토큰", []),                                      # no 나토 across words
        ("참여국 장관회의", [("장관", "장관")]),                  # no 국장 across words
    ],
)
def test_korean_matches_across_spaces(bundled: Glossary, text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.text, m.entry.ko) for m in bundled.find_ko(text)] == found


def test_longest_korean_term_wins(bundled: Glossary) -> None:
    found = [m.entry.ko for m in bundled.find_ko("한-러 양국 수석대표는 인도적 지원을 논의")]
    assert found == ["한-러 양국", "수석대표", "인도적 지원"]


def test_korean_matching_custom_glossary_and_empty_text(tmp_path: Path) -> None:
    g = load_glossary([_tsv(tmp_path, "ko\ten\n북극\tArctic\n")], bundled=False)
    assert [m.partial for m in g.find_ko("북극에서의 협력")] == [False]
    assert g.find_ko("") == []
    assert Glossary().find_ko("북극") == []


# --- English matching --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("the ARCTIC COUNCIL met", "북극이사회"),                 # case
        ("the heads of delegation of the two countries", "수석대표"),   # plural of the head word
        ("the ROK's engagement", "대한민국"),                      # possessive
        ("the ROK’s engagement", "대한민국"),                      # typographic apostrophe
        ("along the Northern-Sea-Route", "북극항로"),              # hyphen for space
        ("the Korea Russia Arctic Consultation", "한-러"),         # space for hyphen
        ("the UN Security Council", "안보리"),
        ("a U.S. official", "미국"),                                # dotted acronym
        ("the Arctic Councils", "북극이사회"),
    ],
)
def test_english_variants_match(bundled: Glossary, text: str, term: str) -> None:
    assert term in {m.entry.ko for m in bundled.find_en(text)} | {e.ko for e in bundled.en_forms(text)}


def test_russia_does_not_match_inside_russian_unless_the_glossary_says_so(tmp_path: Path) -> None:
    strict = load_glossary([_tsv(tmp_path, "ko\ten\n러시아\tRussia\n", "s.tsv")], bundled=False)
    assert strict.find_en("the Russian side") == []
    assert [m.text for m in strict.find_en("Russia's chairmanship")] == ["Russia's"]
    lenient = load_glossary([_tsv(tmp_path, "ko\ten\taccepted\n러시아\tRussia\tRussian\n", "l.tsv")],
                            bundled=False)
    assert [m.text for m in lenient.find_en("the Russian side")] == ["Russian"]


def test_capitals_only_for_acronyms(bundled: Glossary) -> None:
    assert "미국" not in {m.entry.ko for m in bundled.find_en("let us talk")}
    assert "미국" in {m.entry.ko for m in bundled.find_en("the US and Japan")}
    assert "세계보건기구" not in {m.entry.ko for m in bundled.find_en("who said so")}


def test_forbidden_variants(bundled: Glossary) -> None:
    found = {(m.text, m.entry.ko) for m in bundled.find_forbidden("South Korea and the Sea of Japan")}
    assert ("Sea of Japan", "동해") in found
    assert any(text == "South Korea" for text, _ in found)
    assert bundled.find_forbidden("the Republic of Korea and the East Sea") == []
    # the longer form wins: the old ministry name is forbidden, its prefix is not reported as right
    old = bundled.find_forbidden("the Ministry of Foreign Affairs and Trade")
    assert [m.text for m in old] == ["Ministry of Foreign Affairs and Trade"]


def test_english_key_normalisation() -> None:
    assert english_key("the ROK's") == "rok"
    assert english_key("Heads of Delegation") == "head of delegation"
    assert english_key("Korea-Russia") == english_key("Korea Russia")
    assert english_key("Russian") != english_key("Russia")


# --- anchors -----------------------------------------------------------------------------------

def test_anchor_keys_meet_across_languages(bundled: Glossary) -> None:
    ko = bundled.anchors("북극항로를 통한 북극이사회 협력", "ko")
    en = bundled.anchors("cooperation in the Arctic Council on the Northern Sea Route", "en")
    assert ko["term:북극항로"] == pytest.approx(2.0)
    assert {"term:북극항로", "term:북극이사회"} <= set(ko) & set(en)
    assert bundled.name == "glossary"


def test_align_uses_a_glossary_file(cli, arctic, tmp_path: Path) -> None:
    path = _tsv(tmp_path, "ko\ten\n북극항로\tNorthern Sea Route\n")
    result = cli("align", arctic[0], arctic[1], "--glossary", path, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert '"ko": [8], "en": [8]' in result.stdout


# --- properties --------------------------------------------------------------------------------

_WORDS = st.sampled_from(["Arctic", "Council", "Sea", "Route", "green", "hydrogen", "Northern", "policy",
                          "Korea", "delegation", "cooperation", "ROK", "UN", "summit"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, min_size=1, max_size=4), before=st.sampled_from(["", "the ", "The "]),
       after=st.sampled_from(["", "'s", "s", ",", "."]))
def test_every_form_is_found_in_a_sentence(words: list[str], before: str, after: str) -> None:
    form = " ".join(words)
    g = Glossary([make_entry("가나다라", form)])
    text = f"We saw {before}{form}{after} today"
    assert [m.entry.ko for m in g.find_en(text)] == ["가나다라"]


# (after a vowel, after a consonant): Korean particles change shape with the noun's last syllable.
_PARTICLES = [("", ""), ("의", "의"), ("에서", "에서"), ("는", "은"), ("를", "을"), ("와", "과"),
              ("와의", "과의"), ("에서의", "에서의"), ("로부터", "으로부터"), ("까지", "까지"), ("도", "도")]


def _has_final_consonant(word: str) -> bool:
    return (ord(word[-1]) - 0xAC00) % 28 != 0


@settings(max_examples=40, deadline=None)
@given(particle=st.sampled_from(_PARTICLES),
       term=st.sampled_from(["북극이사회", "북극항로", "외교부", "기후변화", "대한민국", "모스크바",
                             "수석대표"]))
def test_every_term_is_found_with_any_particle(particle: tuple[str, str], term: str) -> None:
    g = load_glossary()
    suffix = particle[1] if _has_final_consonant(term) else particle[0]
    hits = [m for m in g.find_ko(f"양국은 {term}{suffix} 논의하였다") if m.entry.ko == term]
    assert hits and not hits[0].partial
