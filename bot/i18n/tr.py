"""`Tr`: one reader's language, and everything written for them in it."""

from __future__ import annotations

import calendar
import re
import string
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_currency

from bot import format as numbers
from bot.i18n.catalog import CATALOG
from bot.i18n.lang import Lang
from bot.i18n.markup import escape_mrkdwn, field_error, plain_text

_BABEL = {"en": "en_US", "zh": "zh_CN"}
_DAY = {"en": "EEE MMM d", "zh": "M月d日 EEE"}
_DAY_YEAR = {"en": "EEE MMM d, y", "zh": "y年M月d日 EEE"}
_DATE = {"en": "MMM d, y", "zh": "y年M月d日"}
_MONTH_DAY = {"en": "MMM d", "zh": "M月d日"}
_WEEKDAY = {"en": "EEE", "zh": "EEE"}
_FIELDS = string.Formatter()


@dataclass(frozen=True)
class Tr:
    """Writes catalogue messages, dates and numbers in one language.

    `tr(id, **params)` gives mrkdwn: string parameters are user text and are escaped; wrap text
    that is already mrkdwn in `Mrkdwn` to pass it through. `tr.plain(id, ...)` gives plain text
    (modal titles, labels, field errors, chart labels): no escapes, no markup.

    `today` is the reader's day by the request's or job's clock (never the wall clock): the
    project's local day where a project is known, else the UTC date of `now`. A day in another
    year is written with its year (`Jan 1, 2031`, `2031年1月1日`); one in this year is not. A
    message whose dates fall in more than one year writes each with its year, so a range reads
    `Dec 20, 2026 – Jan 10, 2027`. With no `today` every day is written with its year.
    """

    lang: Lang = "en"
    today: date | None = None

    def __call__(self, key: str, /, **params: Any) -> str:
        template = self._template(key, params)
        years = _years(params)
        return template.format(
            **{k: self._value(v, mrkdwn=True, years=years) for k, v in params.items()}
        )

    def plain(self, key: str, /, **params: Any) -> str:
        template = plain_text(self._template(key, params))
        years = _years(params)
        return template.format(
            **{k: self._value(v, mrkdwn=False, years=years) for k, v in params.items()}
        )

    def error(self, exc: Any) -> str:
        """A typed user error (`bot.errors.UserError`) as mrkdwn, with its example if any."""
        text = self.error_text(exc)
        if exc.example:
            text += "\n" + self("common.for_example", example=Mrkdwn(f"`{exc.example}`"))
        return text

    def error_plain(self, exc: Any) -> str:
        """A typed user error as one plain line: what a modal field shows under itself."""
        return field_error(self.error_text(exc))

    def error_text(self, exc: Any) -> str:
        """The error's message alone, as mrkdwn."""
        if exc.code in CATALOG:
            return self(exc.code, **exc.params)
        return exc.code  # not yet in the catalogue: English mrkdwn as written

    def has(self, key: str) -> bool:
        return key in CATALOG

    # Dates and numbers, as this language writes them.
    def needs_year(self, day: date) -> bool:
        """Whether `day` is written with its year: it is not in the reader's year (or that is unknown)."""
        return self.today is None or day.year != self.today.year

    def day(self, day: date, *, year: bool | None = None) -> str:
        """A day as people say it: `Fri Dec 11`, `12月11日 周五`; in another year
        `Fri Jan 1, 2031`, `2031年1月1日 周五`. `year` says so rather than `today`."""
        form = _DAY_YEAR if (self.needs_year(day) if year is None else year) else _DAY
        return format_date(day, form[self.lang], locale=_BABEL[self.lang])

    def date(self, day: date) -> str:
        """A date with its year, whatever the year: `Dec 11, 2026`, `2026年12月11日`."""
        return format_date(day, _DATE[self.lang], locale=_BABEL[self.lang])

    def month_day(self, day: date, *, year: bool | None = None) -> str:
        """`Dec 11`, `12月11日`; in another year `Jan 1, 2031`, `2031年1月1日`. `year=False` for
        a label whose year is written beside it (a chart's axis)."""
        if self.needs_year(day) if year is None else year:
            return self.date(day)
        return format_date(day, _MONTH_DAY[self.lang], locale=_BABEL[self.lang])

    def weekday(self, day: date) -> str:
        return format_date(day, _WEEKDAY[self.lang], locale=_BABEL[self.lang])

    def time(self, at: datetime) -> str:
        return format_time(at, "HH:mm", locale=_BABEL[self.lang])

    def hours(self, value: float | None) -> str:
        """`2.7 h`, `2.7 小时`; `—` when unknown."""
        if value is None:
            return "—"
        return f"{numbers.hours_number(value)} {'小时' if self.lang == 'zh' else 'h'}"

    def money(self, amount: Any, currency: str) -> str:
        """`¥80,000.00`, `$1,200.50`; in Chinese as a Chinese reader writes it (`US$1,200.50`)."""
        if amount is None:
            return "—"
        if self.lang == "en":
            return numbers.money(amount, currency)
        places = numbers.minor_units(currency)
        value = numbers._rounded(amount, places)  # noqa: SLF001 - the one rounding rule
        return format_currency(
            value, currency.upper(), locale=_BABEL[self.lang], currency_digits=True
        )

    def _template(self, key: str, params: dict[str, Any]) -> str:
        msg = CATALOG.get(key)
        if msg is None:
            raise KeyError(f"no message {key!r} in the catalogue")
        n = params.get("n")
        return msg.text(self.lang, n if isinstance(n, int) else None)

    def _value(self, value: Any, *, mrkdwn: bool, years: set[int]) -> Any:
        if isinstance(value, Phrase):
            return (self if mrkdwn else self.plain)(value.key, **value.params)
        if isinstance(value, Mrkdwn):
            return value.text if mrkdwn else plain_text(value.text)
        if isinstance(value, date):
            day = value.date() if isinstance(value, datetime) else value
            return _Day(self, day, year=len(years) > 1 or self.needs_year(day))
        if isinstance(value, Exception) and hasattr(value, "code"):  # a reason given as an error
            text = self.error_text(value)
            return text if mrkdwn else plain_text(text)
        if isinstance(value, int) and not isinstance(value, bool):
            return _Num(self, value)
        if isinstance(value, Decimal | float):
            return numbers.hours_number(float(value))
        if isinstance(value, str) and mrkdwn:
            return escape_mrkdwn(value)
        return value


