"""Dates in every form the ministry's pages use, Korean shorthand included, normalise to one value.

Property tests render a generated date (or range of days) in each Korean and English form,
parse it back and get the same normal form; the Korean and English renderings of one date
compare equal through the checker. Times of day, phone numbers and view counts are not dates,
years or amounts; decimals, versions and section numbers stay what they are.
"""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prtranslate.check import _numbers
from prtranslate.numerals import (
    DATE,
    PHONE,
    TIME,
    YEAR,
    anchor_keys,
    find_numerals,
    infer_years,
    reference_date,
)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHORT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = "월화수목금토일"

dates = st.dates(min_value=datetime.date(1991, 1, 1), max_value=datetime.date(2039, 12, 31))


def _wd(day: datetime.date) -> str:
    return WEEKDAYS[day.weekday()]


def korean_forms(d: datetime.date) -> dict[str, str]:
    """Korean renderings of a full date."""
    y, m, n = d.year, d.month, d.day
    return {
        "full": f"{y}년 {m}월 {n}일",
        "full weekday": f"{y}년 {m}월 {n}일({_wd(d)})",
        "dots": f"{y}.{m}.{n}.",
        "dots weekday": f"{y}.{m}.{n}.({_wd(d)})",
        "padded dots": f"{y}. {m:02d}. {n:02d}.",
        "short year": f"'{y % 100:02d}.{m}.{n}",
        "short year weekday": f"’{y % 100:02d}.{m}.{n}.({_wd(d)})",
    }


def korean_day_forms(d: datetime.date) -> dict[str, str]:
    """Korean renderings without a year."""
    m, n = d.month, d.day
    return {
        "month day weekday": f"{m}.{n}.({_wd(d)})",
        "month day weekday no dot": f"{m}.{n}({_wd(d)})",
        "bracketed": f"({m}.{n})",
        "before a word": f"{m}.{n} 연주회",
        "words": f"{m}월 {n}일",
    }


def english_forms(d: datetime.date) -> dict[str, str]:
    y, m, n = d.year, d.month, d.day
    return {
        "month first": f"{MONTHS[m - 1]} {n}, {y}",
        "day first": f"{n} {MONTHS[m - 1]} {y}",
        "short month": f"{SHORT[m - 1]} {n}, {y}",
        "ordinal": f"{MONTHS[m - 1]} {n}th, {y}" if n in (4, 5, 6, 7, 8, 9, 10) else f"{MONTHS[m - 1]} {n}, {y}",
    }


def english_day_forms(d: datetime.date) -> dict[str, str]:
    m, n = d.month, d.day
    return {
        "month day": f"{MONTHS[m - 1]} {n}",
        "local time": f"{MONTHS[m - 1]} {n} (local time)",
        "day month": f"{n} {MONTHS[m - 1]}",
        "short month": f"{SHORT[m - 1]} {n}",
    }


def _dates(text: str, language: str) -> list[str]:
    return [n.value for n in find_numerals(text, language) if n.kind == DATE]


@settings(deadline=None)
@given(dates)
def test_every_full_form_round_trips(d):
    for name, text in {**korean_forms(d)}.items():
        assert _dates(f"외교부는 {text} 회의를 개최하였다.", "ko") == [d.isoformat()], name
    for name, text in english_forms(d).items():
        assert _dates(f"The Ministry held the meeting on {text}.", "en") == [d.isoformat()], name


@settings(deadline=None)
@given(dates)
def test_every_form_without_a_year_round_trips(d):
    yearless = f"--{d.month:02d}-{d.day:02d}"
    for name, text in korean_day_forms(d).items():
        assert _dates(f"외교부는 {text} 회의를 개최하였다.", "ko") == [yearless], name
    for name, text in english_day_forms(d).items():
        assert _dates(f"The Ministry held the meeting on {text}.", "en") == [yearless], name


@settings(deadline=None)
@given(dates)
def test_korean_and_english_renderings_compare_equal(d):
    for ko in [*korean_forms(d).values(), *korean_day_forms(d).values()]:
        for en in [*english_forms(d).values(), *english_day_forms(d).values()]:
            assert _numbers(f"외교부는 {ko} 회의를 개최하였다.", f"The Ministry held it on {en}.", (0,), (0,)) == [], \
                (ko, en)


