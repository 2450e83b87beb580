"""Dates written as numbers or month names, found and checked against the calendar.

dateparser "repairs" what is not a date: `31/02` becomes 2031-02 with today's day. So explicit
days are read here first, and one that is not on the calendar is refused with the reason.

Two numbers with `/`, `-` or `.` are month/day, as dateparser reads them (`12/4` is 4 December),
unless the first cannot be a month (`31/12` is 31 December); a third number is the year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from bot.errors import UserError
from bot.option_values import small_int

_MONTHS = {name: n for n, names in enumerate(
    [(), ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")]) for name in names}  # fmt: skip
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_TH = "(?:st|nd|rd|th)?"
_CN_NUM = "[零〇一二两三四五六七八九十0-9]+"
_YMD = re.compile(r"(?<![0-9])([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")
_PAIR = re.compile(
    r"(?<![0-9/.-])([0-9]{1,2})([-/])([0-9]{1,2})(?:\2([0-9]{4}|[0-9]{2}))?(?![0-9/.-])"
)
# Dots also write times (dateparser reads `4.12` as 04:12), so a dotted pair only starts a phrase.
_DOTTED = re.compile(r"^([0-9]{1,2})(\.)([0-9]{1,2})(?:\.([0-9]{4}|[0-9]{2}))?(?![0-9.])")
_SPACED = re.compile(r"^([0-9]{1,2})( )([0-9]{1,2})$")  # dateparser reads `31 2` as 2031-02
_MONTH_DAY = re.compile(rf"\b{_MONTH} ?([0-9]{{1,2}}){_TH}(?![0-9a-z])(?:,? ([0-9]{{4}})\b)?")
_DAY_MONTH = re.compile(
    rf"(?<![0-9])([0-9]{{1,2}}){_TH} (?:of )?{_MONTH}(?![a-z])(?:,? ([0-9]{{4}})\b)?"
)
_CN = re.compile(rf"(?:([0-9]{{4}})年)?({_CN_NUM})月({_CN_NUM})[日号]")


@dataclass(frozen=True)
class Explicit:
    """A day written out: month and day, the year when given, and where the text says it."""

    year: int | None
    month: int
    day: int
    start: int
    end: int


class NotADay(UserError, ValueError):
    """The text names a day that is not on the calendar; the message says why."""


def find(phrase: str) -> Explicit | None:
    """The first day written out in `phrase` (lowercase, single-spaced), checked; None if none.

    Raises NotADay for one that is not a real calendar date.
    """
    found = [(m.start(), form, m) for form, rx in _FORMS.items() if (m := rx.search(phrase))]
    if not found:
        return None
    _, form, m = min(found, key=lambda f: f[0])
    year, month, day = _READ[form](m)
    check(year, month, day)
    return Explicit(year, month, day, m.start(), m.end())


def check(year: int | None, month: int, day: int) -> None:
    """Raise NotADay unless (year, month, day) is a calendar date; no year allows 29 February."""
    if not 1 <= month <= 12:
        raise NotADay("dates.no_month_0") if month == 0 else NotADay("dates.no_such_month", n=month)
    if day == 0:
        raise NotADay("dates.no_day_0")
    if month == 2 and day == 29 and year is not None and not calendar.isleap(year):
        raise NotADay("dates.not_leap", year=str(year))
    if day > calendar.monthrange(year if year is not None else 2000, month)[1]:
        raise NotADay("dates.no_such_day", month=month, day=day)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _pair(m: re.Match[str]) -> tuple[int | None, int, int]:
    first, second = int(m[1]), int(m[3])
    month, day = (first, second) if first <= 12 else (second, first)
    return _year(m[4] if m.lastindex and m.lastindex >= 4 else None), month, day


_FORMS = {"ymd": _YMD, "pair": _PAIR, "dotted": _DOTTED, "spaced": _SPACED,
          "month_day": _MONTH_DAY, "day_month": _DAY_MONTH, "cn": _CN}  # fmt: skip
_READ = {
    "ymd": lambda m: (int(m[1]), int(m[3]), int(m[4])),
    "pair": _pair,
    "dotted": _pair,
    "spaced": _pair,
    "month_day": lambda m: (_year(m[3]), _MONTHS[m[1]], int(m[2])),
    "day_month": lambda m: (_year(m[3]), _MONTHS[m[2]], int(m[1])),
    "cn": lambda m: (_year(m[1]), small_int(m[2]) or 0, small_int(m[3]) or 0),
}
