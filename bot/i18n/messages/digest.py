"""The weekly digest."""

from bot.i18n.catalog import Msg

MESSAGES = {
    "digest.header": Msg(en="{key} weekly digest · {week}", zh="{key} 周报 · {week}"),
    "digest.measures": Msg(
        en="SPI {spi} · CPI {cpi} · {percent}% complete · {name} · as of {today:iso}",
        zh="SPI {spi} · CPI {cpi} · 已完成 {percent}% · {name} · 截至 {today}",
    ),
    "digest.done_since": Msg(
        en="*Done since {since}, {time} ({n})*", zh="*自 {since} {time} 以来完成（{n}）*"
    ),
    # Started or blocked: a blocked task is work in hand, not yet done nor overdue.
    "digest.in_progress": Msg(en="*In progress or blocked ({n})*", zh="*进行中或受阻（{n}）*"),
    "digest.overdue": Msg(en="*Overdue ({n})*", zh="*已逾期（{n}）*"),
    "digest.milestones": Msg(en="*Milestones*", zh="*里程碑*"),
    "digest.risks": Msg(en="*Top risks*", zh="*主要风险*"),
    "digest.none_done": Msg(en="_nothing finished_", zh="_暂无完成的任务_"),
    "digest.none_in_progress": Msg(en="_nothing_", zh="_无_"),
    "digest.none_overdue": Msg(en="_nothing overdue_", zh="_没有逾期的任务_"),
    "digest.no_milestones": Msg(en="_no open milestones_", zh="_没有未完成的里程碑_"),
    "digest.no_risks": Msg(en="_no open risks_", zh="_没有未关闭的风险_"),
    "digest.due": Msg(en=" · due {due:iso}", zh=" · 截止 {due}"),
    "digest.blocked": Msg(en=" :no_entry: blocked", zh=" :no_entry: 受阻"),
    "digest.more": Msg(en="_…and {n} more_", zh="_……另有 {n} 项_"),
    "digest.milestone": Msg(
        en="• `{ref}` {name} · due {due:iso}", zh="• `{ref}` {name} · 截止 {due}"
    ),
    "digest.milestone_late": Msg(
        en=" · :warning: tasks end {end:iso}", zh=" · :warning: 其任务到 {end} 才结束"
    ),
    "digest.risk": Msg(
        en="• `{ref}` {title} · {score} {band} · {owner}",
        zh="• `{ref}` {title} · {score} {band} · {owner}",
    ),
    "digest.risk_occurred": Msg(
        en="• `{ref}` {title} · :fire: occurred · {owner}",
        zh="• `{ref}` {title} · :fire: 已发生 · {owner}",
    ),
    "digest.text": Msg(
        en="{key} weekly digest {week}: {status} ({reason}); {done} done since {since}, {time}, "
        "{progress} in progress, {overdue} overdue",
        zh="{key} 周报 {week}：{status}（{reason}）；自 {since} {time} 以来完成 {done} 项，"
        "进行中 {progress} 项，逾期 {overdue} 项",
    ),
    "digest.chart_title": Msg(
        en="{key} · {name} — burn-up ({week})", zh="{key} · {name} — 燃起图（{week}）"
    ),
    "digest.chart_file_title": Msg(en="{key} burn-up {week}", zh="{key} 燃起图 {week}"),
    "digest.chart_comment": Msg(en="{key} burn-up, {week}", zh="{key} 燃起图，{week}"),
    "digest.chart_scope": Msg(en="scope (h)", zh="范围（小时）"),
    "digest.chart_done": Msg(en="done (h)", zh="已完成（小时）"),
    "digest.chart_hours": Msg(en="hours", zh="小时"),
}
