"""Vietnamese dates as documents write them, and the place-date line of the header.

Forms: "ngày 19 tháng 3 năm 2021", "ngày 05 tháng 01 năm 2020", "19/3/2021", "22/01/2019",
"23-9-2019", "22-01-2019" (and "19.3.2021", which typists also use).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator

# Without groups, so that other patterns (citations, deadlines) can embed it.
DATE_FRAGMENT = (
    r"\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
)
_LONG_RE = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_NUMERIC_RE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ONE_DATE_RE = re.compile(rf"(?:ngày\s+)?(?:{DATE_FRAGMENT})", re.IGNORECASE)
_FIND_RE = re.compile(rf"(?<![\d/.-])(?:ngày\s+)?(?:{DATE_FRAGMENT})(?![\d/-])", re.IGNORECASE)
_PLACE_DATE_RE = re.compile(
    r"(?P<place>[^\W\d_][^\d,;:]{0,58}?)\s*,\s*(?P<date>ngày\b.*?)[\s.]*", re.IGNORECASE
)

# Documents of the state and the Party exist from 1945; a later bound catches typos.
MIN_YEAR = 1945
MAX_YEAR = 2100


def _make_date(day: str, month: str, year: str) -> datetime.date | None:
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if MIN_YEAR <= value.year <= MAX_YEAR else None


def _date_from_match_text(text: str) -> datetime.date | None:
    if match := _LONG_RE.search(text):
        return _make_date(*match.groups())
    if match := _NUMERIC_RE.search(text):
        day, _separator, month, year = match.groups()
        return _make_date(day, month, year)
    return None


def parse_date(text: str) -> datetime.date | None:
    """One date, the whole string: "ngày 19 tháng 3 năm 2021", "22-01-2019", "19/3/2021"."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).split()).strip(" .,;")
    if not _ONE_DATE_RE.fullmatch(cleaned):
        return None
    return _date_from_match_text(cleaned)


def find_dates(text: str) -> Iterator[tuple[datetime.date, int, int]]:
    """Every valid date in running text with its span."""
    for match in _FIND_RE.finditer(text):
        if (value := _date_from_match_text(match.group())) is not None:
            yield value, match.start(), match.end()


def parse_place_date_line(line: str) -> tuple[str, datetime.date] | None:
    """ "Lạng Sơn, ngày 19 tháng 3 năm 2021" → ("Lạng Sơn", date(2021, 3, 19))."""
    cleaned = " ".join(unicodedata.normalize("NFC", line).split())
    match = _PLACE_DATE_RE.fullmatch(cleaned)
    if not match:
        return None
    value = parse_date(match["date"])
    if value is None:
        return None
    return match["place"].strip(), value


def format_date(value: datetime.date) -> str:
    """ "ngày 05 tháng 01 năm 2020": days below 10 and months 1–2 take a leading zero."""
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def format_date_line(place: str, value: datetime.date) -> str:
    """The header's place-date line: "Lạng Sơn, ngày 19 tháng 3 năm 2021"."""
    return f"{place.strip()}, {format_date(value)}"
