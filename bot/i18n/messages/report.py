"""The performance report (blocks and CSV), and a project's health as the digest and report say it."""

from bot.i18n.catalog import Msg

HEALTH = {
    "report.health.status_green": Msg(en="GREEN", zh="绿灯"),
    "report.health.status_amber": Msg(en="AMBER", zh="黄灯"),
    "report.health.status_red": Msg(en="RED", zh="红灯"),
    "report.health.word_green": Msg(en="green", zh="绿灯"),
    "report.health.word_amber": Msg(en="amber", zh="黄灯"),
    "report.health.word_red": Msg(en="red", zh="红灯"),
    "report.health.line": Msg(
        en="{emoji} *{status}* — {reason}", zh="{emoji} *{status}* — {reason}"
    ),
    "report.health.spi": Msg(en="SPI {spi}", zh="SPI {spi}"),
    "report.health.spi_behind": Msg(
        en="SPI {spi}, {n} d behind baseline", zh="SPI {spi}，落后基线 {n} 天"
    ),
    "report.health.cpi": Msg(en="CPI {cpi}", zh="CPI {cpi}"),
    "report.health.critical_risks": Msg(
        en=("{n} critical risk open", "{n} critical risks open"), zh="{n} 个严重风险未关闭"
    ),
    "report.health.overdue": Msg(en=("{n} task overdue", "{n} tasks overdue"), zh="{n} 个任务逾期"),
    "report.health.over_budget": Msg(en="spent {share} of budget", zh="已花费预算的 {share}"),
    "report.health.burning": Msg(
        en="spent {share} of budget at {time} of the time",
        zh="时间才过去 {time}，已花费预算的 {share}",
    ),
    "report.health.on_plan_spi": Msg(en="on plan: SPI {spi}", zh="符合计划：SPI {spi}"),
    "report.health.on_plan_spi_cpi": Msg(
        en="on plan: SPI {spi}, CPI {cpi}", zh="符合计划：SPI {spi}，CPI {cpi}"
    ),
    "report.health.on_plan_none": Msg(
        en="on plan: no planned work due yet", zh="符合计划：尚无到期的计划工作"
    ),
    "report.health.on_plan_none_cpi": Msg(
        en="on plan: no planned work due yet, CPI {cpi}",
        zh="符合计划：尚无到期的计划工作，CPI {cpi}",
    ),
    "report.band_low": Msg(en="low", zh="低"),
    "report.band_medium": Msg(en="medium", zh="中"),
    "report.band_high": Msg(en="high", zh="高"),
    "report.band_critical": Msg(en="critical", zh="严重"),
    "report.nobody": Msg(en="_nobody_", zh="_无人负责_"),
}

