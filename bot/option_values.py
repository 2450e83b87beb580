"""What an option's value says: hours, percents, amounts, times of day, weekdays, time zones and
choices, in English and Chinese forms; a mistake is a GrammarError that shows the form."""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Sequence
from datetime import time
from decimal import Decimal, InvalidOperation

from bot.grammar import GrammarError, as_given, compact
from bot.i18n import aliases
from bot.i18n.tr import Mrkdwn

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def small_int(text: str) -> int | None:
    """An Arabic or Chinese numeral from 0 to 99 (`3`, `三`, `两`, `十五`, `二十`), else None."""
    if re.fullmatch(r"[0-9]{1,2}", text):
        return int(text)
    tens, sep, ones = text.partition("十")
    if not sep:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    t = 1 if not tens else _CN_DIGITS.get(tens) if len(tens) == 1 else None
    o = 0 if not ones else _CN_DIGITS.get(ones) if len(ones) == 1 else None
    return None if t is None or o is None or t == 0 else t * 10 + o


_DURATION_PART = re.compile(
    r"([0-9]+(?:\.[0-9]+)?)(days?|d|天|日|hours?|hrs?|h|个小时|小时|钟头|minutes?|mins?|m|分钟|分)"
)
# Keyed by a unit's first character; a day is 8 working hours.
_UNIT_HOURS = {"d": 8.0, "天": 8.0, "日": 8.0, "h": 1.0, "个": 1.0, "小": 1.0, "钟": 1.0, "m": 1 / 60, "分": 1 / 60}  # fmt: skip


def _quoted(text: str, key: str, usage: str | None, example: str) -> tuple[str, str]:
    """What an error quotes and shows as an example: `key:value` and `key:…`, or for a value
    given in its place in a command (`/task log T-7 3h`), the value as typed and the usage."""
    if usage is not None:
        return as_given(text, None), usage
    return as_given(text, key), example


def parse_duration_hours(
    text: str, *, key: str = "est", allow_zero: bool = True, usage: str | None = None
) -> float:
    """Hours in `8h`, `1.5h`, `90m`, `2d` (8h days), `1d4h`, `8` or `8小时`; `usage`, for a
    value given in its place in a command, is the example its errors show."""
    s = compact(text)
    given, example = _quoted(text, key, usage, f"{key}:8h")
    if s.startswith("-"):
        raise GrammarError("grammar.negative_time", example, field=key, given=given)
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", s):
        hours = float(s)
    else:
        parts = list(_DURATION_PART.finditer(s))
        if not s or "".join(p[0] for p in parts) != s:
            raise GrammarError("grammar.bad_duration", example, field=key, given=given)
        hours = sum(float(p[1]) * _UNIT_HOURS[p[2][0]] for p in parts)
    if hours > 10000:
        raise GrammarError("grammar.too_many_hours", example, field=key, given=given)
    if hours == 0 and not allow_zero:
        raise GrammarError("grammar.zero_time", example, field=key, given=given)
    return hours


def parse_percent(text: str, *, key: str = "progress", usage: str | None = None) -> int:
    """A whole percentage from 0 to 100, with or without `%`."""
    s = compact(text)
    given, example = _quoted(text, key, usage, f"{key}:60%")
    m = re.fullmatch(r"([0-9]{1,6})%?", s)
    if not m:
        raise GrammarError("grammar.bad_percent", example, field=key, given=given)
    value = int(m[1])
    if value > 100:
        raise GrammarError("grammar.percent_range", example, field=key, given=given)
    return value


_AMOUNT = re.compile(r"([¥$€£]?)(-?)((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)(k|m|万)?")
_MULTIPLIERS = {None: 1, "k": 1000, "m": 1_000_000, "万": 10_000}


def parse_amount(text: str, *, key: str = "budget", usage: str | None = None) -> Decimal:
    """A money amount such as `50000`, `50,000`, `50k`, `1.2m` or `¥12.50`, to the cent."""
    s = compact(text)
    given, example = _quoted(text, key, usage, f"{key}:50k")
    if s.startswith("-"):
        s = s[1:]
        if _AMOUNT.fullmatch(s):
            raise GrammarError("grammar.negative_amount", example, field=key, given=given)
    m = _AMOUNT.fullmatch(s)
    if not m:
        raise GrammarError("grammar.bad_amount", example, field=key, given=given)
    if m[2]:
        raise GrammarError("grammar.negative_amount", example, field=key, given=given)
    try:
        value = Decimal(m[3].replace(",", "")) * _MULTIPLIERS[m[4]]
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise GrammarError("grammar.bad_amount", example, field=key, given=given) from None
    if value > 10**12:
        raise GrammarError("grammar.amount_too_large", example, field=key, given=given)
    if value != value.quantize(Decimal("0.01")):
        raise GrammarError("grammar.too_many_decimals", example, field=key, given=given)
    return value.quantize(Decimal("0.01"))


