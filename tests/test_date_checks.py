"""A day written out is read as exactly that day or refused with the reason, never another day."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dates import DateError, DateParser

SHANGHAI = "Asia/Shanghai"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(SHANGHAI))  # Monday
TODAY = NOW.date()
ABBR = [""] + [m.lower() for m in calendar.month_abbr[1:]]
NAMES = [""] + [m.lower() for m in calendar.month_name[1:]]


@pytest.fixture(scope="module")
def parser() -> DateParser:
    return DateParser()


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("31/02", "February has no 31st"),
        ("02/31", "February has no 31st"),
        ("31.02", "February has no 31st"),
        ("31 2", "February has no 31st"),
        ("Feb 31", "February has no 31st"),
        ("31 Feb", "February has no 31st"),
        ("the 31st of February", "February has no 31st"),
        ("2月31日", "February has no 31st"),
        ("二月三十日", "February has no 30th"),
        ("2026-02-30", "February has no 30th"),
        ("Sep 31", "September has no 31st"),
        ("32/1", "January has no 32nd"),
        ("13/13", "There is no 13th month"),
        ("2026-13-01", "There is no 13th month"),
        ("0/5", "There is no month 0"),
        ("5/0", "There is no day 0"),
        ("2027-02-29", "2027 is not a leap year: February has 28 days"),
        ("29/02/2027", "2027 is not a leap year: February has 28 days"),
        ("February 29, 2027", "2027 is not a leap year: February has 28 days"),
        ("2027年2月29日", "2027 is not a leap year: February has 28 days"),
        ("next friday 31/02", "February has no 31st"),
    ],
)
def test_a_day_not_on_the_calendar_is_refused_with_the_reason(parser, phrase, reason):
    with pytest.raises(DateError) as exc:
        parser.parse(phrase, now=NOW, tz=SHANGHAI, key="due")
    assert exc.value.message == f"`due:{phrase}` is not a date: {reason}."


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("12/4", date(2026, 12, 4)),  # month first, as dateparser reads it
        ("4/12", date(2027, 4, 12)),
        ("31/12", date(2026, 12, 31)),  # 31 cannot be a month: day first
        ("13/4/2027", date(2027, 4, 13)),
        ("4/12/27", date(2027, 4, 12)),
        ("2028-02-29", date(2028, 2, 29)),
        ("十二月四日", date(2026, 12, 4)),
        ("Dec 4th, 2027", date(2027, 12, 4)),
        ("the 4th of December", date(2026, 12, 4)),
        ("2040-01-01", date(2040, 1, 1)),  # far, but its year is written
        ("2020-01-02", date(2020, 1, 2)),
    ],
)
def test_a_day_on_the_calendar_is_read_as_written(parser, phrase, day):
    assert parser.parse_date(phrase, now=NOW, tz=SHANGHAI) == day


@pytest.mark.parametrize("phrase", ["in 300 weeks", "in 61 months", "70个月后"])
def test_more_than_5_years_away_needs_the_year_written(parser, phrase):
    with pytest.raises(DateError) as exc:
        parser.parse(phrase, now=NOW, tz=SHANGHAI, key="end")
    assert "That is more than 5 years away; write the year if you mean it." in exc.value.message
    assert exc.value.message.startswith(f"`end:{phrase}` reads as 20")


@pytest.mark.parametrize("phrase", ["29/2", "Feb 29", "29 February", "2月29日", "2月29号"])
def test_29_february_without_a_year_is_refused_when_the_coming_february_has_28_days(parser, phrase):
    with pytest.raises(DateError) as exc:
        parser.parse(phrase, now=NOW, tz=SHANGHAI, key="due")
    assert exc.value.message == (
        f"`due:{phrase}` is not a date: February 2027 has 28 days; "
        "write `2028-02-29` if you mean the next 29 February."
    )


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (
            datetime(2027, 3, 1, 9, tzinfo=ZoneInfo(SHANGHAI)),
            date(2028, 2, 29),
        ),  # coming Feb is 2028
        (datetime(2028, 1, 10, 9, tzinfo=ZoneInfo(SHANGHAI)), date(2028, 2, 29)),
        (datetime(2028, 2, 29, 9, tzinfo=ZoneInfo(SHANGHAI)), date(2028, 2, 29)),  # today
    ],
)
def test_29_february_without_a_year_is_the_coming_one_in_a_leap_year(parser, now, day):
    assert parser.parse_date("Feb 29", now=now, tz=SHANGHAI) == day
    assert parser.parse_date("2月29日", now=now, tz=SHANGHAI) == day


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _next(m: int, d: int) -> date | None:
    """The next (month, day) from today, as a bare month and day mean; None if there is none
    (29 February is refused when the coming February has 28 days)."""
    for y in range(TODAY.year, TODAY.year + 2):
        if _valid(y, m, d) and date(y, m, d) >= TODAY:
            return date(y, m, d)
    return None


def _with_year(y: int, m: int, d: int) -> list[str]:
    out = [f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日"]
    if 1 <= m <= 12:  # month first is how numbers read when the first can be a month
        out += [f"{m}/{d}/{y}", f"{m:02d}-{d:02d}-{y}", f"{ABBR[m]} {d}, {y}", f"{d} {NAMES[m]} {y}"]  # fmt: skip
    if d > 12:  # day first only when the first number cannot be a month
        out += [f"{d}/{m}/{y}", f"{d}.{m}.{y}"]
    return out


def _without_year(m: int, d: int) -> list[str]:
    out = [f"{m}月{d}日", f"{m}月{d}号"]
    if 1 <= m <= 12:
        out += [f"{m}/{d}", f"{NAMES[m]} {d}", f"{ABBR[m]} {d}th", f"{d} {ABBR[m]}"]
    if d > 12:
        out += [f"{d}/{m}", f"{d}.{m}"]
    return out


def _read(parser: DateParser, text: str) -> date | None:
    try:
        return parser.parse_date(text, now=NOW, tz=SHANGHAI)
    except DateError:
        return None


@settings(max_examples=300, deadline=None)
@given(y=st.integers(1990, 2100), m=st.integers(0, 14), d=st.integers(0, 33))
def test_every_rendering_with_a_year_is_that_day_or_refused(parser, y, m, d):
    expected = date(y, m, d) if _valid(y, m, d) else None
    for text in _with_year(y, m, d):
        assert _read(parser, text) == expected, text


@settings(max_examples=300, deadline=None)
@given(m=st.integers(0, 14), d=st.integers(0, 33))
def test_every_rendering_without_a_year_is_the_next_such_day_or_refused(parser, m, d):
    expected = _next(m, d)
    for text in _without_year(m, d):
        assert _read(parser, text) == expected, text
