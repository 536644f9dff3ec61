"""Numbers, dates, ordinals, ranges and amounts in Korean and English, normalised to comparable values.

``2020년 11월 19일(목)`` and ``November 19, 2020`` both give the date ``2020-11-19``; ``제4차``,
``4번째``, ``네 번째``, ``4th`` and ``fourth`` the ordinal 4; ``1억1천만달러`` and ``$110 million``
the amount 110000000; ``2021-2023년`` and ``2021-2023`` the range 2021–2023. The aligner uses
the values as anchors, the checker compares them between the two versions.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

DATE = "date"
NUMBER = "number"
ORDINAL = "ordinal"
RANGE = "range"
PERCENT = "percent"
YEAR = "year"
TIME = "time"     # a time of day, "18:00": never a year, a date or an amount
PHONE = "phone"   # a telephone number, "02-2100-7000", as national digits "0221007000"
LABEL = "label"   # pattern tag only: digits that are no numeral ("(1)" of an enumeration), taken and dropped

# "(1) …; (2) …", "1) …": the label of an item in a list, in either version ("①" has no digit);
# the other version may number its items differently, or not at all.
_LABEL_RE = r"(?<![^\s:;,])(?:\(\d{1,2}\)|\d{1,2}\))(?=\s*[^\W\d_])"


def _label(m: re.Match[str]) -> list | None:
    """Nothing for a list label; None (read it as a numeral) for "21)" closing "(May 21)"."""
    before = m.string[: m.start()]
    if not m.group(0).startswith("(") and before.count("(") > before.count(")"):
        return None
    return []


@dataclass(frozen=True)
class Numeral:
    """A normalised numeric expression found in a text.

    ``value`` is canonical: ``"2020-11-19"``, ``"2020-11"``, ``"--11-19"`` (no year) for dates;
    a plain decimal (``"110000000"``, ``"12.3"``) for numbers, percents, years and ordinals;
    ``"2021-2023"`` for ranges; ``"18:00"`` for times; national digits for phone numbers.
    ``weak`` marks spelled-out small numbers ("two"), which may stand for a Korean word without
    digits (양국), and times and phone numbers, which one version often leaves out: a weak
    numeral never counts as missing. ``written`` is the whole expression a date of a range stands
    in ("9.4-6" for its last day, whose ``text`` is "6"), empty for a numeral written alone.
    """

    kind: str
    value: str
    text: str
    start: int
    end: int
    weak: bool = False
    written: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}"


def _fmt(number: float) -> str:
    if abs(number - round(number)) < 1e-9:
        return str(round(number))
    return f"{number:.6f}".rstrip("0").rstrip(".")


# --- shared: telephone numbers, times of day, view counts -----------------------------------------

# Cheap tests that let the scan skip a pattern on text that cannot hold it (the aligner reads
# every paragraph of both versions): pattern -> what the text must contain.
_NEEDS: dict[re.Pattern[str], re.Pattern[str]] = {}
_DOTTED = r"\d\s*\.\s*\d"


def _needing(needs: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    _NEEDS[pattern] = re.compile(needs, re.IGNORECASE)
    return pattern


#: 02-2100-7000, 02) 2100-7000, +82-2-2100-7000, (02) 2100 7000
_PHONE_RE = (r"(?<![\d\w-])(?:\+82[-\s.]?(?:\(0\))?\d{1,2}|\(0\d{1,2}\)|0\d{1,2}\)?)[-\s.)]+"
             r"\d{3,4}[-\s.]\d{4}(?![\d-])")
# A view count ("조회수 1784", "hit 1131") is a count, never a year.
_COUNT_RE = r"(?:조회수?|hits?|views?)\s*[:：]?\s*(?P<count>\d{1,3}(?:,\d{3})+|\d+)(?![\d.,])"


def _phone_value(m: re.Match[str]):
    digits = re.sub(r"\D", "", m.group(0))
    if digits.startswith("82"):
        digits = "0" + digits[2:].removeprefix("0")
    return PHONE, digits, True


def _time_value(m: re.Match[str]):
    g = m.groupdict()
    hour, minute = int(g["h"]), int(g.get("mi") or 0)
    half = (g.get("ampm") or "").lower().replace(".", "")
    if half in ("pm", "오후") and hour < 12:
        hour += 12
    elif half in ("am", "오전") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return TIME, f"{hour:02d}:{minute:02d}", True


def _count_value(m: re.Match[str]):
    return NUMBER, str(int(m["count"].replace(",", ""))), False


# --- English -----------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "hundredth": 100,
}
_CARDINAL_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "thousand": 1000, "dozen": 12,
    # multipliers: "2배" is "double", "연 2회" is "twice a year"
    "twice": 2, "double": 2, "doubled": 2, "doubling": 2, "twofold": 2,
    "thrice": 3, "triple": 3, "tripled": 3, "tripling": 3, "threefold": 3,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6, "bn": 1e9, "tn": 1e12}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

DAY_RANGE = "day_range"   # pattern tag only: gives two dates

_MONTH2_RE = _MONTH_RE.replace("?P<mon>", "?P<mon2>")
_THROUGH = r"\s*(?:[-–~]|to|through|until|till|thru)\s*"

_EN_PATTERNS = [
    (PHONE, re.compile(_PHONE_RE)),
    (NUMBER, _needing("조회|hit|view", re.compile(_COUNT_RE, re.IGNORECASE))),
    (LABEL, _needing(r"\)", re.compile(_LABEL_RE))),
    # 10:00, 6 p.m., 6:30 pm (a time range "10:00-18:00" is two times)
    (TIME, re.compile(r"\b(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)(?![a-z])", re.IGNORECASE)),
    (TIME, _needing(":", re.compile(r"\b(?P<h>\d{1,2}):(?P<mi>\d{2})\b(?!:)"))),
    # from July 14 through August 6, 2023 / 30 November to 2 December: two dates in two months
    (DAY_RANGE, re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?" + _THROUGH + _MONTH2_RE
                           + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b)?")),
    (DAY_RANGE, re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + _THROUGH
                           + r"(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH2_RE
                           + r"(?:,?\s+(?P<year>\d{4}))?\b")),
    # November 19-20, 2020 / 19-20 November 2020: two dates
    (DAY_RANGE, re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*(?:[-–~]|to|and)\s*"
                           r"(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b)?")),
    (DAY_RANGE, re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*(?:[-–~]|to|and)\s*(?P<day2>\d{1,2})"
                           r"(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"(?:,?\s+(?P<year>\d{4}))?\b")),
    # from 2021 to 2023, between 2021 and 2023
    (RANGE, re.compile(r"\b(?:from\s+(?P<a>\d{4})\s+(?:to|until|through|till)|between\s+(?P<a2>\d{4})\s+and)"
                       r"\s+(?P<b>\d{4})\b", re.IGNORECASE)),
    # November 19, 2020 / Nov. 19 2020 / November 19
    (DATE, re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b")),
    # 19 November 2020
    (DATE, re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"(?:,?\s+(?P<year>\d{4}))?\b")),
    # September 2017
    (DATE, re.compile(_MONTH_RE + r",?\s+(?P<year>\d{4})\b")),
    # 2020-11-19, 2020.11.19, 2020/11/19
    (DATE, re.compile(r"\b(?P<year>\d{4})[-./](?P<mnum>\d{1,2})[-./](?P<day>\d{1,2})\b")),
    # 2021-2023, 2021~2023, 2021–23
    (RANGE, re.compile(r"\b(?P<a>\d{4})\s*[-–~〜]\s*(?P<b>\d{2,4})\b")),
    # 4th, 30th, 21st
    (ORDINAL, re.compile(r"\b(?P<n>\d+)(?:st|nd|rd|th)\b", re.IGNORECASE)),
    (ORDINAL, re.compile(r"\b(?P<w>" + "|".join(_ORDINAL_WORDS) + r")\b", re.IGNORECASE)),
    # 3.5%, 3.5 percent
    (PERCENT, re.compile(r"(?P<n>" + _NUM + r")\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)),
    # $110 million, 12.3 trillion, 1,000
    (NUMBER, re.compile(r"(?P<cur>[$€£¥₩])?\s?(?P<n>" + _NUM + r")(?:\s*(?P<scale>thousand|million|billion|"
                        r"trillion|mn|bn|tn)\b)?", re.IGNORECASE)),
    (NUMBER, re.compile(r"\b(?P<w>" + "|".join(_CARDINAL_WORDS) + r")\b", re.IGNORECASE)),
]
_MONTH_PATTERNS = frozenset(p for _, p in _EN_PATTERNS if p.pattern.startswith(_MONTH_RE) or _MONTH_RE in p.pattern)


# Kinds whose value is read the same way in both languages.
_READ_ALIKE = frozenset({LABEL, PHONE, TIME})


def _value_read_alike(kind: str, m: re.Match[str]):
    """The value of a list label, phone number, time of day or count, written alike in Korean and English."""
    if kind == LABEL:
        return _label(m)
    if kind == PHONE:
        return _phone_value(m)
    if kind == TIME:
        return _time_value(m)
    return _count_value(m)


def _en_value(kind: str, m: re.Match[str]):
    g = m.groupdict()
    if kind in _READ_ALIKE or g.get("count"):
        return _value_read_alike(kind, m)
    if kind == DATE:
        month = _MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["mnum"])
        day = g.get("day")
        year = g.get("year")
        if (day and not 1 <= int(day) <= 31) or not 1 <= month <= 12:
            return None
        if year and day:
            return DATE, f"{int(year):04d}-{month:02d}-{int(day):02d}", False
        if year:
            return DATE, f"{int(year):04d}-{month:02d}", False
        assert day is not None  # every date pattern without a year captures the day
        return DATE, f"--{month:02d}-{int(day):02d}", False
    if kind == DAY_RANGE:
        month = _MONTHS[g["mon"].lower().rstrip(".")]
        month2 = _MONTHS[g["mon2"].lower().rstrip(".")] if g.get("mon2") else month
        return _day_range(m, g.get("year"), month, int(g["day"]), month2, int(g["day2"]))
    if kind == RANGE:
        a, b = g.get("a") or g.get("a2"), g["b"]
        assert a is not None  # the pattern captures one of a, a2
        if len(b) == 2:
            b = a[:2] + b
        if int(b) <= int(a):
            return None
        return RANGE, f"{a}-{b}", False
    if kind == ORDINAL:
        if g.get("w"):
            return ORDINAL, str(_ORDINAL_WORDS[g["w"].lower()]), g["w"].lower() in ("first", "second")
        return ORDINAL, str(int(g["n"])), False
    if kind == PERCENT:
        return PERCENT, _fmt(float(g["n"].replace(",", ""))), False
    if g.get("w"):
        word = g["w"].lower()
        return NUMBER, str(_CARDINAL_WORDS[word]), True
    number = float(g["n"].replace(",", ""))
    if g.get("scale"):
        number *= _SCALE[g["scale"].lower()]
    elif 1000 <= number <= 2100 and "." not in g["n"] and "," not in g["n"] and not g.get("cur"):
        return YEAR, _fmt(number), False
    return NUMBER, _fmt(number), False


def _date_value(year: str | None, month: int, day: int) -> str:
    return f"{int(year):04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


_CONNECTOR = re.compile(r"[\s\-–~〜]*(?:to|and|through|until|till|thru)?[\s\-–~〜]*$")


def _day_range(m: re.Match[str], year: str | None, month: int, day: int, month2: int, day2: int):
    """Two dates (first and last day) for ``November 19-20`` or ``11월 19일~20일``."""
    if not (1 <= month <= 12 and 1 <= month2 <= 12 and 1 <= day <= 31 and 1 <= day2 <= 31):
        return None
    split = m.start("day2") if m.group("day2") is not None else m.end()
    for second in ("mnum2", "mon2"):
        if second in m.re.groupindex and m.group(second) is not None:
            split = min(split, m.start(second))
    year2 = year
    if (month2, day2) <= (month, day):
        if (month, month2) != (12, 1):
            return None
        # December 30 to January 2: the year written stands next to one of the two dates.
        if year is not None:
            written = next((m.start(g) for g in ("year", "yy") if g in m.re.groupindex and m.group(g)), split)
            if written < split:
                year2 = str(int(year) + 1)
            else:
                year = str(int(year) - 1)
    head = _CONNECTOR.sub("", m.string[m.start():split])
    return [
        (DATE, _date_value(year, month, day), False, m.start(), m.start() + len(head)),
        (DATE, _date_value(year2, month2, day2), False, split, m.end()),
    ]


# --- Korean ------------------------------------------------------------------------------------

_KO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_KO_SMALL = {"십": 10, "백": 100, "천": 1000}
_KO_BIG = {"만": 1e4, "억": 1e8, "조": 1e12}
_KO_NATIVE_ORDINAL = {
    "첫": 1, "첫째": 1, "두": 2, "둘째": 2, "세": 3, "셋째": 3, "네": 4, "넷째": 4, "다섯": 5, "여섯": 6,
    "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20,
}
_KO_NATIVE_CARDINAL = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
                       "아홉": 9, "열": 10, "스무": 20}

# 1억1천만, 12조3천억, 3만5천, 1,000억, 5천, 2.5조
_KO_D = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_KO_SECTION = rf"(?:{_KO_D}\s?[십백천]\s?)*(?:{_KO_D})?"
# 1억1천만, 12조3천억, 3만5천, 2천5백만, 1,000억, 5천, 2.5조, 1,000
# After a big unit, the last section is glued to it (1억1천) or, after a space, carries its own
# unit (1억 5천): "1억1천만 12.5%" is an amount and then a percentage.
_KO_AMOUNT = (rf"(?=\d)(?:{_KO_SECTION}[조억만]\s?)+"
              rf"(?:(?<=[조억만]){_KO_SECTION}|(?<=\s)(?:{_KO_D}\s?[십백천]\s?)+(?:{_KO_D})?)?"
              rf"|(?=\d)(?:{_KO_D}\s?[십백천]\s?)+(?:{_KO_D})?"
              rf"|{_KO_D}")

_WEEKDAY = r"(?:\s*\(\s*[월화수목금토일]\s*\))?"

# Shorthand dates: 2023.6.8.(목), '23.6.8, 2021.9월, 6.8.(목), 9.4-6, 2019.11.19.-21, (5.20), 8.3 연주회
_KO_YEAR = r"(?:(?P<year>\d{4})|['‘’`](?P<yy>\d{2}))"
_DOT = r"\s*\.\s*"
# What follows a decimal, never a day: a unit, a percentage, a section, a multiplier.
_NOT_A_DAY = (r"(?!\d|\.\d|\s*(?:%|퍼센트|프로|배|억|만|조|천|백|명|개|톤|달러|원|유로|엔|km|kg|m\b|도|년|세|시간|"
              r"항|조|장|절|호|점|위|등|트랙|지진|버전|ver))")
_SHORT_DAY = r"(?P<day>\d{1,2})"

_KO_SHORTHAND = [
    # 2019.11.19.-21, 2019.11.29.(금)-12.1.(일), '23.6.8-9: two dates
    (DAY_RANGE, _KO_YEAR + _DOT + r"(?P<mnum>\d{1,2})" + _DOT + _SHORT_DAY + r"\s*\.?" + _WEEKDAY
     + r"\s*[-~–〜]\s*(?:(?P<mnum2>\d{1,2})" + _DOT + r")?(?P<day2>\d{1,2})\s*\.?" + _WEEKDAY + _NOT_A_DAY),
    # 9.4-6, 11.19.(목)-20.(금), 11.30.-12.2.: two dates
    (DAY_RANGE, r"(?<![\d.'‘’`])(?P<mnum>\d{1,2})" + _DOT + _SHORT_DAY + r"\s*\.?" + _WEEKDAY
     + r"\s*[-~–〜]\s*(?:(?P<mnum2>\d{1,2})" + _DOT + r")?(?P<day2>\d{1,2})(?:\s*\.(?!\d))?" + _WEEKDAY + _NOT_A_DAY),
    # 2021.9월, '21.9월
    (DATE, _KO_YEAR + _DOT + r"(?P<mnum>\d{1,2})\s*월(?!\s*\d{1,2}\s*일)"),
    # 2023.6.8.(목), '23.6.8
    (DATE, _KO_YEAR + _DOT + r"(?P<mnum>\d{1,2})" + _DOT + r"(?P<day>\d{1,2})(?!\d)\s*\.?" + _WEEKDAY),
    # (5.20): a month and day in brackets
    (DATE, r"(?<=\()(?P<mnum>\d{1,2})" + _DOT + r"(?P<day>\d{1,2})\.?(?=\))"),
    # 8.3 연주회: a month and day before a Korean word that is not a unit
    (DATE, r"(?<![\d.'‘’`\w])(?P<mnum>\d{1,2})\.(?P<day>\d{1,2})\.?(?=\s+[가-힣])" + _NOT_A_DAY),
]

_KO_PATTERNS = [
    (PHONE, re.compile(_PHONE_RE)),
    (NUMBER, _needing("조회|hit|view", re.compile(_COUNT_RE))),
    (LABEL, _needing(r"\)", re.compile(_LABEL_RE))),
    # 10:00, 오후 6시, 18시 30분 (a time range "10:00~18:00" is two times)
    (TIME, _needing(":", re.compile(r"(?:(?P<ampm>오전|오후)\s*)?(?<![\d.])(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{2})"
                                    r"(?!\d)"))),
    (TIME, _needing(r"\d\s*시", re.compile(r"(?:(?P<ampm>오전|오후)\s*)?(?<![\d.])(?P<h>\d{1,2})\s*시"
                                          r"(?!간|즌|리즈|점|기|대)(?:\s*(?P<mi>\d{1,2})\s*분)?"))),
    *((kind, _needing(_DOTTED, re.compile(regex))) for kind, regex in _KO_SHORTHAND),
    # 2020년 11월 19일(목)~20일(금), 11월 19-20일: two dates
    (DAY_RANGE, re.compile(r"(?:(?P<year>\d{4})\s*년\s*)?(?P<mnum>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일?"
                           + _WEEKDAY + r"\s*[~\-–]\s*(?:(?P<mnum2>\d{1,2})\s*월\s*)?(?P<day2>\d{1,2})\s*일"
                           + _WEEKDAY)),
    # 2021년부터 2023년까지, 2021년에서 2023년
    (RANGE, re.compile(r"(?P<a>\d{4})\s*년\s*(?:부터|에서)\s*(?P<b>\d{4})\s*년(?:\s*까지)?")),
    # 2020년 11월 19일(목), 2020. 11. 19.
    (DATE, re.compile(r"(?P<year>\d{4})\s*년\s*(?P<mnum>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일" + _WEEKDAY)),
    (DATE, _needing(_DOTTED, re.compile(r"(?P<year>\d{4})\s*\.\s*(?P<mnum>\d{1,2})\s*\.\s*(?P<day>\d{1,2})\s*\.?"))),
    (DATE, re.compile(r"(?P<year>\d{4})[-/](?P<mnum>\d{1,2})[-/](?P<day>\d{1,2})")),
    (DATE, re.compile(r"(?P<year>\d{4})\s*년\s*(?P<mnum>\d{1,2})\s*월(?!\s*\d{1,2}\s*일)")),
    (DATE, re.compile(r"(?<![\d년])\s?(?P<mnum>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일" + _WEEKDAY)),
    # 11.19(목), 11. 19.(목): month and day, only when a weekday confirms it is a date
    (DATE, re.compile(r"(?<![\d.])(?P<mnum>\d{1,2})\s*\.\s*(?P<day>\d{1,2})\s*\.?\s*"
                      r"\(\s*[월화수목금토일]\s*\)")),
    # 2021-2023년, 2021~2023년
    (RANGE, re.compile(r"(?P<a>\d{4})\s*(?:년\s*)?[-–~〜]\s*(?P<b>\d{2,4})\s*년?")),
    # "8월 중": a month alone, no year, no day, is no amount (the English says "in August")
    (LABEL, _needing("월", re.compile(r"(?<![\d.'‘’년])(?<!년\s)(?:\d{1,2}\s*[~\-–]\s*)?\d{1,2}\s*월(?!\s*\d)"))),
    # 제4차, 제1회, 4차, 4번째, 30주년, 제30주년
    (ORDINAL, re.compile(r"제\s?(?P<n>\d+)\s?(?:차|회|회째|번째|기|대|항)?")),
    (ORDINAL, re.compile(r"(?P<n>\d+)\s?(?:차(?![가-힣])|번째|회째|주년|차례?\s?회의)")),
    (ORDINAL, re.compile(r"(?P<w>첫|첫째|두|둘째|세|셋째|네|넷째|다섯|여섯|일곱|여덟|아홉|열|스무)"
                         r"\s?(?:번째|째)")),
    # 1위 협력국: a rank, which the English often writes as "the largest", "the top"
    (ORDINAL, re.compile(r"(?P<rank>\d{1,3})\s?위(?![가-힣])")),
    (PERCENT, re.compile(r"(?P<n>\d+(?:\.\d+)?)\s?(?:%|퍼센트|프로)")),
    (NUMBER, re.compile(r"(?P<n>" + _KO_AMOUNT + r")")),
]


def _ko_amount(text: str) -> float | None:
    """Value of a Korean digit-and-unit amount: 1억1천만 → 110000000."""
    total = 0.0
    section = 0.0
    number = ""
    for ch in text.replace(",", "").replace(" ", ""):
        if ch.isdigit() or ch == ".":
            number += ch
            continue
        value = float(number) if number else None
        number = ""
        if ch in _KO_SMALL:
            section += (1.0 if value is None else value) * _KO_SMALL[ch]
        elif ch in _KO_BIG:
            if value is not None:
                section += value
            total += (section or 1.0) * _KO_BIG[ch]
            section = 0.0
        else:
            return None
    if number:
        section += float(number)
    return total + section


# A decimal after these is a magnitude or a version, not a month and day: 규모 5.8, 버전 2.1.
_MEASURED = re.compile(r"(?:규모|진도|버전|ver\.?|version|웹|트랙|track)\s*$", re.IGNORECASE)


def _ko_value(kind: str, m: re.Match[str]):
    g = m.groupdict()
    if kind in _READ_ALIKE or g.get("count"):
        return _value_read_alike(kind, m)
    if g.get("yy"):   # '23 is 2023, '99 is 1999
        g["year"] = f"{19 if int(g['yy']) >= 70 else 20}{g['yy']}"
    if kind in (DAY_RANGE, DATE) and "year" in g and not g.get("year") and _MEASURED.search(
            m.string[max(0, m.start() - 10):m.start()]):
        return None
    if kind == DAY_RANGE:
        month = int(g["mnum"])
        month2 = int(g.get("mnum2") or month)
        return _day_range(m, g.get("year"), month, int(g["day"]), month2, int(g["day2"]))
    if kind == DATE:
        month = int(g["mnum"])
        if not 1 <= month <= 12:
            return None
        day = g.get("day")
        if day and not 1 <= int(day) <= 31:
            return None
        year = g.get("year")
        if year and day:
            return DATE, f"{int(year):04d}-{month:02d}-{int(day):02d}", False
        if year:
            return DATE, f"{int(year):04d}-{month:02d}", False
        assert day is not None  # every date pattern without a year captures the day
        return DATE, f"--{month:02d}-{int(day):02d}", False
    if kind == RANGE:
        a, b = g["a"], g["b"]
        if len(b) == 2:
            b = a[:2] + b
        if len(b) != 4 or int(b) <= int(a):
            return None
        return RANGE, f"{a}-{b}", False
    if kind == ORDINAL:
        if g.get("rank"):
            return ORDINAL, str(int(g["rank"])), True
        if g.get("w"):
            return ORDINAL, str(_KO_NATIVE_ORDINAL[g["w"]]), False
        return ORDINAL, str(int(g["n"])), False
    if kind == PERCENT:
        return PERCENT, _fmt(float(g["n"])), False
    raw = g["n"]
    value = _ko_amount(raw)
    if value is None:
        return None
    plain = raw.replace(",", "").strip()
    if re.fullmatch(r"\d{4}", plain) and 1000 <= value <= 2100:
        after = m.string[m.end() : m.end() + 1]
        year = after in ("년", "") or not after.strip() or after in "~-–"
        return (YEAR if year else NUMBER), _fmt(value), False
    return NUMBER, _fmt(value), False


_DIGIT = re.compile(r"\d")


_MONTH_NAME = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.IGNORECASE)


def _needs_digit(pattern: re.Pattern[str]) -> bool:
    """Every pattern needs a digit except the spelled-out ones, which capture a word as group ``w``."""
    return "w" not in pattern.groupindex


def _scan(text: str, patterns, valuer) -> list[Numeral]:
    """Numerals of ``text``: earlier patterns win over later ones on the same characters.

    A valuer gives ``(kind, value, weak)`` for the whole match, a list of
    ``(kind, value, weak, start, end)`` for a match holding several numerals, or None.
    """
    taken = bytearray(len(text) + 1)
    found: list[Numeral] = []
    has_digit = _DIGIT.search(text) is not None
    has_month = _MONTH_NAME.search(text) is not None
    for kind, pattern in patterns:
        # Most patterns need a digit, some a month name; skipping them on text without one keeps the
        # aligner fast (it reads every paragraph of both versions).
        if not has_digit and _needs_digit(pattern):
            continue
        if not has_month and pattern in _MONTH_PATTERNS:
            continue
        needs = _NEEDS.get(pattern)
        if needs is not None and needs.search(text) is None:
            continue
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end or taken.find(1, start, end) != -1:
                continue
            got = valuer(kind, m)
            if got is None:
                continue
            parts = got if isinstance(got, list) else [(*got, start, end)]
            taken[start:end] = b"\x01" * (end - start)
            for k, value, weak, a, b in parts:
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                found.append(Numeral(k, value, text[a:b], a, b, weak,
                                     text[start:end] if len(parts) > 1 else ""))
    found.sort(key=lambda n: n.start)
    return found


def find_numerals(text: str, language: str) -> list[Numeral]:
    """All numeric expressions of ``text`` (``language`` is ``"ko"`` or ``"en"``), in text order."""
    if language == "ko":
        return _scan(text, _KO_PATTERNS, _ko_value)
    return _scan(text, _EN_PATTERNS, _en_value)


def infer_years(numerals: list[Numeral], reference: str | None) -> list[Numeral]:
    """Yearless dates ("6.8.(목)", "June 8") given the year that puts them nearest ``reference``.

    ``reference`` is an ISO date, the release's own (its posting date, or its first full date):
    "12.28." in a release posted on 2024-01-03 is 2023-12-28, "1.5." is 2024-01-05.
    """
    if not reference:
        return numerals
    ref = datetime.date.fromisoformat(reference[:10])
    out = []
    for n in numerals:
        if n.kind == DATE and n.value.startswith("--"):
            month, day = int(n.value[2:4]), int(n.value[5:7])
            candidates = []
            for year in (ref.year - 1, ref.year, ref.year + 1):
                try:
                    candidates.append(datetime.date(year, month, day))
                except ValueError:
                    continue
            if candidates:
                best = min(candidates, key=lambda d: abs((d - ref).days))
                n = replace(n, value=best.isoformat())
        out.append(n)
    return out


def reference_date(texts: list[str], posted: str | None = None) -> str | None:
    """The date yearless dates of a release are read against: its posting date, else its first
    full date (``2023년 6월 8일``, ``2023.6.8.``) in ``texts`` (the Korean paragraphs, in order)."""
    if posted:
        return posted
    for text in texts:
        for n in find_numerals(text, "ko"):
            if n.kind == DATE and len(n.value) == 10 and not n.value.startswith("--"):
                try:
                    datetime.date.fromisoformat(n.value)
                except ValueError:
                    continue
                return n.value
    return None


_BARE_MONTH_DAY = re.compile(r"\(?(\d{1,2}\.\d{1,2})\)?")


def as_decimal(numeral: Numeral) -> str | None:
    """The number a bare month-and-day shorthand also reads as ("1.5" → ``"1.5"``), else None.

    "(5.20)" or "8.3 연주회" is a date in a Korean release, but the same digits could be a
    decimal the English writes as a number: the two must still meet.
    """
    m = _BARE_MONTH_DAY.fullmatch(numeral.text)
    return _fmt(float(m.group(1))) if numeral.kind == DATE and m else None


def anchor_keys(numeral: Numeral) -> list[str]:
    """Keys under which a numeral can meet its translation (a full date also meets its parts)."""
    keys = [numeral.key]
    if numeral.kind == DATE:
        value = numeral.value
        if len(value) == 10 and not value.startswith("--"):
            keys += [f"date:--{value[5:]}", f"date:{value[:7]}", f"year:{value[:4]}"]
        elif len(value) == 7:
            keys.append(f"year:{value[:4]}")
    if numeral.kind == RANGE:
        a, b = numeral.value.split("-")
        keys += [f"year:{a}", f"year:{b}"]
    if numeral.kind == DATE and (decimal := as_decimal(numeral)) is not None:
        keys.append(f"number:{decimal}")
    if numeral.kind == YEAR:
        keys.append(f"number:{numeral.value}")
    if numeral.kind == NUMBER:
        keys.append(f"year:{numeral.value}")
    return keys


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def english_form(numeral: Numeral) -> str:
    """How the ministry's English writes a numeral's value: ``2020-11-19`` → ``November 19, 2020``."""
    kind, value = numeral.kind, numeral.value
    if kind == DATE:
        if value.startswith("--"):
            month, day = int(value[2:4]), int(value[5:7])
            return f"{_MONTH_NAMES[month - 1]} {day}"
        parts = value.split("-")
        if len(parts) == 2:
            return f"{_MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
        return f"{_MONTH_NAMES[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
    if kind == ORDINAL:
        n = int(value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if kind == PERCENT:
        return f"{value}%"
    if kind == NUMBER:
        number = float(value)
        for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if number >= scale and (number / scale) * 100 == round((number / scale) * 100):
                return f"{_fmt(number / scale)} {word}"
        whole, _, frac = value.partition(".")
        return f"{int(whole):,}" + (f".{frac}" if frac else "")
    return value