# Hours added to a Chinese clock time before noon; 中午 only shifts 1点 to 5点.
_CN_PERIODS = {"凌晨": 0, "早上": 0, "早晨": 0, "上午": 0, "中午": 12, "下午": 12, "傍晚": 12, "晚上": 12}  # fmt: skip
_CN_MINUTES = {None: 0, "整": 0, "钟": 0, "半": 30, "一刻": 15, "三刻": 45}
_CN_NUM = "[零〇一二两三四五六七八九十0-9]+"
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})(am|pm|a|p)?|([0-9]{1,2})(am|pm|a|p)")
_CN_CLOCK = re.compile(
    rf"({'|'.join(_CN_PERIODS)})?(?:([0-9]{{1,2}}):([0-9]{{2}})|({_CN_NUM})[点點时](半|一刻|三刻|整|钟|({_CN_NUM})分?)?)"
)


def parse_time_of_day(text: str, *, key: str | None = None) -> time:
    """A clock time: `09:30`, `9:30`, `9am`, `4:30pm`, `16:00`, `noon`, `下午3点`, `9点半`."""
    s = compact(text)
    hour = minute = None
    if s in ("noon", "midday"):
        hour, minute = 12, 0
    elif s == "midnight":
        hour, minute = 0, 0
    elif m := _CLOCK.fullmatch(s):
        hour, minute = int(m[1] or m[4]), int(m[2] or 0)
        if ampm := (m[3] or m[5]):
            hour = -1 if not 1 <= hour <= 12 else hour % 12 + (12 if ampm[0] == "p" else 0)
    elif m := _CN_CLOCK.fullmatch(s):
        hour = int(m[2]) if m[2] else small_int(m[4])
        minute = int(m[3]) if m[3] else _CN_MINUTES.get(m[5], small_int(m[6] or ""))
        if m[1] and hour is not None and hour < 12:
            hour += 0 if m[1] == "中午" and hour >= 6 else _CN_PERIODS[m[1]]
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        example = f"{key}:09:30" if key else "09:30"
        raise GrammarError("grammar.bad_time_of_day", example, field=key, given=as_given(text, key))
    return time(hour, minute)


_WEEKDAY_WORDS = [
    ("mon", "monday", "周一", "星期一", "礼拜一"),
    ("tue", "tues", "tuesday", "周二", "星期二", "礼拜二"),
    ("wed", "weds", "wednesday", "周三", "星期三", "礼拜三"),
    ("thu", "thur", "thurs", "thursday", "周四", "星期四", "礼拜四"),
    ("fri", "friday", "周五", "星期五", "礼拜五"),
    ("sat", "saturday", "周六", "星期六", "礼拜六"),
    ("sun", "sunday", "周日", "星期日", "礼拜日", "周天", "星期天", "礼拜天"),
]
WEEKDAY_NAMES = {word: day for day, words in enumerate(_WEEKDAY_WORDS) for word in words}
_WEEKDAY_SETS = {
    "weekdays": range(5), "workdays": range(5), "工作日": range(5),
    "weekends": (5, 6), "weekend": (5, 6), "周末": (5, 6),
    "daily": range(7), "everyday": range(7), "every-day": range(7), "每天": range(7),
}  # fmt: skip


def parse_weekdays(text: str, *, key: str = "days") -> frozenset[int]:
    """Weekdays (Mon=0) from `mon-fri`, `mon,wed,fri`, `sun-thu`, `weekdays` or `daily`."""
    s = compact(text)
    if s in _WEEKDAY_SETS:
        return frozenset(_WEEKDAY_SETS[s])
    days: set[int] = set()
    for part in filter(None, re.split(r"[,，、]", s)):
        ends = re.split(r"-|~|到|至", part)
        if len(ends) > 2 or not all(e in WEEKDAY_NAMES for e in ends):
            raise GrammarError(
                "grammar.bad_weekdays", f"{key}:mon-fri", field=key, given=as_given(text, key)
            )
        first, last = WEEKDAY_NAMES[ends[0]], WEEKDAY_NAMES[ends[-1]]
        days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
    if not days:
        raise GrammarError(
            "grammar.no_weekdays", f"{key}:mon-fri", field=key, given=as_given(text, key)
        )
    return frozenset(days)


@functools.cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def parse_timezone(text: str, *, key: str = "tz") -> str:
    """A valid IANA timezone name such as `Asia/Shanghai`, in its canonical spelling."""
    name = _zones().get(text.strip().lower())
    if name is None:
        raise GrammarError(
            "grammar.bad_timezone", f"{key}:Asia/Shanghai", field=key, given=as_given(text, key)
        )
    return name


def parse_choice(text: str, choices: Sequence[str], *, key: str) -> str:
    """One of `choices`, matched case-insensitively, in its canonical spelling, or its Chinese name."""
    wanted = aliases.value(text, tuple(choices)).strip().lower()
    for choice in choices:
        if choice.lower() == wanted:
            return choice
    listed = ", ".join(f"`{c}`" for c in choices)
    raise GrammarError(
        "grammar.not_a_choice",
        f"{key}:{choices[0]}",
        field=key,
        given=as_given(text, key),
        listed=Mrkdwn(listed),
    )
