"""Known errors stay out of the exported translation memory (`tm export`).

A release whose English has a wrong date and "South Korea's" is stored with its error findings;
those pairs are not exported as approved units unless an editor rejected the finding as a false
alarm, and a pair an editor rejected is left out too.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from prtranslate.tm import read_tmx

TMX = "{http://www.w3.org/XML/1998/namespace}lang"
WRONG_DATE = "November 18, 2020"
FORBIDDEN = "South Korea’s standing"


@pytest.fixture
def store(cli, arctic, tmp_path: Path) -> Path:
    ko, en = arctic
    folder = tmp_path / "releases"
    folder.mkdir()
    shutil.copy(ko, folder / "arctic.ko.txt")
    text = en.read_text(encoding="utf-8")
    text = text.replace("November 19, 2020 (local time)", f"{WRONG_DATE} (local time)")
    text = text.replace("the ROK’s standing", FORBIDDEN)
    assert WRONG_DATE in text and FORBIDDEN in text
    (folder / "arctic.en.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "store.db"
    result = cli("corpus", "add", folder, "--db", db)
    assert result.exit_code == 0, result.stderr
    shown = cli("corpus", "show", "arctic", "--db", db).stdout
    assert "[1] error date" in shown and "[2] error forbidden" in shown
    return db


def _export(cli, db: Path, out: Path, *args: str) -> str:
    result = cli("tm", "export", out, "--db", db, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _english(path: Path) -> list[str]:
    return [u.target for u in read_tmx(path)]


def test_pairs_with_open_error_findings_are_left_out(cli, store: Path, tmp_path: Path) -> None:
    everything = _export(cli, store, tmp_path / "all.tmx", "--include-flagged")
    assert everything.startswith("8 units written") and "2 flagged" in everything
    out = tmp_path / "memory.tmx"
    said = _export(cli, store, out)
    assert said.startswith("6 units written") and "2 pairs left out" in said
    english = _english(out)
    assert len(english) == 6
    assert not any(WRONG_DATE in e or FORBIDDEN in e for e in english)
    assert any("Korea-Russia Arctic Consultation" in e for e in english)


def test_include_flagged_writes_them_not_approved_with_the_finding(cli, store: Path, tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    _export(cli, store, out, "--include-flagged")
    units = etree.parse(str(out)).getroot().iter("tu")
    flagged = {}
    for tu in units:
        props = {p.get("type"): p.text for p in tu.iter("prop")}
        english = next(t.findtext("seg") for t in tu.iter("tuv") if t.get(TMX) == "en")
        if props.get("x-status") == "flagged":
            flagged[english] = tu.findtext("note")
        else:
            assert tu.find("note") is None
    assert len(flagged) == 2
    date = next(note for english, note in flagged.items() if WRONG_DATE in english)
    assert date.startswith("error date: ") and WRONG_DATE in date
    forbidden = next(note for english, note in flagged.items() if FORBIDDEN in english)
    assert forbidden.startswith("error forbidden: ") and "South Korea’s" in forbidden

    xliff = tmp_path / "memory.xlf"
    _export(cli, store, xliff, "--include-flagged")
    root = etree.parse(str(xliff)).getroot()
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.1"}
    units = root.findall(".//x:trans-unit", ns)
    assert sorted(u.get("approved") for u in units) == ["no", "no"] + ["yes"] * 6
    for unit in units:
        if unit.get("approved") == "no":
            assert unit.find("x:target", ns).get("state") == "needs-review-translation"
            assert unit.findtext("x:note", namespaces=ns).startswith("error ")


def test_editor_decisions_close_findings_and_reject_pairs(cli, store: Path, tmp_path: Path) -> None:
    # The date finding is a false alarm for this editor: the pair goes back into the memory.
    assert cli("corpus", "decide", "arctic", "reject", "--finding", "1", "--db", store).exit_code == 0
    out = tmp_path / "memory.tmx"
    assert "1 pair left out" in _export(cli, store, out)
    assert any(WRONG_DATE in e for e in _english(out))
    # Accepting the finding afterwards (the latest decision) confirms the error again.
    assert cli("corpus", "decide", "arctic", "accept", "--finding", "1", "--db", store).exit_code == 0
    assert "2 pairs left out" in _export(cli, store, out)
    # An editor rejects a pair without findings (a wrong pair): left out as well.
    title = next(u for u in read_tmx(tmp_path / "memory.tmx") if "Takes Place" in u.target)
    assert title.target == "4th Korea-Russia Arctic Consultation Takes Place"
    shown = cli("corpus", "show", "arctic", "--db", store, "-f", "jsonl").stdout
    pairs = [record["pair"] for record in map(json.loads, shown.splitlines()) if "pair" in record]
    position = str(next(p["position"] for p in pairs if "title" in p["flags"]))
    assert cli("corpus", "decide", "arctic", "reject", "--pair", position, "--editor", "kim",
               "--db", store).exit_code == 0
    assert "3 pairs left out" in _export(cli, store, out)
    assert not any("Takes Place" in e for e in _english(out))
    _export(cli, store, out, "--include-flagged")
    notes = [n.text for n in etree.parse(str(out)).getroot().iter("note")]
    assert "rejected by kim" in notes
