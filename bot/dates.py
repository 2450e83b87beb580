"""Dates people type in commands, in English and Chinese, read in the project's timezone.

Weeks run Monday to Sunday. A bare weekday (`friday`, `周五`) is the coming one, today
included; `this friday` / `本周五` is the Friday of this week, even if it has passed;
`next friday` / `下周五` is the Friday of next week. Phrases without a time give 00:00.
A day written out (`2027-02-29`, `31/02`, `Feb 31`, `2月31日`) must be on the calendar
(bot.date_checks); a day more than 5 years away must have its year written, and so must
29 February when the coming February has 28 days.
"""

from __future__ import annotations

import calendar
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser

from bot import date_checks
from bot.grammar import GrammarError, as_given
from bot.option_values import WEEKDAY_NAMES, parse_time_of_day, small_int


class DateError(GrammarError):
    """A date the user wrote that cannot be read."""


_SETTINGS = {
    "PREFER_DATES_FROM": "future",
    # With TIMEZONE left at "local", dateparser mixes in the server's zone; with UTC, results
    # stay naive wall-clock time (read in the project's tz) unless the text names a zone.
    "TIMEZONE": "UTC",
    "RETURN_TIME_AS_PERIOD": True,
    "PARSERS": ["relative-time", "absolute-time"],  # not "timestamp": `1700000000` is no due date
}
_MAX_LENGTH = 60
_FAR_MONTHS = 60  # further than this, a day is refused unless its year is written
_CN_NUM = "[零〇一二两三四五六七八九十0-9]+"
_CN_WEEKDAY = (
    {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6} | {str(i + 1): i for i in range(7)}
)
_CN_WEEK_OFFSET = {None: None, "上": -1, "本": 0, "这": 0, "下": 1, "下下": 2}
_CN_DAY_OFFSET = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1}
_EN_WEEK_OFFSET = {None: None, "coming": None, "this": 0, "next": 1}
_EN_DAY_OFFSET = {"today": 0, "tonight": 0, "tomorrow": 1, "the day after tomorrow": 2}
_UNITS = {"day": "day", "week": "week", "month": "month"} | {
    "天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week", "月": "month",
}  # fmt: skip


def _weekday(today: date, weekday: int, week_offset: int | None) -> date:
    if week_offset is None:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    return today + timedelta(days=weekday - today.weekday(), weeks=week_offset)


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def _month_end(today: date, months: int) -> date:
    first = _add_months(today.replace(day=1), months)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _month_day(today: date, year: str | None, month: int, day: int) -> date:
    if year:
        return date(int(year), month, day)
    for y in range(today.year, today.year + 9):
        if (y, month, day) < (today.year, today.month, today.day):
            continue
        if calendar.isleap(y) or (month, day) != (2, 29):
            return date(y, month, day)
    raise ValueError("no such day")


_CN_MONTH_OFFSET = {"上": -1, "上个": -1, "本": 0, "这": 0, "这个": 0, "下": 1, "下个": 1,
                    "下下": 2, "下下个": 2}  # fmt: skip
_EN_MONTH_OFFSET = {"last": -1, "this": 0, "next": 1}


def _day_of_month(today: date, months: int | None, day: int | None) -> date:
    """Day `day` of the month `months` from this one; with no month said, the coming one
    (this month's if not yet past). Refused with the reason if that month has no such day."""
    if day is None:
        raise ValueError("not a day")
    if months is None:
        months = 0 if day >= today.day else 1
    first = _add_months(today.replace(day=1), months)
    date_checks.check(first.year, first.month, day)
    return first.replace(day=day)


