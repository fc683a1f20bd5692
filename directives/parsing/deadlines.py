"""A task's deadline (thời hạn) read from its text.

kind/value: "date" "2024-06-30"; "yearly" "12-10" (MM-DD); "periodic" "quarter",
"half-year+year" (periods among week, month, quarter, half-year, year joined by "+");
"relative" "P30D"/"P3M" (ISO 8601 duration, counted from signing or issue); "ongoing" None.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import TypedDict

from .dates import DATE_FRAGMENT, parse_date


class Deadline(TypedDict):
    kind: str
    value: str | None


_BEFORE = r"(?:trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót(?:\s+là)?|không\s+quá|muộn\s+nhất(?:\s+là)?)"
_EVERY = r"(?:hằng|hàng|mỗi)"
_DATE_DEADLINE_RE = re.compile(
    rf"{_BEFORE}\s+(?:(?:ngày|hết\s+ngày)\s+)?(?P<date>{DATE_FRAGMENT})", re.IGNORECASE
)
_YEARLY_RE = re.compile(
    rf"(?:{_BEFORE}|vào)\s+(?:ngày\s+)?(?P<day>\d{{1,2}})\s*[/.-]\s*(?P<month>\d{{1,2}})"
    rf"(?![\d/.-])\s*,?\s*(?:của\s+)?{_EVERY}\s+năm",
    re.IGNORECASE,
)
# "trước ngày 10/12" with no year and no recurrence: a date in the document's own year.
_DAY_MONTH_RE = re.compile(
    rf"{_BEFORE}\s+(?:ngày\s+)?(?P<day>\d{{1,2}})\s*[/.-]\s*(?P<month>\d{{1,2}})(?![\d/.-])",
    re.IGNORECASE,
)
_MONTH_RE = re.compile(
    r"(?:hoàn\s+thành|xong|kết\s+thúc|thực\s+hiện)(?:\s+\S+){0,3}?\s+(?:trong|trước\s+hết)\s+"
    r"tháng\s+(?P<month>\d{1,2})(?:\s*[/.-]\s*|\s+năm\s+)(?P<year>\d{4})",
    re.IGNORECASE,
)
_QUARTER_RE = re.compile(
    r"(?:hoàn\s+thành|xong|kết\s+thúc|thực\s+hiện)(?:\s+\S+){0,3}?\s+trong\s+quý\s+"
    r"(?P<quarter>IV|I{1,3}|[1-4])(?:\s*[/.-]\s*|\s+năm\s+)(?P<year>\d{4})",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(
    r"(?:hoàn\s+thành|xong|kết\s+thúc)(?:\s+\S+){0,3}?\s+trong\s+năm\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_RELATIVE_RE = re.compile(
    r"(?:trong\s+vòng|trong\s+thời\s+hạn|trong\s+thời\s+gian|chậm\s+nhất(?:\s+là)?|"
    r"không\s+quá|sau|trong)\s+(?:không\s+quá\s+)?(?P<count>\d{1,3})\s+"
    r"(?P<unit>ngày(?:\s+làm\s+việc)?|tuần|tháng|năm)\b(?!\s+(?:qua|trước|vừa|đã))",
    re.IGNORECASE,
)
_BARE_RELATIVE_RE = re.compile(
    r"(?P<count>\d{1,3})\s+(?P<unit>ngày(?:\s+làm\s+việc)?|tuần|tháng|năm)", re.IGNORECASE
)
_PERIOD = (
    r"(?:(?:hằng|hàng|mỗi)\s+)?(?:6\s+tháng|sáu\s+tháng|nửa\s+năm|tuần|tháng|quý|năm)(?!\s*\d)"
)
_PERIODIC_STRONG_RE = re.compile(
    rf"định\s+kỳ\s+(?P<periods>{_PERIOD}(?:\s*(?:,|và|hoặc|/)\s*{_PERIOD})*)", re.IGNORECASE
)
_PERIODIC_WEAK_RE = re.compile(
    rf"{_EVERY}\s+(?P<period>tuần|tháng|quý|năm)|(?P<half>6\s+tháng)\s+(?:một\s+)?lần",
    re.IGNORECASE,
)
_PERIOD_WORDS_RE = re.compile(
    r"(?P<half>6\s+tháng|sáu\s+tháng|nửa\s+năm)|(?P<word>tuần|tháng|quý|năm)", re.IGNORECASE
)
_ONGOING_RE = re.compile(r"thường\s+xuyên|liên\s+tục", re.IGNORECASE)

_PERIOD_ORDER = ["week", "month", "quarter", "half-year", "year"]
_PERIOD_WORDS = {"tuần": "week", "tháng": "month", "quý": "quarter", "năm": "year"}
_UNITS = {"ngày": "D", "tuần": "W", "tháng": "M", "năm": "Y"}
_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _valid_month_day(month: int, day: int) -> bool:
    # A leap year, so that "29-02" yearly stays acceptable.
    try:
        datetime.date(2024, month, day)
    except ValueError:
        return False
    return True


def _periods(text: str) -> str | None:
    found: set[str] = set()
    for match in _PERIOD_WORDS_RE.finditer(text):
        found.add("half-year" if match["half"] else _PERIOD_WORDS[match["word"].lower()])
    return "+".join(p for p in _PERIOD_ORDER if p in found) or None


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _completion_date(text: str) -> datetime.date | None:
    if (match := _MONTH_RE.search(text)) and 1 <= int(match["month"]) <= 12:
        return _last_day(int(match["year"]), int(match["month"]))
    if match := _QUARTER_RE.search(text):
        quarter = match["quarter"].upper()
        number = _ROMAN_QUARTERS.get(quarter) or int(quarter)
        return _last_day(int(match["year"]), number * 3)
    if match := _YEAR_RE.search(text):
        return datetime.date(int(match["year"]), 12, 31)
    return None


def _relative(match: re.Match[str]) -> Deadline:
    unit = _UNITS[match["unit"].split()[0].lower()]
    return {"kind": "relative", "value": f"P{int(match['count'])}{unit}"}


def detect_deadline(text: str, *, year: int | None = None) -> Deadline | None:
    """The most specific deadline the text states, or None.

    ``year`` is the document's own year, for "trước ngày 10/12" with no year written; without
    it such a deadline is not guessed.
    """
    if not text or not text.strip():
        return None
    for match in _DATE_DEADLINE_RE.finditer(text):
        if (value := parse_date(match["date"])) is not None:
            return {"kind": "date", "value": value.isoformat()}
    if match := _YEARLY_RE.search(text):
        month, day = int(match["month"]), int(match["day"])
        if _valid_month_day(month, day):
            return {"kind": "yearly", "value": f"{month:02d}-{day:02d}"}
    if value := _completion_date(text):
        return {"kind": "date", "value": value.isoformat()}
    if year is not None and (match := _DAY_MONTH_RE.search(text)):
        try:
            value = datetime.date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            value = None
        if value is not None:
            return {"kind": "date", "value": value.isoformat()}
    if match := _RELATIVE_RE.search(text):
        return _relative(match)
    if match := _BARE_RELATIVE_RE.fullmatch(text.strip(" .;,")):
        return _relative(match)
    for match in _PERIODIC_STRONG_RE.finditer(text):
        if periods := _periods(match["periods"]):
            return {"kind": "periodic", "value": periods}
    if _ONGOING_RE.search(text):
        return {"kind": "ongoing", "value": None}
    weak = {
        "half-year" if match["half"] else _PERIOD_WORDS[match["period"].lower()]
        for match in _PERIODIC_WEAK_RE.finditer(text)
    }
    if weak:
        return {"kind": "periodic", "value": "+".join(p for p in _PERIOD_ORDER if p in weak)}
    return None