REPORT = {
    "report.title_final": Msg(en="Final report: {key} · {name}", zh="结项报告：{key} · {name}"),
    "report.title_so_far": Msg(en="Report so far: {key} · {name}", zh="阶段报告：{key} · {name}"),
    "report.text": Msg(en="{title}: {status}", zh="{title}：{status}"),
    "report.closed_on": Msg(en=":lock: Closed on {day}", zh=":lock: 已于 {day} 关闭"),
    "report.day": Msg(en="{day:iso}", zh="{day}"),
    "report.days": Msg(en="{days} d", zh="{days} 天"),
    "report.time": Msg(en="*Time*", zh="*进度*"),
    "report.planned_end": Msg(en="Planned end", zh="计划结束"),
    "report.actual_end": Msg(en="Actual end", zh="实际结束"),
    "report.not_yet": Msg(en="not yet", zh="尚未结束"),
    "report.on_time": Msg(en="Tasks done on time", zh="按时完成的任务"),
    "report.on_time_none": Msg(en="none done yet, of {total}", zh="共 {total} 项，尚无完成"),
    "report.on_time_value": Msg(
        en="{pct} of {done}/{total} done", zh="已完成 {done}/{total}，其中 {pct} 按时"
    ),
    "report.avg_slip": Msg(en="Average slip", zh="平均延误"),
    "report.spi": Msg(en="SPI", zh="SPI"),
    "report.cost": Msg(en="*Cost*", zh="*成本*"),
    "report.budget_spent": Msg(en="Budget · spent", zh="预算 · 已花费"),
    "report.cpi": Msg(en="CPI", zh="CPI"),
    "report.eac": Msg(en="EAC (hours)", zh="EAC（工时）"),
    "report.eac_value": Msg(en="{eac} of {bac} planned", zh="{eac}，计划 {bac}"),
    "report.quality": Msg(
        en="*Quality*\nSurvey ({responses}/{invited} answered): {ratings}\n"
        "Tasks reopened: {reopened}",
        zh="*质量*\n问卷（{responses}/{invited} 已回答）：{ratings}\n重新打开的任务：{reopened}",
    ),
    "report.rating_schedule": Msg(en="schedule", zh="进度"),
    "report.rating_cost": Msg(en="cost", zh="成本"),
    "report.rating_quality": Msg(en="quality", zh="质量"),
    "report.rating_collaboration": Msg(en="collaboration", zh="协作"),
    "report.resources": Msg(en="*Resources*", zh="*资源*"),
    "report.no_resources": Msg(
        en="_no capacity or claims recorded_", zh="_没有记录产能或资源占用_"
    ),
    "report.person_load": Msg(
        en="{who}: {used} claimed and assigned of {capacity}",
        zh="{who}：已占用及分配 {used}，产能 {capacity}",
    ),
    "report.resource_load": Msg(
        en="*{name}*: {used} claimed of {capacity}", zh="*{name}* 已占用 {used}，产能 {capacity}"
    ),
    "report.people": Msg(en="*People*", zh="*成员*"),
    "report.no_people": Msg(en="_no members_", zh="_没有成员_"),
    "report.person_line": Msg(
        en=(
            "{who}: {done} done ({on_time} on time), {n} blocker cleared, "
            "standups {answered}/{rounds}",
            "{who}: {done} done ({on_time} on time), {n} blockers cleared, "
            "standups {answered}/{rounds}",
        ),
        zh="{who}：完成 {done} 项（按时 {on_time} 项），清除阻塞 {n} 个，站会 {answered}/{rounds}",
    ),
    "report.contributors": Msg(en=":trophy: *Strongest contributors*", zh=":trophy: *突出贡献者*"),
    # A contributor's line says what they did; a figure of 0 is left out.
    "report.contributor": Msg(en="• {who} — {did}", zh="• {who} — {did}"),
    "report.contributor_sep": Msg(en=", ", zh="，"),
    "report.did_on_time": Msg(
        en="{hours} finished on time ({tasks})", zh="按时完成 {hours}（{tasks}）"
    ),
    "report.did_on_time_tasks": Msg(
        en=("{n} task finished on time", "{n} tasks finished on time"), zh="按时完成 {n} 个任务"
    ),
    "report.did_late": Msg(en="{n} finished late", zh="延期完成 {n} 项"),
    "report.did_clear": Msg(en="{blockers} cleared", zh="清除{blockers}"),
    "report.n_tasks": Msg(en=("{n} task", "{n} tasks"), zh="{n} 个任务"),
    "report.n_blockers": Msg(en=("{n} blocker", "{n} blockers"), zh=" {n} 个阻塞"),
    "report.n_answers": Msg(en=("{n} standup answer", "{n} standup answers"), zh="回答站会 {n} 次"),
    "report.nobody_yet": Msg(
        en="_Nobody yet: no one has finished a task or cleared a blocker._",
        zh="_暂无：还没有人完成任务或清除阻塞。_",
    ),
    "report.rule": Msg(
        en="_Ranked by estimated hours finished on time, then blockers cleared, then standup "
        "answers; the top {top} are named (more when tied), and only people who finished a "
        "task or cleared a blocker._",
        zh="_依次按按时完成的预估工时、清除的阻塞数、站会回答数排名；列出前 {top} 名（并列时更多），"
        "且只列出完成过任务或清除过阻塞的人。_",
    ),
    "report.lessons": Msg(en="*Lessons*", zh="*经验教训*"),
    "report.no_lessons": Msg(en="_no text answers yet_", zh="_还没有文字回答_"),
    "report.went_well": Msg(en="_Went well_", zh="_做得好的_"),
    "report.to_improve": Msg(en="_To improve_", zh="_待改进的_"),
    "report.anonymous": Msg(
        en="_The survey is anonymous: answers are shown without names._",
        zh="_问卷为匿名：回答不显示姓名。_",
    ),
    "report.csv_exporting": Msg(
        en="Exporting `{filename}` to this channel…", zh="正在把 `{filename}` 导出到此频道……"
    ),
    "report.csv_file_title": Msg(en="{key} performance report", zh="{key} 绩效报告"),
    "report.csv_comment": Msg(
        en="{who} exported the report of {key}.", zh="{who} 导出了 {key} 的报告。"
    ),
    # `/project report` answers only its asker: the timeline is posted when they choose to.
    "report.timeline_hint": Msg(
        en="`/project timeline` posts its timeline to the channel.",
        zh="`/project timeline` 可将时间线发到频道。",
    ),
    "report.csv_hint": Msg(
        en="`/project report csv` exports this report.", zh="`/project report csv` 可导出本报告。"
    ),
}

_CSV_WORDS = {
    "col_section": "部分",
    "col_measure": "指标",
    "col_value": "值",
    "col_person": "成员",
    "col_name": "姓名",
    "col_lesson": "类别",
    "col_text": "内容",
    "col_answers": "提及次数",
    "lesson_went_well": "做得好的",
    "lesson_to_improve": "待改进的",
    "col_done": "完成",
    "col_on_time": "按时完成",
    "col_hours_on_time": "按时完成工时",
    "col_blockers_cleared": "清除阻塞",
    "col_standups": "站会回答",
    "col_hours_claimed": "占用工时",
    "col_hours_assigned": "分配工时",
    "col_capacity": "产能工时",
    "section_project": "项目",
    "section_time": "进度",
    "section_cost": "成本",
    "section_quality": "质量",
    "measure_key": "项目代号",
    "measure_status": "状态",
    "measure_planned_end": "计划结束日期",
    "measure_actual_end": "实际结束日期",
    "measure_tasks_done": "已完成任务",
    "measure_tasks_total": "任务总数",
    "measure_on_time_pct": "按时完成率（%）",
    "measure_avg_slip_days": "平均延误天数",
    "measure_spi": "SPI",
    "measure_budget": "预算",
    "measure_spent": "已花费",
    "measure_currency": "币种",
    "measure_cpi": "CPI",
    "measure_eac_hours": "EAC 工时",
    "measure_tasks_reopened": "重新打开的任务",
}
CSV = {f"report.csv_{k}": Msg(en=k.split("_", 1)[1], zh=v) for k, v in _CSV_WORDS.items()}
CSV["report.csv_survey"] = Msg(en="survey_{rating}", zh="问卷：{rating}")

MESSAGES = HEALTH | REPORT | CSV
MESSAGES |= {
    "report.timeline_lead": Msg(en="The final report's timeline. ", zh="结项报告的时间线。"),
    "report.timeline_lead_so_far": Msg(
        en="The timeline of the report so far. ", zh="阶段报告的时间线。"
    ),
}