def _in_units(today: date, n: int | None, unit: str) -> date:
    if n is None:
        raise ValueError("not a count")
    unit = _UNITS[unit]
    if unit == "month":
        return _add_months(today, n)
    return today + (timedelta(days=n) if unit == "day" else timedelta(weeks=n))


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date], date]]
# Each rule reads the start of the phrase as a day; what follows may only be a time of day.
_RULES: list[_Rule] = [
    (
        re.compile(r"(?:(this|next|coming) )?([a-z]+)\b"),
        lambda m, t: _weekday(t, _en_weekday(m[2]), _EN_WEEK_OFFSET[m[1]]),
    ),
    (  # dateparser reads these right, but takes ~2 ms where a rule takes microseconds
        re.compile(r"(the day after tomorrow|today|tonight|tomorrow)\b"),
        lambda m, t: t + timedelta(days=_EN_DAY_OFFSET[m[1]]),
    ),
    (
        re.compile(r"in ([0-9]{1,3}) (day|week|month)s?\b"),
        lambda m, t: _in_units(t, int(m[1]), m[2]),
    ),
    (
        re.compile(r"(?:(?:the )?end of (?:the )?(this |next )?month|eom)\b"),
        lambda m, t: _month_end(t, 1 if m[1] == "next " else 0),
    ),
    (
        re.compile(r"(上|本|这|下下|下)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])"),
        lambda m, t: _weekday(t, _CN_WEEKDAY[m[2]], _CN_WEEK_OFFSET[m[1]]),
    ),
    (
        re.compile("|".join(sorted(_CN_DAY_OFFSET, key=len, reverse=True))),
        lambda m, t: t + timedelta(days=_CN_DAY_OFFSET[m[0]]),
    ),
    (
        re.compile(rf"({_CN_NUM})个?(天|日|周|星期|礼拜|月)(?:以后|之后|后)"),
        lambda m, t: _in_units(t, small_int(m[1]), m[2]),
    ),
    (  # before dateparser, which reads `下个月15日` as a week later and `next month 15th` as the 7th
        re.compile(rf"(?:(上个?|本|这个?|下下个?|下个?)月)?({_CN_NUM})[日号](?!后|以后|之后)"),
        lambda m, t: _day_of_month(t, _CN_MONTH_OFFSET.get(m[1] or ""), small_int(m[2])),
    ),
    (
        re.compile(r"(last|this|next) month(?:'s)? (?:the )?([0-9]{1,2})(?:st|nd|rd|th)?\b"),
        lambda m, t: _day_of_month(t, _EN_MONTH_OFFSET[m[1]], int(m[2])),
    ),
    (
        re.compile(r"(?:the )?([0-9]{1,2})(?:st|nd|rd|th)? of (last|this|next) month\b"),
        lambda m, t: _day_of_month(t, _EN_MONTH_OFFSET[m[2]], int(m[1])),
    ),
    (
        re.compile(r"(本|这个|下个?)?月[底末]"),
        lambda m, t: _month_end(t, 1 if m[1] and m[1].startswith("下") else 0),
    ),
]


def _en_weekday(word: str) -> int:
    return WEEKDAY_NAMES[word]  # a KeyError hands the phrase to the next rule


def _time_after(rest: str) -> time | None:
    """The time of day in what follows a date ("3pm", "at 15:00", "下午3点"), or None."""
    rest = re.sub(r"^[\s,，]*(?:at |@)?|(?:之前|以前|前)$", "", rest).strip()
    return parse_time_of_day(rest) if rest else None


def _pre_parse(phrase: str, now: datetime) -> datetime | None:
    """Read the phrases dateparser gets wrong or slowly; None to hand over to dateparser."""
    today = now.date()
    for pattern, resolve in _RULES:
        if not (m := pattern.match(phrase)):
            continue
        try:
            day, at = resolve(m, today), _time_after(phrase[m.end() :])
        except (LookupError, GrammarError):
            continue
        return datetime.combine(day, at or time(0), tzinfo=now.tzinfo)
    try:
        at = parse_time_of_day(phrase)
    except GrammarError:
        return None
    day = today if at >= now.time() else today + timedelta(days=1)
    return datetime.combine(day, at, tzinfo=now.tzinfo)


def _check_leap_day(day: date_checks.Explicit, today: date, text: str, key: str | None) -> None:
    """29 February without a year is refused when the coming February has 28 days: read as the
    next leap day it would be more than a year away, which is never what a plan means."""
    if (day.month, day.day) != (2, 29):
        return
    february = today.year if today.month <= 2 else today.year + 1
    if calendar.isleap(february):
        return
    why = date_checks.NotADay(
        "dates.leap_day_far", year=str(february), next=str(_month_day(today, None, 2, 29).year)
    )
    raise DateError("dates.not_a_day", field=key, given=as_given(text, key), why=why)


