"""Dates people write: unreadable ones, days not on the calendar, and days too far away."""

from bot.i18n.catalog import Msg

MESSAGES = {
    "dates.not_a_day": Msg(
        en="`{given}` is not a date: {why}.", zh="`{given}` 不是有效日期：{why}。"
    ),
    "dates.unreadable": Msg(
        en='I couldn\'t read `{given}` as a date. Try `{key}:{soon:iso}`, `{key}:friday` or `{key}:"in 3 days"`.',
        zh='无法把 `{given}` 读作日期。可以写 `{key}:{soon:iso}`、`{key}:周五` 或 `{key}:"3天后"`。',
    ),
    # A date given in its place in a command (`/task due T-7 friday`): examples without a key.
    "dates.unreadable_here": Msg(
        en='I couldn\'t read `{given}` as a date. Try `{soon:iso}`, `friday` or `"in 3 days"`.',
        zh='无法把 `{given}` 读作日期。可以写 `{soon:iso}`、`周五` 或 `"3天后"`。',
    ),
    "dates.too_far": Msg(
        en="`{given}` reads as {day:iso}. That is more than 5 years away; write the year if you mean it.",
        zh="`{given}` 读作 {day:iso}，距今超过 5 年；如果确实如此，请写明年份。",
    ),
    "dates.no_month_0": Msg(en="There is no month 0", zh="没有 0 月"),
    "dates.no_such_month": Msg(en="There is no {n:nth} month", zh="没有第 {n:nth} 个月"),
    "dates.no_day_0": Msg(en="There is no day 0", zh="没有 0 日"),
    "dates.not_leap": Msg(
        en="{year} is not a leap year: February has 28 days", zh="{year}年不是闰年：2月只有 28 天"
    ),
    "dates.leap_day_far": Msg(
        en="February {year} has 28 days; write `{next}-02-29` if you mean the next 29 February",
        zh="{year}年2月只有 28 天；如指下一个 2月29日，请写 `{next}-02-29`",
    ),
    "dates.no_such_day": Msg(
        en="{month:month} has no {day:nth}", zh="{month:month}没有 {day:nth} 日"
    ),
}