@settings(deadline=None)
@given(dates)
def test_a_different_day_is_found(d):
    other = d + datetime.timedelta(days=1)
    for ko in korean_forms(d).values():
        findings = _numbers(f"외교부는 {ko} 회의를 개최하였다.", f"held on {english_forms(other)['month first']}.",
                            (0,), (0,))
        assert [(f.kind, f.severity) for f in findings] == [("date", "error")], ko


@settings(deadline=None)
@given(dates)
def test_month_and_year_forms(d):
    y, m = d.year, d.month
    for ko in (f"{y}.{m}월", f"{y}년 {m}월", f"'{y % 100:02d}.{m}월"):
        assert _dates(f"{ko} 양국 외교장관회담 합의에 따라", "ko") == [f"{y}-{m:02d}"], ko
        assert _numbers(f"{ko} 합의에 따라", f"as agreed in {MONTHS[m - 1]} {y}", (0,), (0,)) == [], ko


@st.composite
def day_ranges(draw):
    first = draw(dates)
    length = draw(st.integers(min_value=1, max_value=9))
    return first, first + datetime.timedelta(days=length)


@settings(deadline=None)
@given(day_ranges())
def test_every_range_form_round_trips(days):
    a, b = days
    same_month = a.month == b.month
    ko_yearless = [f"{a.month}.{a.day}.({_wd(a)})-{b.day if same_month else f'{b.month}.{b.day}'}.({_wd(b)})",
                   f"{a.month}.{a.day}.-{b.day if same_month else f'{b.month}.{b.day}'}."]
    ko_full = [f"{a.year}.{a.month}.{a.day}.-{b.day if same_month else f'{b.month}.{b.day}'}"]
    if same_month:
        ko_yearless.append(f"{a.month}.{a.day}-{b.day}")
        ko_yearless.append(f"{a.month}월 {a.day}일~{b.day}일")
    en_full = f"from {MONTHS[a.month - 1]} {a.day} to {MONTHS[b.month - 1]} {b.day}, {b.year}"
    assert _dates(f"It runs {en_full}.", "en") == [a.isoformat(), b.isoformat()]
    en_yearless = [f"from {MONTHS[a.month - 1]} {a.day} through {MONTHS[b.month - 1]} {b.day}",
                   f"{a.day} {MONTHS[a.month - 1]} to {b.day} {MONTHS[b.month - 1]}"]
    if same_month:
        en_yearless += [f"{MONTHS[a.month - 1]} {a.day}-{b.day}", f"{a.day}-{b.day} {MONTHS[a.month - 1]}"]
    yearless = [f"--{a.month:02d}-{a.day:02d}", f"--{b.month:02d}-{b.day:02d}"]
    for ko in ko_full:   # the year crosses to the next one from 12.30. to 1.2.
        assert _dates(f"외교부는 {ko} 트롬쇠에서 회의를 개최하였다.", "ko") == [a.isoformat(), b.isoformat()], ko
    for ko in ko_yearless:
        assert _dates(f"외교부는 {ko} 트롬쇠에서 회의를 개최하였다.", "ko") == yearless, ko
    for en in en_yearless:
        assert _dates(f"The meeting takes place {en} in Tromsø.", "en") == yearless, en
        for ko in ko_yearless + ko_full:
            assert _numbers(f"외교부는 {ko} 회의를 개최하였다.", f"held {en}.", (0,), (0,)) == [], (ko, en)


# --- what is not a date, a year or an amount ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "kind", "value"),
    [
        ("조회수 1784", "ko", "number", "1784"),
        ("조회 2,814", "ko", "number", "2814"),
        ("hit 1131", "en", "number", "1131"),
        ("02-2100-7000", "ko", PHONE, "0221007000"),
        ("+82-2-2100-7000", "en", PHONE, "0221007000"),
        ("Tel. (02) 2100-7000", "en", PHONE, "0221007000"),
        ("10:00", "ko", TIME, "10:00"),
        ("18시", "ko", TIME, "18:00"),
        ("오후 6시 30분", "ko", TIME, "18:30"),
        ("6 p.m.", "en", TIME, "18:00"),
        ("10:30 a.m.", "en", TIME, "10:30"),
    ],
)
def test_counts_phones_and_times_are_not_years_or_dates(text, language, kind, value):
    found = find_numerals(text, language)
    assert [(n.kind, n.value) for n in found] == [(kind, value)]
    assert not any(n.kind in (YEAR, DATE) for n in found)


