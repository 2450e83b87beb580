"""/project: creating and finding projects, milestones, members, settings, spend, close, timeline."""

from bot.i18n.catalog import Msg

# Refusals: what the services and the /project verbs raise.
MESSAGES = {
    "project.no_such_key": Msg(
        en="There is no project with key `{key}` in this workspace.",
        zh="本工作区没有代号为 `{key}` 的项目。",
    ),
    "project.none_here": Msg(
        en="This channel has no project. Start one here, or name one with `in:KEY`.",
        zh="此频道还没有项目。可在此新建一个，或用 `in:KEY` 指定项目。",
    ),
    "project.none_in_dm": Msg(
        en="A direct message has no project: name one with `in:KEY`.",
        zh="私信中没有项目：请用 `in:KEY` 指定项目。",
    ),
    "project.not_in_dm": Msg(
        en=(
            "A project runs in a channel its team shares, not in a direct message with TeamTrack: "
            "invite TeamTrack to the team's channel (`/invite @TeamTrack`) and start it there."
        ),
        zh="项目要在团队共用的频道中运行，不能在与 TeamTrack 的私信中创建：请把 TeamTrack 邀请到团队频道（`/invite @TeamTrack`），再在那里创建。",
    ),
    "project.gone": Msg(en="That project no longer exists.", zh="该项目已不存在。"),
    "name.project_name_missing": Msg(en="The project name is missing.", zh="缺少项目名称。"),
    "name.project_name_too_long": Msg(
        en="The project name is {n} characters; keep it to {max}.",
        zh="项目名称有 {n} 个字符，请控制在 {max} 个以内。",
    ),
    "name.milestone_name_missing": Msg(en="The milestone name is missing.", zh="缺少里程碑名称。"),
    "name.milestone_name_too_long": Msg(
        en="The milestone name is {n} characters; keep it to {max}.",
        zh="里程碑名称有 {n} 个字符，请控制在 {max} 个以内。",
    ),
    "project.channel_taken": Msg(
        en="This channel already runs *{key}*. One active project per channel: create the new one "
        "in another channel, or close this one first.",
        zh="此频道已在运行 *{key}*。每个频道只能有一个进行中的项目：请在其他频道新建，或先关闭当前项目。",
    ),
    "project.bad_key": Msg(
        en="`{key}` can't be a key: 2–10 letters or digits, starting with a letter.",
        zh="`{key}` 不能作为项目代号：须为 2–10 个字母或数字，且以字母开头。",
    ),
    "project.key_taken": Msg(
        en="The key `{key}` is taken in this workspace; choose another.",
        zh="项目代号 `{key}` 在本工作区已被占用，请换一个。",
    ),
    "project.ends_before_start": Msg(
        en="The project ends ({end:iso}) before it starts ({start:iso}).",
        zh="项目结束日期（{end:iso}）早于开始日期（{start:iso}）。",
    ),
    "project.end_before_start": Msg(en="The end is before the start.", zh="结束日期早于开始日期。"),
    "project.negative_budget": Msg(en="A budget can't be negative.", zh="预算不能为负数。"),
    "project.no_milestone": Msg(
        en="*{key}* has no milestone M-{number}.", zh="*{key}* 没有里程碑 M-{number}。"
    ),
    "project.milestone_already_done": Msg(
        en="M-{number} is already done.", zh="M-{number} 已经完成。"
    ),
    "project.say_which_milestone": Msg(
        en="Say which milestone is done.", zh="请说明完成的是哪个里程碑。"
    ),
    "project.milestone_needs_due": Msg(
        en="A milestone needs a due date.", zh="里程碑需要截止日期。"
    ),
    "project.name_someone": Msg(
        en="Name at least one person to add.", zh="请至少指定一位要添加的成员。"
    ),
    "project.bad_role": Msg(
        en="`{role}` is not a role; use one of {roles}.",
        zh="`{role}` 不是有效角色，请使用：{roles}。",
    ),
    "project.capacity_max": Msg(
        en="Capacity is hours per week; at most 168.", zh="产能按每周小时计，最多 168。"
    ),
    "project.not_member": Msg(
        en="{user} is not a member of *{key}*.", zh="{user} 不是 *{key}* 的成员。"
    ),
    "project.name_who_to_remove": Msg(en="Name who to remove.", zh="请指定要移除的人。"),
    "project.no_owner_left": Msg(
        en="*{key}* would be left without an owner. Make someone else owner first.",
        zh="*{key}* 将没有项目负责人。请先指定其他人为项目负责人。",
    ),
    "project.bad_members_verb": Msg(
        en="`members {action}` isn't a thing: use add, remove, or nothing to list.",
        zh="没有 `members {action}` 这个操作：请用 `add`、`remove`，或不带参数查看列表。",
    ),
    "project.bad_digest": Msg(
        en="I couldn't read `digest:{value}`: give a weekday and a time.",
        zh="无法识别 `digest:{value}`：请给出星期几和时间。",
    ),
    "project.bad_setting": Msg(
        en="`{key}` is not a setting. Settings: {keys}.",
        zh="`{key}` 不是设置项。可用设置：{keys}。",
    ),
    "project.say_spend": Msg(
        en="Say how much was spent and on what.", zh="请说明花了多少钱、用在什么上。"
    ),
    "project.spend_positive": Msg(
        en="A spend must be a positive amount.", zh="支出金额必须为正数。"
    ),
    "project.spend_note_missing": Msg(en="Say what the money was for.", zh="请说明这笔钱的用途。"),
    "project.spend_note_too_long": Msg(
        en="The note is {n} characters; keep it to {max}.",
        zh="备注有 {n} 个字符，请控制在 {max} 个以内。",
    ),
    "project.timeline.bad_option": Msg(
        en="`{option}:` is not an option of `timeline`; it takes `milestone:` and `weeks:`.",
        zh="`{option}:` 不是 `timeline` 的选项；可用 `milestone:` 和 `weeks:`。",
    ),
    "project.timeline.bad_weeks": Msg(
        en="`weeks:` is a number of weeks from 1 to {max}, like `weeks:8`.",
        zh="`weeks:` 是 1 到 {max} 之间的周数，例如 `weeks:8`。",
    ),
    "project.button_broken": Msg(en="That button is broken.", zh="这个按钮已失效。"),
}

