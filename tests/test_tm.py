"""The translation memory: TMX/XLIFF/CSV export read back by translate-toolkit, TMX import, lookups."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from translate.storage.csvl10n import csvfile
from translate.storage.tmx import tmxfile
from translate.storage.xliff import xlifffile

from prtranslate.errors import InputError
from prtranslate.store import PairRecord, ReleaseRecord, Store, TmUnit
from prtranslate.tm import TranslationMemory, export_tm, import_tmx, normalise, read_tmx, tm_bytes

PAIRS = [
    ("외교부는 19일 한-러 북극협의회를 개최하였다.",
     "The Ministry held the Korea-Russia Arctic Consultation on the 19th."),
    ("양측은 북극 항로 협력 방안을 논의하였다.",
     "The two sides discussed cooperation on Arctic shipping routes."),
    ("양측은 과학 연구 협력 방안을 논의하였다.",
     "The two sides discussed cooperation on scientific research."),
]


def release(name: str, date: str | None, pairs=PAIRS) -> ReleaseRecord:
    beads = [PairRecord(i, (i,), (i,), ko, en, round(0.95 - i / 100, 2)) for i, (ko, en) in enumerate(pairs)]
    n = len(beads)
    beads += [
        PairRecord(n, (n,), (), "끝.", None, 1.0, ("one_sided",)),              # a paragraph on one side only
        PairRecord(n + 1, (), (n,), None, "Press Release", 1.0, ("boilerplate",)),
    ]
    return ReleaseRecord(name=name, languages="ko+en", status="aligned", date=date, pairs=tuple(beads))


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "tm.db") as s:
        s.save_release(release("2020-11-19-arctic", "2020-11-19"))
        s.save_release(release("2021-01-05-other", "2021-01-05", PAIRS[:1]))
        yield s


def test_tmx_export_reads_back_one_unit_per_aligned_pair_with_properties(store: Store,
                                                                         tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    assert export_tm(store, out).units == 4
    tmx = tmxfile.parsefile(str(out))
    units = tmx.units
    assert len(units) == 4
    assert [(u.source, u.target) for u in units[:3]] == PAIRS
    first = units[0]
    props = {p.get("type"): p.text for p in first.xmlelement.iter(first.namespaced("prop"))}
    assert props == {"x-release": "2020-11-19-arctic", "x-date": "2020-11-19", "x-score": "0.9500",
                     "x-origin": "align"}
    assert first.getid() == "2020-11-19-arctic#0"
    assert tmx.sourcelanguage == "ko"


def test_english_source_export(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "en.tmx"
    export_tm(store, out, source_lang="en")
    units = tmxfile.parsefile(str(out)).units
    assert units[0].source == PAIRS[0][1] and units[0].target == PAIRS[0][0]


def test_xliff_and_csv_exports_read_back(store: Store, tmp_path: Path) -> None:
    export_tm(store, tmp_path / "out.xlf")
    xlf = xlifffile.parsefile(str(tmp_path / "out.xlf"))
    assert len(xlf.units) == 4 and xlf.units[1].target == PAIRS[1][1]
    assert dict(xlf.units[0].getcontextgroups("prtranslate")[0])["x-release"] == "2020-11-19-arctic"
    export_tm(store, tmp_path / "out.csv")
    csv = csvfile.parsefile(str(tmp_path / "out.csv"))
    assert len(csv.units) == 4
    assert csv.units[0].location == "2020-11-19-arctic" and "origin=align" in csv.units[0].developer_comments


def test_export_needs_a_known_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="format"):
        export_tm(store, tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()


def test_tmx_import_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    export_tm(store, out)
    with Store(tmp_path / "other.db") as other:
        # The pair both releases hold is one TM unit.
        assert import_tmx(other, out) == (3, 1)
        assert import_tmx(other, out) == (0, 4)
        units = other.tm_units()
        assert [(u.source, u.target) for u in units[:3]] == PAIRS
        assert (units[0].release, units[0].date, units[0].score, units[0].origin) == (
            "2020-11-19-arctic", "2020-11-19", 0.95, "align")
    # Importing into the store the export came from repeats nothing in the TM.
    import_tmx(store, out)
    assert len(TranslationMemory.from_store(store)) == 3


def test_import_of_a_cat_tool_tmx_with_regional_codes(tmp_path: Path) -> None:
    tmx = tmp_path / "cat.tmx"
    tmx.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" creationtool="X" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" datatype="plaintext"/><body>
<tu creationdate="20210304T101010Z"><tuv xml:lang="en-US"><seg>Good morning.</seg></tuv>
<tuv xml:lang="ko-KR"><seg>좋은 아침입니다.</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>French only</seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    units = read_tmx(tmx)
    assert units == [TmUnit("좋은 아침입니다.", "Good morning.", "ko", "en", "import:cat.tmx", None,
                            "20210304T101010Z", None)]


def test_bad_tmx_is_an_input_error(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    db = tmp_path / "s.db"
    result = cli("tm", "import", bad, "--db", db)
    assert result.exit_code == 3 and "not a readable TMX" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(InputError, match="does not exist"):
        read_tmx(tmp_path / "missing.tmx")


_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"),
                              exclude_characters="\ufffe\uffff"),
                min_size=1, max_size=40).filter(lambda t: normalise(t) != "")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=5))
def test_tmx_written_then_read_keeps_every_pair(pairs: list[tuple[str, str]]) -> None:
    units = [TmUnit(ko, en, release="r", date="2020-01-01", score=0.5, key=f"r#{n}")
             for n, (ko, en) in enumerate(pairs)]
    data = tm_bytes(units, "tmx")
    back = tmxfile.parsestring(data).units
    assert [(normalise(u.source), normalise(u.target)) for u in back] == [
        (normalise(ko), normalise(en)) for ko, en in pairs]


def test_lookup_exact_then_fuzzy_with_match_percentages(store: Store) -> None:
    memory = TranslationMemory.from_store(store)
    assert len(memory) == 3  # the repeated pair of the second release is one unit
    exact = memory.lookup("외교부는  19일 한-러 북극협의회를 개최하였다. ")
    assert exact[0].score == 100 and exact[0].exact and exact[0].target == PAIRS[0][1]
    assert exact[0].release == "2020-11-19-arctic" and exact[0].origin == "align"
    fuzzy = memory.lookup("양측은 북극 항로 협력 방안을 논의했다.", min_score=60)
    assert fuzzy[0].target == PAIRS[1][1] and 80 <= fuzzy[0].score < 100
    assert fuzzy[1].target == PAIRS[2][1] and fuzzy[1].score < fuzzy[0].score
    assert memory.lookup("전혀 다른 문장입니다.", min_score=75) == []
    numbered = memory.lookup("2. 양측은 과학 연구 협력 방안을 논의하였다.")[0]
    assert numbered.score == 100 and numbered.target_content == PAIRS[2][1]
    assert memory.best("양측은 북극 항로 협력 방안을 논의했다.", min_score=99) is None
    english = TranslationMemory.from_store(store, source_lang="en")
    assert english.lookup(PAIRS[2][1])[0].target == PAIRS[2][0]


def test_lookup_command(cli, store: Store) -> None:
    db = store.path
    result = cli("tm", "lookup", "양측은 북극 항로 협력 방안을 논의했다.", "--db", db, "--min", "60")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].strip() == PAIRS[1][1]
    assert "%" in result.stdout.splitlines()[0]
    jsonl = cli("tm", "lookup", PAIRS[0][1], "--db", db, "--format", "jsonl").stdout
    assert '"score": 100.0' in jsonl and PAIRS[0][0] in jsonl
    none = cli("tm", "lookup", "Nothing like it at all here.", "--db", db)
    assert none.exit_code == 0 and "no match" in none.stdout
    assert cli("tm", "lookup", "12345", "--db", db).exit_code == 3
    # an empty segment (a shell variable that was not set) is a usage error, not "cannot tell the language"
    for empty in ("", "  "):
        blank = cli("tm", "lookup", empty, "--db", db, "--source", "ko")
        assert blank.exit_code == 2
        assert blank.stderr == "prtranslate: error: tm lookup: TEXT is empty; give the segment to look up\n"


def test_export_and_import_commands(cli, store: Store, tmp_path: Path) -> None:
    out = tmp_path / "x.tmx"
    result = cli("tm", "export", out, "--db", store.path)
    assert result.exit_code == 0 and "4 units written" in result.stdout
    result = cli("tm", "import", out, "--db", tmp_path / "new.db")
    assert result.exit_code == 0 and "3 units imported, 1 already there" in result.stdout
    assert cli("tm", "export", tmp_path / "x.doc", "--db", store.path).exit_code == 3
    # "-" with --format is standard output (it was refused: "needs a file name"), the summary on stderr
    piped = cli("tm", "export", "-", "--format", "tmx", "--db", store.path)
    assert piped.exit_code == 0, piped.stderr
    written = out.read_text(encoding="utf-8")
    assert piped.stdout.startswith("<?xml") and piped.stdout.count("<tu") == written.count("<tu") >= 4
    assert piped.stderr == "prtranslate: 4 units written to standard output\n"
    assert cli("tm", "export", "-", "--db", store.path).exit_code == 3    # no suffix, no --format: which format?


GOLDEN = Path(__file__).parent / "data" / "tm_corpus_outputs"


@pytest.mark.parametrize(("case", "args"), [
    ("lookup.txt", ("tm", "lookup", "양측은 북극 항로 협력 방안을 논의했다.", "--min", "50")),
    ("lookup-en.jsonl", ("tm", "lookup", "The two sides discussed cooperation.", "--min", "50",
                         "--format", "jsonl")),
    ("list.txt", ("corpus", "list")),
    ("stats.txt", ("corpus", "stats")),
    ("show.txt", ("corpus", "show", "2021-01-05-other")),
])
def test_golden_outputs(cli, store: Store, case: str, args: tuple[str, ...]) -> None:
    """Command outputs over a fixed store (set PRTRANSLATE_UPDATE_GOLDEN=1 to rewrite the expectations)."""
    import os
    import re

    result = cli(*args, "--db", store.path)
    assert result.exit_code == 0, result.stderr
    # The time a release was stored is the only thing that changes between runs.
    out = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME", result.stdout)
    expected = GOLDEN / case
    if os.environ.get("PRTRANSLATE_UPDATE_GOLDEN") == "1":
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")


def test_golden_csv_export(store: Store, tmp_path: Path) -> None:
    import os

    export_tm(store, tmp_path / "out.csv")
    out = (tmp_path / "out.csv").read_text(encoding="utf-8")
    expected = GOLDEN / "export.csv"
    if os.environ.get("PRTRANSLATE_UPDATE_GOLDEN") == "1":
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")
