"""Deviation alerts in a project's channel and risk-review reminders by DM."""

from bot.i18n.catalog import Msg

MESSAGES = {
    "alerts.kind_overdue": Msg(en="Overdue", zh="已逾期"),
    "alerts.kind_behind": Msg(en="Behind plan", zh="落后计划"),
    "alerts.kind_blocked": Msg(en="Blocked too long", zh="受阻过久"),
    "alerts.kind_milestone": Msg(en="Milestone slipping", zh="里程碑将延误"),
    "alerts.kind_spi": Msg(en="Schedule performance", zh="进度绩效"),
    "alerts.detail_overdue": Msg(
        en=("overdue by {n} day (due {due:iso})", "overdue by {n} days (due {due:iso})"),
        zh="已逾期 {n} 天（截止 {due}）",
    ),
    "alerts.detail_behind": Msg(
        en="{progress}% done with {share} of its time gone (due {due:iso})",
        zh="时间已过去 {share}，只完成了 {progress}%（截止 {due}）",
    ),
    "alerts.detail_blocked": Msg(en="blocked for {n} days", zh="已受阻 {n} 天"),
    "alerts.detail_blocked_reason": Msg(
        en="blocked for {n} days: {reason}", zh="已受阻 {n} 天：{reason}"
    ),
    "alerts.detail_milestone": Msg(
        en=(
            "its tasks end {end:iso}, {n} day after the milestone ({due:iso})",
            "its tasks end {end:iso}, {n} days after the milestone ({due:iso})",
        ),
        zh="其任务到 {end} 才结束，比里程碑（{due}）晚 {n} 天",
    ),
    "alerts.detail_spi_red": Msg(
        en="SPI {spi} is under the red line {line}", zh="SPI {spi} 低于红线 {line}"
    ),
    "alerts.detail_spi": Msg(en="SPI {spi} is under {line}", zh="SPI {spi} 低于 {line}"),
    "alerts.no_owner": Msg(en="_no owner_", zh="_无负责人_"),
    "alerts.line": Msg(
        en="{icon} *{label}* · `{ref}` {title} — {detail} · {who}",
        zh="{icon} *{label}* · `{ref}` {title}：{detail} · {who}",
    ),
    "alerts.head": Msg(
        en=("*{key} · {name}*: {n} thing off plan", "*{key} · {name}*: {n} things off plan"),
        zh="*{key} · {name}* 有 {n} 项偏离计划",
    ),
    "alerts.footer": Msg(
        en="Posted again only if it gets worse. `/task` to update, `/project info` for health.",
        zh="情况恶化时才会再次提醒。用 `/task` 更新任务，用 `/project info` 查看项目健康度。",
    ),
    "alerts.text_item": Msg(
        en="{label} {ref} {title} ({detail})", zh="{label} {ref} {title}（{detail}）"
    ),
    "alerts.review_head": Msg(
        en=":mag: *Time to review `{ref}`* {title}", zh=":mag: *该复审 `{ref}` 了* {title}"
    ),
    "alerts.review_score": Msg(
        en="Score {score} ({band}) · likelihood {likelihood} × impact {impact}"
        " · review date {day:iso}",
        zh="评分 {score}（{band}）· 可能性 {likelihood} × 影响 {impact} · 复审日期 {day}",
    ),
    "alerts.review_mitigation": Msg(en="Mitigation: {mitigation}", zh="应对措施：{mitigation}"),
    "alerts.review_no_mitigation": Msg(en="Mitigation: _none yet_", zh="应对措施：暂无"),
    "alerts.review_how": Msg(
        en='Update it with `/risk update R-{number} in:{key} review:"in 2 weeks"`'
        " or close it with `/risk close R-{number} in:{key}`.",
        zh='用 `/risk update R-{number} in:{key} review:"in 2 weeks"` 更新，'
        "或用 `/risk close R-{number} in:{key}` 关闭。",
    ),
    "alerts.review_more": Msg(en="Also due for review: {refs}.", zh="同样到了复审日期：{refs}。"),
    "alerts.review_text_one": Msg(
        en="Time to review {ref}: {title}", zh="该复审 {ref} 了：{title}"
    ),
    "alerts.review_text_many": Msg(
        en="Time to review {n} risks: {refs}", zh="有 {n} 个风险该复审了：{refs}"
    ),
}