# What /project answers and posts.
MESSAGES |= {
    "project.date": Msg(en="{day:iso}", zh="{day:md}"),
    "project.span": Msg(en="{start:iso} → {end:iso}", zh="{start:md} → {end:md}"),
    "project.field": Msg(en="*{label}*\n{value}", zh="*{label}*\n{value}"),
    "project.none": Msg(en="_none_", zh="_无_"),
    "project.none_open": Msg(en="_none open_", zh="_没有未关闭的_"),
    "project.list_sep": Msg(en=", ", zh="、"),
    "project.cancel": Msg(en="Cancel", zh="取消"),
    "project.on": Msg(en="on", zh="开启"),
    "project.off": Msg(en="off", zh="关闭"),
    "project.created": Msg(
        en=":rocket: {actor} started *{name}* (`{key}`) in this channel.",
        zh=":rocket: {actor} 在此频道创建了项目 *{name}*（`{key}`）。",
    ),
    "project.created_text": Msg(en="Project {key} started: {name}", zh="项目 {key} 已创建：{name}"),
    "project.goal": Msg(en="*Goal:* {goal}", zh="*目标：* {goal}"),
    "project.scope": Msg(en="*Scope:* {scope}", zh="*范围：* {scope}"),
    "project.goal_scope": Msg(
        en="*Goal:* {goal}\n*Scope:* {scope}", zh="*目标：* {goal}\n*范围：* {scope}"
    ),
    "project.label.dates": Msg(en="Dates", zh="起止日期"),
    "project.label.budget": Msg(en="Budget", zh="预算"),
    "project.label.timezone": Msg(en="Time zone", zh="时区"),
    "project.label.owner": Msg(en="Owner", zh="负责人"),
    "project.label.complete": Msg(en="Complete", zh="完成度"),
    "project.label.spi": Msg(en="Schedule (SPI)", zh="进度绩效（`SPI`）"),
    # CPI is earned over spent *hours*; the money spent is the budget field beside it.
    "project.label.cpi": Msg(en="Cost (CPI, in hours)", zh="成本绩效（`CPI`，按工时）"),
    "project.label.people": Msg(en="People · open tasks", zh="成员 · 未完成任务"),
    "project.created_next": Msg(
        en='Next: `/project members add @alice @bob` · `/project milestone "Beta" due:"in 6 weeks"` '
        "· `/task add ...`",
        zh='下一步：`/project members add @alice @bob` · `/project milestone "Beta" due:"in 6 weeks"` '
        "· `/task add ...`",
    ),
    "project.health.green": Msg(en="GREEN", zh="绿灯"),
    "project.health.amber": Msg(en="AMBER", zh="黄灯"),
    "project.health.red": Msg(en="RED", zh="红灯"),
    "project.info_text": Msg(en="{key}: {status} — {reason}", zh="{key}：{status} — {reason}"),
    "project.info_text_closed": Msg(
        en="{key} (closed on {day}): {status} — {reason}",
        zh="{key}（已于 {day} 关闭）：{status} — {reason}",
    ),
    "project.info_closed": Msg(
        en=":lock: *Closed on {day}* — read-only; `/project new` starts another here.",
        zh=":lock: *已于 {day} 关闭* — 只读；用 `/project new` 在此频道开始新项目。",
    ),
    "project.health_line": Msg(
        en="{emoji} *{status}* — {reason}", zh="{emoji} *{status}* — {reason}"
    ),
    "project.budget_spent": Msg(en="{budget} (spent {spent})", zh="{budget}（已花费 {spent}）"),
    "project.next_milestones": Msg(en="*Next milestones*\n{lines}", zh="*近期里程碑*\n{lines}"),
    "project.milestone_line": Msg(
        en="`M-{number}` {name} — due {due:iso}", zh="`M-{number}` {name} — 截止 {due:md}"
    ),
    # A milestone still open after its due date (`/project info`, the digest).
    "milestone.missed": Msg(
        en=(" · :red_circle: *missed*, {n} day late", " · :red_circle: *missed*, {n} days late"),
        zh=" · :red_circle: *已错过*，晚了 {n} 天",
    ),
    "project.top_risks": Msg(en="*Top risks*\n{lines}", zh="*主要风险*\n{lines}"),
    "project.risk_line": Msg(
        en="`R-{number}` {title} — {score} ({band})", zh="`R-{number}` {title} — {score}（{band}）"
    ),
    "project.risk_line_occurred": Msg(
        en="`R-{number}` {title} — :fire: occurred", zh="`R-{number}` {title} — :fire: 已发生"
    ),
    "project.baseline_on": Msg(en="Baseline frozen {day:iso}", zh="基线已于 {day:md} 冻结"),
    "project.no_baseline": Msg(
        en="No baseline yet: `/project baseline` freezes today's plan.",
        zh="尚无基线：用 `/project baseline` 冻结当前计划。",
    ),
    "project.list_empty": Msg(
        en="No projects in this workspace yet. {example} starts one here.",
        zh="本工作区还没有项目。用 {example} 在此频道创建一个。",
    ),
    "project.list_open": Msg(en="Open projects", zh="进行中的项目"),
    "project.list_closed": Msg(en="Closed projects", zh="已关闭的项目"),
    "project.list_line": Msg(en="`{key}` {name} · {channel}", zh="`{key}` {name} · {channel}"),
    "project.closed_on_suffix": Msg(en=" · closed on {day}", zh=" · 于 {day} 关闭"),
    "project.milestone_added": Msg(
        en=":triangular_flag_on_post: `M-{number}` *{name}* due {due:iso} added to {key}.",
        zh=":triangular_flag_on_post: 已为 {key} 添加里程碑 `M-{number}` *{name}*，截止 {due:md}。",
    ),
    "project.milestone_done": Msg(
        en=":white_check_mark: `M-{number}` *{name}* is done.",
        zh=":white_check_mark: 里程碑 `M-{number}` *{name}* 已完成。",
    ),
    "project.members_title": Msg(en="*Members of {key}*", zh="*{key} 的成员*"),
    "project.member_line": Msg(
        en="{user} — {role}, {hours}/week", zh="{user} — {role}，每周 {hours}"
    ),
    "project.member_follows": Msg(en="{user} — {role}", zh="{user} — {role}"),
    "project.members_added": Msg(
        en=(
            ":busts_in_silhouette: {who} is now {role} of *{key}*.",
            ":busts_in_silhouette: {who} are now {role} of *{key}*.",
        ),
        zh=":busts_in_silhouette: {who} 现为 *{key}* 的{role}。",
    ),
    "project.members_already": Msg(
        en=(
            "{who} is already {role} of *{key}*; nothing changed.",
            "{who} are already {role} of *{key}*; nothing changed.",
        ),
        zh="{who} 已是 *{key}* 的{role}，没有变化。",
    ),
    "project.member_changed": Msg(
        en=":busts_in_silhouette: {user} was already in *{key}*: {changes}.",
        zh=":busts_in_silhouette: {user} 已在 *{key}* 中：{changes}。",
    ),
    "project.member_role_changed": Msg(en="role {old} → {new}", zh="角色 {old} → {new}"),
    "project.member_hours_changed": Msg(
        en="capacity {old} → {new} a week", zh="每周工时 {old} → {new}"
    ),
    "project.changes_both": Msg(en="{first}; {then}", zh="{first}；{then}"),
    # The role someone is given, with its article: "is now a member", "are now members".
    "project.now_role.owner": Msg(en=("an owner", "owners"), zh="负责人"),
    "project.now_role.member": Msg(en=("a member", "members"), zh="成员"),
    "project.now_role.stakeholder": Msg(en=("a stakeholder", "stakeholders"), zh="干系人"),
    "project.members_removed": Msg(
        en="Removed {who} from *{key}*.", zh="已将 {who} 移出 *{key}*。"
    ),
    "project.removed_still_owns": Msg(
        en=(
            ":warning: {user} still owns {n} open task: {refs}; reassign it with `/task assign T-{first} @name`.",
            ":warning: {user} still owns {n} open tasks: {refs}; reassign them with `/task assign T-{first} @name`.",
        ),
        zh=":warning: {user} 仍负责 {n} 个未完成的任务：{refs}；可用 `/task assign T-{first} @成员` 重新指派。",
    ),
    "project.baseline_set": Msg(
        en=(
            ":pushpin: Baseline of *{key}* frozen: {n} task and the milestones' dates are now "
            "the plan.",
            ":pushpin: Baseline of *{key}* frozen: {n} tasks and the milestones' dates are now "
            "the plan.",
        ),
        zh=":pushpin: *{key}* 的基线已冻结：{n} 个任务和各里程碑的日期现为计划基准。",
    ),
    "project.weekday.0": Msg(en="Mon", zh="周一"),
    "project.weekday.1": Msg(en="Tue", zh="周二"),
    "project.weekday.2": Msg(en="Wed", zh="周三"),
    "project.weekday.3": Msg(en="Thu", zh="周四"),
    "project.weekday.4": Msg(en="Fri", zh="周五"),
    "project.weekday.5": Msg(en="Sat", zh="周六"),
    "project.weekday.6": Msg(en="Sun", zh="周日"),
    "project.digest_dm": Msg(en="stakeholders by DM", zh="干系人（私信）"),
    "project.settings.title": Msg(en="Settings of {key}", zh="{key} 的设置"),
    "project.settings.updated": Msg(en="Settings of {key} updated", zh="{key} 的设置已更新"),
    "project.settings.dates": Msg(
        en="*Dates:* {dates} (`start:`, `end:`)", zh="*日期：* {dates}（`start:`、`end:`）"
    ),
    "project.settings.survey_sent": Msg(
        en=":information_source: The evaluation survey already went out on {day:iso}, when the "
        "old end date passed; a later end date doesn't send another.",
        zh=":information_source: 评估问卷已在原结束日期过后于 {day:md} 发出；推迟结束日期不会再发一次。",
    ),
    "project.settings.standup": Msg(
        en="*Standup:* {time} on {days} (reminder {reminder}, summary {summary})",
        zh="*站会：* {days} {time}（提醒 {reminder}，小结 {summary}）",
    ),
    "project.settings.digest": Msg(
        en="*Digest:* {day} {time} to {to}", zh="*周报：* {day} {time}，发送至{to}"
    ),
    "project.settings.alerts": Msg(
        en="*Alerts:* {alerts} · *Time zone:* {tz}", zh="*预警：* {alerts} · *时区：* {tz}"
    ),
    "project.settings.survey": Msg(en="*Survey:* {survey} answers", zh="*问卷：* {survey}作答"),
    "project.survey.named": Msg(en="named", zh="实名"),
    "project.survey.anonymous": Msg(en="anonymous", zh="匿名"),
    "project.settings.lang": Msg(
        en="*Language:* {lang} (`lang:en`, `lang:zh`)", zh="*语言：* {lang}（`lang:en`、`lang:zh`）"
    ),
    "project.settings.thresholds": Msg(
        en="*Thresholds:* green SPI/CPI ≥ {green}, red below {red}",
        zh="*阈值：* `SPI`/`CPI` ≥ {green} 为绿灯，低于 {red} 为红灯",
    ),
    "project.spent": Msg(
        en=":money_with_wings: {actor} spent {amount} on {note}",
        zh=":money_with_wings: {actor} 在「{note}」上花费了 {amount}",
    ),
    "project.spent_task": Msg(en=" (`T-{number}`)", zh="（`T-{number}`）"),
    "project.spent_share": Msg(
        en=". Spent so far: {total}, {share} of the budget.",
        zh="。累计花费：{total}，占预算的 {share}。",
    ),
    "project.spent_no_budget": Msg(
        en=". Spent so far: {total} (no budget set).", zh="。累计花费：{total}（未设预算）。"
    ),
    "project.close_question": Msg(
        en=(
            "Close {key}? Surveys go to {n} member",
            "Close {key}? Surveys go to {n} members",
        ),
        zh="关闭 {key}？问卷将发给 {n} 位成员",
    ),
    "project.close_explain": Msg(
        en="*{question}*\n*{name}* becomes read-only: its records stay, changes are refused, and "
        "`/project new` can start another project in this channel.",
        zh="*{question}*\n*{name}* 将变为只读：记录保留，不再接受修改；"
        "可用 `/project new` 在此频道开始新项目。",
    ),
    "project.close_confirm_title": Msg(en="Close the project?", zh="关闭项目？"),
    "project.close_confirm_text": Msg(
        en="{key} becomes read-only and the evaluation survey goes out.",
        zh="{key} 将变为只读，并发出评估问卷。",
    ),
    "project.close_button": Msg(en="Close project", zh="关闭项目"),
    "project.close_not_yet": Msg(en="Not yet", zh="暂不"),
    "project.closed_announce": Msg(
        en=":checkered_flag: {actor} closed *{key}*. Every member gets the evaluation survey "
        "(open until {closes}); the report follows when all have answered or it closes.",
        zh=":checkered_flag: {actor} 关闭了 *{key}*。每位成员都会收到评估问卷（截止 {closes}）；"
        "全部作答或截止后发布报告。",
    ),
    "project.close_done": Msg(
        en=(
            ":white_check_mark: Closed *{key}*. The survey goes to {n} member.",
            ":white_check_mark: Closed *{key}*. The survey goes to {n} members.",
        ),
        zh=":white_check_mark: 已关闭 *{key}*。问卷将发给 {n} 位成员。",
    ),
    # `/project close` after the end date passed: the survey already went out, closing sends none.
    "project.close_question_sent": Msg(
        en=(
            "Close {key}? The survey went out on {opened}; {n} of {asked} has answered",
            "Close {key}? The survey went out on {opened}; {n} of {asked} have answered",
        ),
        zh="关闭 {key}？问卷已于 {opened} 发出，已回答 {n}/{asked} 人",
    ),
    "project.close_question_over": Msg(
        en="Close {key}? The survey went out on {opened} and closed on {closes}; "
        "{n} of {asked} answered",
        zh="关闭 {key}？问卷已于 {opened} 发出，{closes} 截止，已回答 {n}/{asked} 人",
    ),
    "project.close_survey_open": Msg(
        en="Closing sends no new survey: this one stays open until {until}, and the report is "
        "posted when everyone has answered or it closes.",
        zh="关闭不会再发问卷：本次问卷开放至 {until}，全部作答或截止后发布报告。",
    ),
    "project.close_survey_over": Msg(en="Closing sends no new survey.", zh="关闭不会再发问卷。"),
    "project.close_confirm_text_sent": Msg(
        en="{key} becomes read-only; its evaluation survey already went out.",
        zh="{key} 将变为只读；评估问卷此前已发出。",
    ),
    "project.close_done_sent": Msg(
        en=(
            ":white_check_mark: Closed *{key}*. Its survey went out on {opened}; "
            "{n} of {asked} has answered.",
            ":white_check_mark: Closed *{key}*. Its survey went out on {opened}; "
            "{n} of {asked} have answered.",
        ),
        zh=":white_check_mark: 已关闭 *{key}*。问卷已于 {opened} 发出，已回答 {n}/{asked} 人。",
    ),
    "project.closed_announce_sent": Msg(
        en=":checkered_flag: {actor} closed *{key}*. Its evaluation survey went out on {opened} "
        "and is open until {until}; the report follows when all have answered or it closes.",
        zh=":checkered_flag: {actor} 关闭了 *{key}*。评估问卷已于 {opened} 发出，开放至 {until}；"
        "全部作答或截止后发布报告。",
    ),
    "project.closed_announce_over": Msg(
        en=":checkered_flag: {actor} closed *{key}*. Its evaluation survey went out on {opened} "
        "and closed on {closes}.",
        zh=":checkered_flag: {actor} 关闭了 *{key}*。评估问卷已于 {opened} 发出，已于 {closes} 截止。",
    ),
    "project.not_closed": Msg(en="Not closed.", zh="未关闭。"),
    "project.modal.title": Msg(en="New project", zh="新建项目"),
    "project.modal.create": Msg(en="Create", zh="创建"),
    "project.modal.name": Msg(en="Name", zh="名称"),
    "project.modal.key": Msg(
        en="Key (2–10 letters; left empty, one is made from the name)",
        zh="项目代号（2–10 个字母；留空则按名称生成）",
    ),
    "project.modal.goal": Msg(en="Goal", zh="目标"),
    "project.modal.scope": Msg(en="Scope", zh="范围"),
    "project.modal.start": Msg(en="Start", zh="开始日期"),
    "project.modal.end": Msg(en="End", zh="结束日期"),
    "project.modal.budget": Msg(en="Budget", zh="预算"),
    "project.modal.currency": Msg(en="Currency", zh="币种"),
    "project.modal.timezone": Msg(en="Time zone", zh="时区"),
    "project.modal.lang": Msg(en="Channel language", zh="频道语言"),
}