def test_time_range():
    assert [(n.kind, n.value) for n in find_numerals("10:00~18:00 개방", "ko")] == [(TIME, "10:00"), (TIME, "18:00")]
    assert _numbers("10:00~18:00 개방", "open from 10 a.m. to 6 p.m.", (0,), (0,)) == []


def test_a_phone_number_on_one_side_is_no_finding():
    assert _numbers("문의 : 02-2100-7000", "Inquiries welcome.", (0,), (0,)) == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("3.5% 증가", "ko", [("percent", "3.5")]),
        ("1.2조 원", "ko", [("number", "1200000000000")]),
        ("규모 5.8 지진", "ko", [("number", "5.8")]),
        ("1.5 트랙 대화", "ko", [("number", "1.5")]),
        ("2.0 시대", "ko", [("number", "2")]),
        ("3.5-4.0%", "ko", [("number", "3.5"), ("percent", "4")]),
        ("1.2-3배", "ko", [("number", "1.2"), ("number", "3")]),
        ("1.2 billion", "en", [("number", "1200000000")]),
        ("version 2.1", "en", [("number", "2.1")]),
        ("Section 3.2", "en", [("number", "3.2")]),
        ("3.5%", "en", [("percent", "3.5")]),
    ],
)
def test_decimals_versions_and_sections_stay_numbers(text, language, expected):
    assert [(n.kind, n.value) for n in find_numerals(text, language)] == expected


def test_a_bracketed_month_day_still_meets_the_same_decimal():
    """"(1.5)" reads as 5 January in Korean shorthand; if the English has 1.5, they agree."""
    (date,) = find_numerals("성장률 전망(1.5)", "ko")
    assert date.kind == DATE and "number:1.5" in anchor_keys(date)
    assert _numbers("성장률 전망(1.5)", "growth forecast (1.5)", (0,), (0,)) == []


# --- year inference -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("6.8.(목)", "2023-06-09", "2023-06-08"),
        ("12.28.(목)", "2024-01-03", "2023-12-28"),   # the nearest year, not the posting year
        ("1.5.(금)", "2023-12-29", "2024-01-05"),
        ("2022.6.8.", "2023-06-09", "2022-06-08"),    # a written year is kept
    ],
)
def test_yearless_dates_take_the_nearest_year(text, reference, value):
    assert [n.value for n in infer_years(find_numerals(text, "ko"), reference)] == [value]


def test_reference_is_the_posting_date_else_the_first_full_date():
    assert reference_date(["6.8.(목) 개최"], "2023-06-09") == "2023-06-09"
    assert reference_date(["제목", "2023.6.8.(목) 개최", "2024년 1월 1일"]) == "2023-06-08"
    assert reference_date(["6.8.(목) 개최"]) is None


KO_PAGE = ("보도자료\n\n한-노르웨이 북극협의회 개최\n\n작성일\n2023-06-09\n\n"
           "□ 외교부는 6.8.(목) 오슬로에서 제2차 한-노르웨이 북극협의회를 개최하였다.\n")
EN_PAGE = ("Press Releases\n\nKorea-Norway Arctic Consultation Takes Place\n\nDate 2023-06-09 hit 12\n\n"
           "1. The Ministry of Foreign Affairs held the 2nd Korea-Norway Arctic Consultation in Oslo on {date}.\n")


@pytest.mark.parametrize(("date", "findings"), [("June 8", []), ("June 8, 2023", []),
                                                ("June 8, 2024", [("date", "error")])])
def test_check_reads_a_yearless_korean_date_in_the_posting_year(cli, tmp_path, date, findings):
    (tmp_path / "r.ko.txt").write_text(KO_PAGE, encoding="utf-8")
    (tmp_path / "r.en.txt").write_text(EN_PAGE.format(date=date), encoding="utf-8")
    result = cli("check", tmp_path / "r.ko.txt", tmp_path / "r.en.txt", "--no-glossary", "-f", "jsonl")
    got = [(r["kind"], r["severity"]) for r in map(json.loads, result.stdout.splitlines())
           if r["kind"] in ("date", "number")]
    assert got == findings, result.stdout
