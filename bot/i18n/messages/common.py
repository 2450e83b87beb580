"""Words every area shares: errors' framing, closed projects, generic refusals."""

from bot.i18n.catalog import Msg

MESSAGES = {
    "plan.after_end": Msg(
        en=":warning: {ref} is due {due:iso}, after *{key}* ends ({end:iso}).",
        zh=":warning: {ref} 的截止日期 {due:md} 晚于 *{key}* 的结束日期（{end:md}）。",
    ),
    "plan.due_after_new_end": Msg(
        en=(
            ":warning: {n} open task or milestone is due after *{key}*'s new end ({end:iso}): "
            "{refs}; move its date or the end with `/project settings end:<date>`.",
            ":warning: {n} open tasks and milestones are due after *{key}*'s new end "
            "({end:iso}): {refs}; move their dates or the end with `/project settings end:<date>`.",
        ),
        zh=":warning: 有 {n} 个未完成的任务或里程碑晚于 *{key}* 新的结束日期（{end:date}）："
        "{refs}；请调整其日期，或用 `/project settings end:<日期>` 推迟结束日期。",
    ),
    "plan.due_after_new_end_more": Msg(
        en=(
            ":warning: {n} open task or milestone is due after *{key}*'s new end ({end:iso}): "
            "{refs} and {more} more; move its date or the end with `/project settings end:<date>`.",
            ":warning: {n} open tasks and milestones are due after *{key}*'s new end "
            "({end:iso}): {refs} and {more} more; move their dates or the end with "
            "`/project settings end:<date>`.",
        ),
        zh=":warning: 有 {n} 个未完成的任务或里程碑晚于 *{key}* 新的结束日期（{end:date}）："
        "{refs} 等另外 {more} 个；请调整其日期，或用 `/project settings end:<日期>` 推迟结束日期。",
    ),
    "common.for_example": Msg(en="For example: {example}", zh="例如：{example}"),
    "project.closed_on": Msg(
        en="{key} was closed on {day:md}; `/project new` starts another here.",
        zh="{key} 已于 {day:md} 关闭；用 `/project new` 在此频道开始新项目。",
    ),
    "project.closed": Msg(
        en="{key} was closed; `/project new` starts another here.",
        zh="{key} 已关闭；用 `/project new` 在此频道开始新项目。",
    ),
}
MESSAGES |= {
    "settings.bad_lang": Msg(
        en="`lang:{value}` is not a language I speak: `lang:en` (English) or `lang:zh` (中文).",
        zh="`lang:{value}` 不是我会的语言：`lang:en`（英文）或 `lang:zh`（中文）。",
    ),
}
MESSAGES |= {
    "command.unknown_verb": Msg(
        en="I don't know `{command} {verb}`. Known verbs: {known}. `{command} help` shows examples.",
        zh="我不认识 `{command} {verb}`。可用的动作：{known}。`{command} help` 有示例。",
    ),
}
MESSAGES |= {
    "name.risk_title_missing": Msg(en="The risk title is missing.", zh="缺少风险标题。"),
    "name.risk_title_too_long": Msg(
        en="The risk title is {n} characters; keep it to {max}.",
        zh="风险标题有 {n} 个字符，请控制在 {max} 个以内。",
    ),
    "name.resource_name_missing": Msg(en="The resource name is missing.", zh="缺少资源名称。"),
    "name.resource_name_too_long": Msg(
        en="The resource name is {n} characters; keep it to {max}.",
        zh="资源名称有 {n} 个字符，请控制在 {max} 个以内。",
    ),
}
MESSAGES |= {
    "common.db_unavailable": Msg(
        en="TeamTrack can't reach its database right now; try again in a moment.",
        zh="TeamTrack 暂时连不上数据库，请稍后再试。",
    ),
}