# The timeline: the picture's labels and the words around its upload.
MESSAGES |= {
    "project.chart.title": Msg(en="{key} · {name} — timeline", zh="{key} · {name} — 时间线"),
    "project.chart.title_of": Msg(
        en="{key} · {name} — timeline of {milestone}", zh="{key} · {name} — {milestone} 的时间线"
    ),
    "project.chart.today_at": Msg(en="today {day:md}", zh="今天 {day:md}"),
    "project.chart.no_milestone": Msg(en="No milestone", zh="无里程碑"),
    "project.chart.done_part": Msg(en="done (progress)", zh="已完成的部分"),
    "project.chart.to_do": Msg(en="to do", zh="待完成"),
    "project.chart.overdue": Msg(en="overdue", zh="已逾期"),
    "project.chart.finished": Msg(en="finished", zh="已完成"),
    "project.chart.baseline": Msg(en="baseline", zh="基线"),
    "project.chart.milestone": Msg(en="milestone", zh="里程碑"),
    "project.chart.depends_on": Msg(en="depends on", zh="依赖"),
    "project.chart.today": Msg(en="today", zh="今天"),
    "project.timeline.title": Msg(
        en="{key} timeline {start:iso} – {end:iso}", zh="{key} 时间线 {start:iso} – {end:iso}"
    ),
    "project.timeline.comment": Msg(
        en=(
            "{lead}Timeline of *{key}*, {start:md} – {end:md}: {n} task, {overdue} overdue.",
            "{lead}Timeline of *{key}*, {start:md} – {end:md}: {n} tasks, {overdue} overdue.",
        ),
        zh="{lead}*{key}* 的时间线，{start:md} – {end:md}：{n} 个任务，{overdue} 个逾期。",
    ),
    "project.timeline.undated": Msg(
        en=("{n} task without dates is not shown.", "{n} tasks without dates are not shown."),
        zh="另有 {n} 个任务没有日期，未显示。",
    ),
    "project.timeline.outside": Msg(
        en=(
            "{n} task outside these weeks is not shown.",
            "{n} tasks outside these weeks are not shown.",
        ),
        zh="另有 {n} 个任务不在这几周内，未显示。",
    ),
    "project.timeline.alt": Msg(
        en=(
            "Gantt chart of {key}: {n} task as bars from start to due date, grouped by "
            "milestone, progress filled, baseline outlined, dependencies as arrows, milestones "
            "as diamonds, today as a vertical line",
            "Gantt chart of {key}: {n} tasks as bars from start to due date, grouped by "
            "milestone, progress filled, baseline outlined, dependencies as arrows, milestones "
            "as diamonds, today as a vertical line",
        ),
        zh="{key} 的甘特图：{n} 个任务以条形显示（从开始到截止），按里程碑分组，"
        "填充表示进度，轮廓表示基线，箭头表示依赖，菱形表示里程碑，竖线表示今天",
    ),
    "project.timeline.empty_outside": Msg(
        en=(
            "No tasks of *{key}* fall in those weeks ({n} task lies outside them): try more "
            "`weeks:`, or none for the whole span.",
            "No tasks of *{key}* fall in those weeks ({n} tasks lie outside them): try more "
            "`weeks:`, or none for the whole span.",
        ),
        zh="*{key}* 在这几周内没有任务（{n} 个任务在范围之外）：试试加大 `weeks:`，"
        "或不带该选项查看全程。",
    ),
    "project.timeline.empty": Msg(
        en="No tasks with dates yet in *{key}*: the timeline draws tasks that have a due date "
        '(`/task add "Design schema" start:today due:friday`).',
        zh="*{key}* 还没有带日期的任务：时间线只绘制有截止日期的任务"
        '（`/task add "Design schema" start:today due:friday`）。',
    ),
    "project.timeline.drawing": Msg(
        en="Drawing the timeline of *{key}*…", zh="正在绘制 *{key}* 的时间线……"
    ),
    "project.timeline.asked": Msg(en="{user} asked for it. ", zh="{user} 请求了时间线。"),
    "project.report.title": Msg(en="{key} performance report", zh="{key} 绩效报告"),
    "project.report.exported": Msg(
        en="{user} exported the report of {key}.", zh="{user} 导出了 {key} 的报告。"
    ),
    "project.report.exporting": Msg(
        en="Exporting `{filename}` to this channel…", zh="正在把 `{filename}` 导出到此频道……"
    ),
}

