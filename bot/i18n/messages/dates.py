"""What the date reader says about a date it cannot take (`bot.dates`, `bot.date_checks`).

`{what}` is the value as typed with its key; `{month:name}` writes a month's English name and
`{day:nth}` an English ordinal (`31st`), while `{month}` and `{day}` are the bare numbers.
"""

from bot.i18n.catalog import Msg

MESSAGES = {
    "dates.no_month_zero": Msg(
        en="{what} is not a date: There is no month 0.", zh="{what} 不是有效日期：没有 0 月。"
    ),
    "dates.no_such_month": Msg(
        en="{what} is not a date: There is no {month:nth} month.",
        zh="{what} 不是有效日期：没有 {month} 月。",
    ),
    "dates.no_day_zero": Msg(
        en="{what} is not a date: There is no day 0.", zh="{what} 不是有效日期：没有 0 日。"
    ),
    "dates.not_a_leap_year": Msg(
        en="{what} is not a date: {year} is not a leap year: February has 28 days.",
        zh="{what} 不是有效日期：{year} 年不是闰年，2 月只有 28 天。",
    ),
    "dates.no_such_day": Msg(
        en="{what} is not a date: {month:name} has no {day:nth}.",
        zh="{what} 不是有效日期：{month} 月没有 {day} 日。",
    ),
    "dates.unreadable": Msg(
        en='I couldn\'t read {what} as a date. Try `{key}:2026-12-04`, `{key}:friday` or `{key}:"in 3 days"`.',
        zh="无法把 {what} 识别为日期。试试 `{key}:2026-12-04`、`{key}:周五` 或 `{key}:3天后`。",
    ),
    "dates.too_far": Msg(
        en="{what} reads as {day:iso}. That is more than 5 years away; write the year if you mean it.",
        zh="{what} 会读作 {day:iso}，那是 5 年以后了；如果确实是这一天，请写上年份。",
    ),
}
