"""TBX and CSV termbases: round trips, termbases as memoQ/MultiTerm write them, the glossary commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prtranslate.errors import GlossaryError
from prtranslate.formats.termbase import read_csv, read_tbx, write_csv, write_tbx
from prtranslate.glossary import Glossary, load_glossary, make_entry

MEMOQ_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en-US">
<martifHeader><fileDesc><sourceDesc><p>memoQ</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="1">
  <descrip type="subjectField">route</descrip>
  <descrip type="definition">Shipping route along Russia's Arctic coast.</descrip>
  <langSet xml:lang="ko-KR"><tig><term>북극항로</term></tig><tig><term>북방항로</term></tig></langSet>
  <langSet xml:lang="en-US">
    <tig><term>NSR</term><termNote type="normativeAuthorization">admittedTerm</termNote></tig>
    <tig><term>Northern Sea Route</term><termNote type="normativeAuthorization">preferredTerm</termNote></tig>
    <tig><term>North Sea Route</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="2">
  <langSet xml:lang="ko"><tig><term>동해</term></tig></langSet>
  <langSet xml:lang="en-GB">
    <tig><term>East Sea</term></tig>
    <tig><term>Sea of Japan</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="3">
  <langSet xml:lang="de"><tig><term>Nordostpassage</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Northeast Passage</term></tig></langSet>
</termEntry>
</body></text></martif>
"""


def test_bundled_glossary_round_trips_through_tbx() -> None:
    g = load_glossary()
    data = write_tbx(g.entries)
    assert data.startswith(b"<?xml")
    assert b"deprecatedTerm-admn-sts" in data and b'type="subjectField"' in data
    back = Glossary(read_tbx(data))
    assert back.entries == g.entries
    assert back.digest == g.digest


def test_tbx_round_trip_is_read_back_by_translate_toolkit() -> None:
    from translate.storage.tbx import tbxfile

    data = write_tbx([make_entry("북극항로", "Northern Sea Route", "NSR", "North Sea Route", "n", "route")])
    store = tbxfile.parsestring(data)
    unit = store.units[0]
    assert unit.source == "북극항로"
    terms = unit.get_target_terms("en")
    assert [t.text for t in terms] == ["Northern Sea Route", "NSR", "North Sea Route"]
    assert terms[2].deprecated


def test_memoq_style_tbx() -> None:
    entries = read_tbx(MEMOQ_TBX.encode("utf-8"))
    by_ko = {e.ko: e for e in entries}
    assert set(by_ko) == {"북극항로", "북방항로", "동해"}     # the German-English concept is skipped
    nsr = by_ko["북극항로"]
    assert nsr.en == "Northern Sea Route"                    # preferred, though listed second
    assert nsr.accepted == ("NSR",)
    assert nsr.forbidden == ("North Sea Route",)
    assert nsr.domain == "route"
    assert nsr.note.startswith("Shipping route")
    assert by_ko["북방항로"].en == "Northern Sea Route"      # a Korean synonym is an entry of its own
    assert by_ko["동해"].forbidden == ("Sea of Japan",)


def test_tbx_file_works_as_a_glossary(tmp_path: Path) -> None:
    path = tmp_path / "memoq.tbx"
    path.write_text(MEMOQ_TBX, encoding="utf-8")
    g = load_glossary([str(path)], bundled=False)
    assert [m.text for m in g.find_forbidden("the Sea of Japan")] == ["Sea of Japan"]


@pytest.mark.parametrize("data", [b"<martif><text><body>", b"not xml at all", b"<?xml version='1.0'?><x/>"])
def test_bad_tbx_raises(data: bytes) -> None:
    with pytest.raises(GlossaryError):
        read_tbx(data)


def test_csv_round_trip_and_termbase_headers() -> None:
    g = load_glossary()
    assert Glossary(read_csv(write_csv(g.entries))).entries == g.entries
    tool = read_csv("Korean,English,Note\n북극항로,Northern Sea Route|NSR,route\n"
                    "외교부,Ministry of Foreign Affairs,\n")
    assert tool[0] == make_entry("북극항로", "Northern Sea Route", ("NSR",), note="route")
    locale = read_csv("ko-KR;en-US\n동해;East Sea\n")
    assert locale == [make_entry("동해", "East Sea")]
    toolkit = read_csv("source,target\n동해,East Sea\n")
    assert toolkit == [make_entry("동해", "East Sea")]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("French,German\nx,y\n", "must name a Korean and an English column"),
     ("Korean,English\n북극항로,\n", "line 2")],
)
def test_bad_csv_raises(text: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        read_csv(text)


_TEXT = st.text(alphabet=st.sampled_from(list("abc XYZ-'가나다é")), min_size=1, max_size=12).filter(
    lambda s: s.strip() and "|" not in s)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.lists(_TEXT, max_size=2), st.lists(_TEXT, max_size=2), _TEXT),
                min_size=1, max_size=5, unique_by=lambda t: " ".join(t[0].split())))
