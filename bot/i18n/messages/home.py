"""App Home: the person's own tasks, projects, claims and risks, in their language."""

from bot.i18n.catalog import Msg

MESSAGES = {
    "home.tasks": Msg(en="My open tasks", zh="我的未完成任务"),
    "home.no_tasks": Msg(
        en="_No open tasks. `/task add` in a project channel adds one._",
        zh="_没有未完成的任务。在项目频道里用 `/task add` 添加。_",
    ),
    "home.more_tasks": Msg(
        en="…and {n} more: `/task list mine` in each project.",
        zh="……还有 {n} 个：在各项目频道用 `/task list mine` 查看。",
    ),
    "home.task_line": Msg(
        en="*{key}* `{ref}` {title} · {owner}{due} · {status}",
        zh="*{key}* `{ref}` {title} · {owner}{due} · {status}",
    ),
    "home.due": Msg(en=" · due {due:iso}", zh=" · {due:md} 截止"),
    "home.overdue": Msg(
        en=" · :red_circle: *overdue* since {due:iso} ({n} d)",
        zh=" · :red_circle: *已逾期* {n} 天（{due:md} 截止）",
    ),
    "home.status.open": Msg(en=":white_circle: open", zh=":white_circle: 未开始"),
    "home.status.in_progress": Msg(
        en=":large_blue_circle: in progress {progress}%",
        zh=":large_blue_circle: 进行中 {progress}%",
    ),
    "home.status.blocked": Msg(en=":no_entry: blocked", zh=":no_entry: 受阻"),
    "home.status.done": Msg(en=":white_check_mark: done", zh=":white_check_mark: 已完成"),
    "home.status.canceled": Msg(
        en=":heavy_multiplication_x: canceled", zh=":heavy_multiplication_x: 已取消"
    ),
    "home.nobody": Msg(en="_nobody_", zh="_无人负责_"),
    "home.button.start": Msg(en="Start", zh="开始"),
    "home.button.progress": Msg(en="+25 %", zh="+25 %"),
    "home.button.done": Msg(en="Done", zh="完成"),
    "home.projects": Msg(en="My projects", zh="我的项目"),
    "home.no_projects": Msg(en="_No open projects._", zh="_没有进行中的项目。_"),
    "home.no_project_yet": Msg(en="_You are in no project yet._", zh="_你还没有加入任何项目。_"),
    "home.project_line": Msg(
        en="{emoji} *{key}* · {name} — *{status}*: {reason}\n{channel} · {role}",
        zh="{emoji} *{key}* · {name} — *{status}*：{reason}\n{channel} · {role}",
    ),
    "home.health.green": Msg(en="GREEN", zh="绿灯"),
    "home.health.amber": Msg(en="AMBER", zh="黄灯"),
    "home.health.red": Msg(en="RED", zh="红灯"),
    "home.role.owner": Msg(en="owner", zh="负责人"),
    "home.role.member": Msg(en="member", zh="成员"),
    "home.role.stakeholder": Msg(en="stakeholder", zh="干系人"),
    "home.closed": Msg(en="Closed projects", zh="已关闭的项目"),
    "home.closed_line": Msg(en="*{key}* · {name} · {channel}", zh="*{key}* · {name} · {channel}"),
    "home.closed_on": Msg(en=" · closed on {day}", zh=" · 于 {day} 关闭"),
    "home.claims": Msg(en="My claims", zh="我的资源占用"),
    "home.claim_line": Msg(
        en="`C-{number}` {resource} {start:iso} → {end:iso} · {hours} · {key}",
        zh="`C-{number}` {resource} {start:md} 至 {end:md} · {hours} · {key}",
    ),
    "home.over_allocated": Msg(en=" · :warning: over-allocated", zh=" · :warning: 超额分配"),
    "home.no_claims": Msg(en="_No current claims._", zh="_当前没有资源占用。_"),
    "home.risks": Msg(en="My open risks", zh="我的未关闭风险"),
    "home.risk_line": Msg(
        en="`R-{number}` {title} · {band} ({score}) · {key}",
        zh="`R-{number}` {title} · {band}（{score}）· {key}",
    ),
    "home.risk_line_occurred": Msg(
        en="`R-{number}` {title} · :fire: occurred · {key}",
        zh="`R-{number}` {title} · :fire: 已发生 · {key}",
    ),
    "home.band.low": Msg(en="low", zh="低"),
    "home.band.medium": Msg(en="medium", zh="中"),
    "home.band.high": Msg(en="high", zh="高"),
    "home.band.critical": Msg(en="critical", zh="严重"),
    "home.no_risks": Msg(en="_No open risks._", zh="_没有未关闭的风险。_"),
}
