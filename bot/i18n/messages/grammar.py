"""What the command grammar says about a mistake in how a command or a value is written.

`{what}` is the value as typed, in a code span with its key (`` `due:31/02` ``).
"""

from bot.i18n.catalog import Msg

MESSAGES = {
    "grammar.unknown_option": Msg(
        en="I don't know the option {option}. Options here: {listed}. Put text that has a colon in quotes.",
        zh="我不认识选项 {option}。这里可用的选项：{listed}。含冒号的文字请加引号。",
    ),
    "grammar.unknown_option_none": Msg(
        en="I don't know the option {option}. Options here: none. Put text that has a colon in quotes.",
        zh="我不认识选项 {option}，这里没有选项。含冒号的文字请加引号。",
    ),
    "grammar.needs_value": Msg(en="`{key}:` needs a value.", zh="`{key}:` 需要一个值。"),
    "grammar.given_twice": Msg(
        en="`{key}:` is given twice; keep one.", zh="`{key}:` 写了两次，请只保留一个。"
    ),
    "grammar.quote_not_closed": Msg(en="A quote is not closed.", zh="引号没有闭合。"),
    "grammar.not_a_mention": Msg(
        en="{what} is not a mention; pick the person from the @ menu.",
        zh="{what} 不是对成员的提及；请从 @ 菜单里选择成员。",
    ),
    "grammar.not_a_channel": Msg(
        en="{what} is not a channel; pick it from the # menu.",
        zh="{what} 不是频道；请从 # 菜单里选择。",
    ),
    "grammar.not_a_task_ref": Msg(
        en="{what} is not a task ref; write it like `{ref}`.",
        zh="{what} 不是任务编号；请写成 `{ref}` 这样。",
    ),
    "grammar.not_a_risk_ref": Msg(
        en="{what} is not a risk ref; write it like `{ref}`.",
        zh="{what} 不是风险编号；请写成 `{ref}` 这样。",
    ),
    "grammar.not_a_milestone_ref": Msg(
        en="{what} is not a milestone ref; write it like `{ref}`.",
        zh="{what} 不是里程碑编号；请写成 `{ref}` 这样。",
    ),
    "grammar.not_a_claim_ref": Msg(
        en="{what} is not a resource claim ref; write it like `{ref}`.",
        zh="{what} 不是资源占用编号；请写成 `{ref}` 这样。",
    ),
    "grammar.duration_negative": Msg(
        en="{what} is negative; give a positive time.", zh="{what} 是负数；请给出正的时长。"
    ),
    "grammar.duration_unreadable": Msg(
        en="I couldn't read {what} as a time; use h, m or d (a day is 8h).",
        zh="无法把 {what} 识别为时长；请用 `h`、`m` 或 `d`（一天按 `8h` 计）。",
    ),
    "grammar.duration_too_long": Msg(
        en="{what} is more than 10000 hours.", zh="{what} 超过了 10000 小时。"
    ),
    "grammar.duration_zero": Msg(
        en="{what} is zero; give a time above zero.", zh="{what} 为零；请给出大于零的时长。"
    ),
    "grammar.percent_unreadable": Msg(
        en="I couldn't read {what} as a percentage.", zh="无法把 {what} 识别为百分比。"
    ),
    "grammar.percent_out_of_range": Msg(
        en="{what} is out of range; use 0 to 100%.", zh="{what} 超出范围；请用 0 到 100%。"
    ),
    "grammar.amount_negative": Msg(
        en="{what} is negative; amounts are positive.", zh="{what} 是负数；金额必须为正。"
    ),
    "grammar.amount_unreadable": Msg(
        en="I couldn't read {what} as an amount.", zh="无法把 {what} 识别为金额。"
    ),
    "grammar.amount_too_large": Msg(en="{what} is too large.", zh="{what} 太大了。"),
    "grammar.amount_decimals": Msg(
        en="{what} has more than 2 decimals.", zh="{what} 的小数超过 2 位。"
    ),
    "grammar.time_unreadable": Msg(
        en="I couldn't read {what} as a time of day.", zh="无法把 {what} 识别为时刻。"
    ),
    "grammar.weekdays_unreadable": Msg(
        en="I couldn't read {what} as days of the week.", zh="无法把 {what} 识别为星期几。"
    ),
    "grammar.weekdays_none": Msg(
        en="{what} names no days of the week.", zh="{what} 没有写出任何一个星期几。"
    ),
    "grammar.unknown_timezone": Msg(
        en="{what} is not a timezone I know; use an Area/City name.",
        zh="{what} 不是我认识的时区；请用 `Area/City` 形式的名称，例如 `Asia/Shanghai`。",
    ),
    "grammar.not_a_choice": Msg(
        en="{what} is not one of {listed}.", zh="{what} 不是可选的值；可选：{listed}。"
    ),
    "command.unknown_verb": Msg(
        en="I don't know `{command} {verb}`. Known verbs: {known}. `{command} help` shows examples.",
        zh="我不认识 `{command} {verb}`。可用的命令：{known}。`{command} help` 可查看示例。",
    ),
}