def _years(params: dict[str, Any]) -> set[int]:
    """The years of a message's date parameters: more than one and each is written with its year."""
    return {v.year for v in params.values() if isinstance(v, date)}


@dataclass(frozen=True)
class _Day:
    """A date parameter: `{due}` writes `Fri Dec 11`, `{due:md}` `Dec 11` (`year`: `Fri Jan 1, 2031`,
    `Jan 1, 2031`), `{due:date}` always `Dec 11, 2026`, `{due:iso}` `2026-12-11`."""

    tr: Tr
    value: date
    year: bool

    def __format__(self, spec: str) -> str:
        if spec == "md":
            return self.tr.month_day(self.value, year=self.year)
        if spec == "date":
            return self.tr.date(self.value)
        if spec == "iso":
            return self.value.isoformat()
        return self.tr.day(self.value, year=self.year)


@dataclass(frozen=True)
class _Num:
    """A whole-number parameter: `{n}` writes `31`, `{n:nth}` `31st` / `31`, `{n:month}` `February` / `2月`."""

    tr: Tr
    value: int

    def __format__(self, spec: str) -> str:
        n, zh = self.value, self.tr.lang == "zh"
        if spec == "nth":
            if zh:
                return str(n)
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            return f"{n}{suffix}"
        if spec == "month":
            return f"{n}月" if zh else calendar.month_name[n]
        return format(n, spec)


@dataclass(frozen=True)
class Mrkdwn:
    """Text already written as mrkdwn (a mention, a formatted list): passed through as it is."""

    text: str


class Phrase:
    """A catalogue message given as a parameter of another, written in the same reader's language:
    `UserError("access.members_only", doing=Phrase("access.do.add_tasks"))`."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key, self.params = key, params

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, **{self.params!r})"


def plain(text: str) -> str:
    """Mrkdwn read as plain text."""
    return plain_text(text)


def placeholders(template: str) -> set[str]:
    """The `{fields}` a template uses."""
    return {name for _, name, _, _ in _FIELDS.parse(template) if name}


_WORD = re.compile(r"[A-Za-z]{2,}")