# `/project help`.
MESSAGES |= {
    "project.help.title": Msg(en="{command} help", zh="{command} 帮助"),
    "project.help.intro": Msg(
        en="Run the project from this channel. `in:KEY` names a project from elsewhere.",
        zh="在此频道管理项目。用 `in:KEY` 指定其他频道的项目。",
    ),
    "project.help.new": Msg(
        en="start a project bound to this channel (its budget is in yuan unless `currency:USD`, `EUR`, `GBP` or `JPY` says otherwise; `lang:zh` writes its channel posts in Chinese)",
        zh="新建绑定此频道的项目（预算默认为人民币，可用 `currency:USD`、`EUR`、`GBP` 或 `JPY` 更改；`lang:zh` 让频道消息使用中文）",
    ),
    "project.help.info": Msg(
        en="goal, dates, % complete, schedule, milestones, top risks",
        zh="目标、日期、完成度、进度、里程碑、主要风险",
    ),
    "project.help.milestone": Msg(en="add a milestone", zh="添加里程碑"),
    "project.help.milestone_done": Msg(en="mark a milestone done", zh="将里程碑标记为完成"),
    "project.help.members_add": Msg(
        en="add people (roles: owner, member, stakeholder)",
        zh="添加成员（角色：`owner` 负责人、`member` 成员、`stakeholder` 干系人）",
    ),
    "project.help.members_remove": Msg(en="remove someone", zh="移除成员"),
    "project.help.members": Msg(en="list members", zh="查看成员"),
    "project.help.settings": Msg(
        en="change settings (owners); no options shows them",
        zh="修改设置（限项目负责人）；不带选项则显示当前设置",
    ),
    "project.help.settings_dates": Msg(
        en="move the project's dates (`start:`, `end:`; owners), e.g. to extend it",
        zh="修改项目日期（`start:`、`end:`；限项目负责人），例如延期",
    ),
    "project.help.baseline": Msg(
        en="freeze today's dates as the plan deviations are measured against",
        zh="把当前日期冻结为计划基线，偏差以此衡量",
    ),
    "project.help.spend": Msg(en="record a cost against the budget", zh="记录一笔预算内的支出"),
    "project.help.list": Msg(
        en="the workspace's projects: open ones, then closed ones with their close date",
        zh="本工作区的项目：先列进行中的，再列已关闭的及其关闭日期",
    ),
    "project.help.close": Msg(
        en="end the project (owners; asks first, naming who gets the evaluation survey). "
        "A closed project stays readable here; `new` starts another",
        zh="结束项目（限项目负责人；会先确认，并说明评估问卷发给谁）。"
        "关闭后仍可在此查看；用 `new` 开始新项目",
    ),
    "project.help.report": Msg(
        en="the performance report (final after close); `report csv` exports it",
        zh="绩效报告（关闭后为最终版）；`report csv` 导出",
    ),
    "project.help.timeline": Msg(
        en="a Gantt picture of the tasks (progress, baseline, dependencies, milestones, today); "
        "`weeks:N` shows N weeks from the later of the first start and 2 weeks ago, "
        "else the whole span",
        zh="任务甘特图（进度、基线、依赖、里程碑、今天）；`weeks:N` 从最早开始日期与两周前中"
        "较晚者起显示 N 周，否则显示全程",
    ),
}