class DateParser:
    """Reads due dates; holds one dateparser instance, which is slow to build."""

    def __init__(self, languages: Sequence[str] = ("en", "zh")):
        self._parser = DateDataParser(languages=list(languages), settings=_SETTINGS)
        self._settings = self._parser._settings
        # Each call swaps in its own RELATIVE_BASE on the shared parser, so calls take turns.
        self._lock = threading.Lock()

    def parse(self, text: str, *, now: datetime, tz: str, key: str | None = "due") -> datetime:
        """The moment `text` names, as an aware datetime in `tz`, relative to `now`; errors quote
        it as `key:text`, or as typed for a date given in its place (`key` None)."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        local_now = now.astimezone(ZoneInfo(tz))
        phrase = " ".join(unicodedata.normalize("NFKC", text).lower().split())
        readable = bool(phrase) and len(phrase) <= _MAX_LENGTH and not phrase.isdigit()
        try:
            explicit = date_checks.find(phrase) if readable else None
        except date_checks.NotADay as exc:
            raise DateError(
                "dates.not_a_day", field=key, given=as_given(text, key), why=exc
            ) from None
        if explicit is not None and explicit.year is None:
            _check_leap_day(explicit, local_now.date(), text, key)
        try:
            result = self._read(phrase, explicit, local_now) if readable else None
        except date_checks.NotADay as exc:  # `31号` in a month of 30 days
            raise DateError(
                "dates.not_a_day", field=key, given=as_given(text, key), why=exc
            ) from None
        except (ValueError, OverflowError):
            result = None
        if result is None or abs(result.year - local_now.year) > 100:
            soon = local_now.date() + timedelta(days=7)  # an example that is not already past
            if key is None:
                raise DateError("dates.unreadable_here", given=as_given(text, None), soon=soon)
            raise DateError("dates.unreadable", field=key, given=as_given(text, key), key=key, soon=soon)  # fmt: skip
        today = local_now.date()
        too_far = not _add_months(today, -_FAR_MONTHS) <= result.date() <= _add_months(today, _FAR_MONTHS)  # fmt: skip
        if too_far and str(result.year) not in text:
            raise DateError(
                "dates.too_far", field=key, given=as_given(text, key), day=result.date()
            )
        return result

    def _read(
        self, phrase: str, explicit: date_checks.Explicit | None, now: datetime
    ) -> datetime | None:
        """The moment `phrase` names; a day written out is taken as written, never another."""
        if explicit is not None and explicit.start == 0:
            e, today = explicit, now.date()
            day = (
                date(e.year, e.month, e.day) if e.year else _month_day(today, None, e.month, e.day)
            )
            try:
                at = _time_after(phrase[e.end :])
            except GrammarError:  # more than a time follows: dateparser reads it, checked below
                pass
            else:
                return datetime.combine(day, at or time(0), tzinfo=now.tzinfo)
        result = _pre_parse(phrase, now) or self._dateparser(phrase, now)
        if result is not None and explicit is not None:
            wanted = (explicit.year or result.year, explicit.month, explicit.day)
            if (result.year, result.month, result.day) != wanted:
                return None
        return result

    def parse_date(self, text: str, *, now: datetime, tz: str, key: str | None = "due") -> date:
        """The calendar day `text` names, in `tz`."""
        return self.parse(text, now=now, tz=tz, key=key).date()

    def _dateparser(self, phrase: str, now: datetime) -> datetime | None:
        settings = self._settings.replace(RELATIVE_BASE=now.replace(tzinfo=None))
        with self._lock:
            self._parser._settings = settings
            try:
                data = self._parser.get_date_data(phrase)
            finally:
                self._parser._settings = self._settings
        found = data.date_obj
        if found is None:
            return None
        if found.tzinfo is not None:  # the text named a zone
            return found.astimezone(now.tzinfo)
        if data.period != "time":
            found = datetime.combine(found.date(), time(0))
        parts = getattr(data, "parts", ())
        if "year" not in parts and {"month", "day"} <= set(parts):
            # dateparser takes today's month and day as past and moves them to next year.
            found = found.replace(year=_month_day(now.date(), None, found.month, found.day).year)
        return found.replace(tzinfo=now.tzinfo)


_default: DateParser | None = None
_default_lock = threading.Lock()


def default_parser() -> DateParser:
    """The shared DateParser, built on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = DateParser()
    return _default
