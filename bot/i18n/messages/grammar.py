"""How a command is written: options, quotes, mentions, refs, times, amounts, days, choices."""

from bot.i18n.catalog import Msg

_REF = {"t": ("task", "任务"), "r": ("risk", "风险"), "m": ("milestone", "里程碑"), "c": ("resource claim", "资源预订")}  # fmt: skip

MESSAGES = {
    "grammar.unknown_option": Msg(
        en="I don't know the option `{given}:`. Options here: {listed}. Put text that has a colon in quotes.",
        zh="我不认识选项 `{given}:`。这里可用的选项：{listed}。含冒号的文字请放在引号里。",
    ),
    "grammar.needs_value": Msg(en="`{key}:` needs a value.", zh="`{key}:` 需要一个值。"),
    "grammar.given_twice": Msg(
        en="`{key}:` is given twice; keep one.", zh="`{key}:` 写了两次，请只保留一个。"
    ),
    "grammar.open_quote": Msg(en="A quote is not closed.", zh="有一个引号没有闭合。"),
    "grammar.not_mention": Msg(
        en="`{given}` is not a mention; pick the person from the @ menu.",
        zh="`{given}` 不是 @ 提及；请从 @ 菜单里选人。",
    ),
    "grammar.not_channel": Msg(
        en="`{given}` is not a channel; pick it from the # menu.",
        zh="`{given}` 不是频道；请从 # 菜单里选择。",
    ),
    **{
        f"grammar.not_ref_{kind}": Msg(
            en=f"`{{given}}` is not a {en} ref; write it like `{{ref}}`.",
            zh=f"`{{given}}` 不是{zh}编号；请写成 `{{ref}}` 这样。",
        )
        for kind, (en, zh) in _REF.items()
    },
    "grammar.negative_time": Msg(
        en="`{given}` is negative; give a positive time.", zh="`{given}` 是负数；请给出正的时长。"
    ),
    "grammar.bad_duration": Msg(
        en="I couldn't read `{given}` as a time; use h, m or d (a day is 8h).",
        zh="无法把 `{given}` 读作时长；请用 h、m 或 d（一天按 8 小时计），或写 `8小时`。",
    ),
    "grammar.too_many_hours": Msg(
        en="`{given}` is more than 10000 hours.", zh="`{given}` 超过了 10000 小时。"
    ),
    "grammar.zero_time": Msg(
        en="`{given}` is zero; give a time above zero.", zh="`{given}` 是零；请给出大于零的时长。"
    ),
    "grammar.bad_percent": Msg(
        en="I couldn't read `{given}` as a percentage.", zh="无法把 `{given}` 读作百分比。"
    ),
    "grammar.percent_range": Msg(
        en="`{given}` is out of range; use 0 to 100%.", zh="`{given}` 超出范围；请用 0 到 100%。"
    ),
    "grammar.negative_amount": Msg(
        en="`{given}` is negative; amounts are positive.", zh="`{given}` 是负数；金额必须为正。"
    ),
    "grammar.bad_amount": Msg(
        en="I couldn't read `{given}` as an amount.", zh="无法把 `{given}` 读作金额。"
    ),
    "grammar.amount_too_large": Msg(en="`{given}` is too large.", zh="`{given}` 太大了。"),
    "grammar.too_many_decimals": Msg(
        en="`{given}` has more than 2 decimals.", zh="`{given}` 的小数超过两位。"
    ),
    "grammar.bad_time_of_day": Msg(
        en="I couldn't read `{given}` as a time of day.", zh="无法把 `{given}` 读作时刻。"
    ),
    "grammar.bad_weekdays": Msg(
        en="I couldn't read `{given}` as days of the week.", zh="无法把 `{given}` 读作星期几。"
    ),
    "grammar.no_weekdays": Msg(
        en="`{given}` names no days of the week.", zh="`{given}` 没有指明星期几。"
    ),
    "grammar.bad_timezone": Msg(
        en="`{given}` is not a timezone I know; use an Area/City name.",
        zh="`{given}` 不是我认识的时区；请用“地区/城市”的写法，如 `Asia/Shanghai`。",
    ),
    "grammar.not_a_choice": Msg(
        en="`{given}` is not one of {listed}.", zh="`{given}` 不在可选值 {listed} 之中。"
    ),
}