def test_export_import_round_trips(rows) -> None:
    entries = [make_entry(ko, en, acc, forb, note) for ko, en, acc, forb, note in rows]
    assert read_tbx(write_tbx(entries)) == entries
    assert read_csv(write_csv(entries)) == entries


# --- the glossary commands ----------------------------------------------------------------------

def test_glossary_export_import_lookup(cli, tmp_path: Path) -> None:
    tbx = tmp_path / "out.tbx"
    result = cli("glossary", "export", "--format", "tbx", "-o", tbx)
    assert result.exit_code == 0, result.stderr
    tsv = tmp_path / "back.tsv"
    result = cli("glossary", "import", tbx, "-o", tsv)
    assert result.exit_code == 0, result.stderr
    assert load_glossary([str(tsv)], bundled=False).digest == load_glossary().digest

    result = cli("glossary", "lookup", "Sea of Japan")
    assert result.exit_code == 0
    assert result.stdout.startswith("동해\tEast Sea")
    result = cli("glossary", "lookup", "북극항로", "--format", "jsonl")
    assert '"en": "Northern Sea Route"' in result.stdout.splitlines()[0]
    result = cli("glossary", "lookup", "no such term")
    assert result.exit_code == 1 and "no glossary entry" in result.stderr


def test_glossary_command_errors(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif>", encoding="utf-8")
    result = cli("glossary", "import", bad)
    assert result.exit_code == 4
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    result = cli("glossary", "export", "--glossary", tmp_path / "missing.tsv")
    assert result.exit_code == 4
    out = tmp_path / "no-such-dir" / "x.csv"
    result = cli("glossary", "export", "--format", "csv", "-o", out)
    assert result.exit_code == 7 and not out.exists()


def test_glossary_import_merges_into_a_file(cli, tmp_path: Path) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text("ko\ten\n동해\tEast Sea (old)\n외교부\tMinistry of Foreign Affairs\n", encoding="utf-8")
    tbx = tmp_path / "memoq.tbx"
    tbx.write_text(MEMOQ_TBX, encoding="utf-8")
    result = cli("glossary", "import", tbx, "--merge", mine)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == "prtranslate: 4 entries (2 new)\n"
    g = load_glossary([str(mine)], bundled=False)
    assert g.get("동해").en == "East Sea" and g.get("외교부") is not None and g.get("북극항로") is not None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_glossary_saved_by_excel_as_unicode_text_is_read(cli, tmp_path: Path, encoding: str) -> None:
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark, tab-separated; its CSV may be too.
    Both used to fail with "not UTF-8 text (invalid UTF-8 at byte 0)"."""
    rows = "ko\ten\taccepted\tforbidden\tnote\tdomain\r\n북극항로\tNorthern Sea Route\t\tNorth Sea Route\t\troute\r\n"
    tsv = tmp_path / "excel.tsv"
    tsv.write_bytes((("\ufeff" if encoding == "utf-16-be" else "") + rows).encode(encoding))
    csv = tmp_path / "excel.csv"
    csv.write_bytes((("\ufeff" if encoding == "utf-16-be" else "") + rows.replace("\t", ",")).encode(encoding))
    for table in (tsv, csv):
        result = cli("glossary", "import", table)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[1] == "북극항로\tNorthern Sea Route\t\tNorth Sea Route\t\troute"
    ko = tmp_path / "r.ko.txt"
    ko.write_text("1. 양국은 북극항로 협력을 논의하였다.\n", encoding="utf-8")
    en = tmp_path / "r.en.txt"
    en.write_text("1. The two countries discussed cooperation on the North Sea Route.\n", encoding="utf-8")
    result = cli("check", ko, en, "--no-glossary", "-g", tsv, "-f", "jsonl")
    assert result.exit_code == 1 and '"kind": "forbidden"' in result.stdout


def test_a_damaged_utf16_glossary_is_one_line_exit_4(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(b"\xff\xfek\x00o\x00\x00\xd8")   # a lone surrogate
    result = cli("glossary", "import", bad)
    assert result.exit_code == 4 and result.stderr.count("\n") == 1
    assert "not UTF-8 or UTF-16 text" in result.stderr
