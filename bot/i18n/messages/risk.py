"""/risk: the register, its errors, cards, the matrix, escalations and the modal."""

from bot.i18n.catalog import Msg

_SCALE_EN = {
    "likelihood": "1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain",
    "impact": "1 insignificant, 2 minor, 3 moderate, 4 major, 5 severe",
}
_SCALE_ZH = {
    "likelihood": "1 罕见、2 不太可能、3 可能、4 很可能、5 几乎确定",
    "impact": "1 可忽略、2 较小、3 中等、4 重大、5 严重",
}

# Errors.
MESSAGES = {
    f"risk.bad_{key}": Msg(
        en=f"`{key}:{{text}}` is not on the scale: use 1–5 ({_SCALE_EN[key]}) "
        "or low/medium/high (2/3/4).",
        zh=f"`{key}:{{text}}` 不在刻度上：用 1–5（{_SCALE_ZH[key]}），"
        "或 `low`/`medium`/`high`（即 2/3/4）。",
    )
    for key in ("likelihood", "impact")
}
MESSAGES |= {
    "risk.title_broadcast": Msg(
        en="The risk title contains `{found}`, which would notify everyone; write it without the angle brackets.",
        zh="风险标题含有 `{found}`，会通知所有人；请去掉尖括号再写。",
    ),
    "risk.mitigation_broadcast": Msg(
        en="The mitigation contains `{found}`, which would notify everyone; write it without the angle brackets.",
        zh="应对措施含有 `{found}`，会通知所有人；请去掉尖括号再写。",
    ),
    "risk.reason_broadcast": Msg(
        en="The reason contains `{found}`, which would notify everyone; write it without the angle brackets.",
        zh="原因含有 `{found}`，会通知所有人；请去掉尖括号再写。",
    ),
    "risk.title_long": Msg(
        en="The risk title is {n} characters; keep it to {max}.",
        zh="风险标题有 {n} 个字符；请控制在 {max} 以内。",
    ),
    "risk.mitigation_long": Msg(
        en="The mitigation is {n} characters; keep it to {max}.",
        zh="应对措施有 {n} 个字符；请控制在 {max} 以内。",
    ),
    "risk.reason_long": Msg(
        en="The reason is {n} characters; keep it to {max}.",
        zh="原因有 {n} 个字符；请控制在 {max} 以内。",
    ),
    "risk.not_found": Msg(
        en="*{key}* has no risk R-{number}.", zh="*{key}* 中没有风险 R-{number}。"
    ),
    "risk.gone": Msg(en="That risk no longer exists.", zh="该风险已不存在。"),
    "risk.owner_not_member": Msg(
        en="<@{user}> can't own a risk in *{key}*: they are not a member. Risk owners are members "
        "or owners of the project (an owner adds people with `/project members add @bob`).",
        zh="<@{user}> 不能负责 *{key}* 的风险：对方不是项目成员。风险负责人须是项目成员或负责人"
        "（项目负责人可用 `/project members add @bob` 添加成员）。",
    ),
    "risk.owner_stakeholder": Msg(
        en="<@{user}> can't own a risk in *{key}*: they are a stakeholder. Risk owners are members "
        "or owners of the project (an owner adds people with `/project members add @bob`).",
        zh="<@{user}> 不能负责 *{key}* 的风险：对方是干系人。风险负责人须是项目成员或负责人"
        "（项目负责人可用 `/project members add @bob` 添加成员）。",
    ),
    "risk.only_owner": Msg(
        en="Only the owner of R-{number} ({holder}) or an owner of *{key}* ({owners}) can change it.",
        zh="只有 R-{number} 的负责人（{holder}）或 *{key}* 的项目负责人（{owners}）可以修改它。",
    ),
    "risk.only_owner_close": Msg(
        en="Only the owner of R-{number} ({holder}) or an owner of *{key}* ({owners}) can close it.",
        zh="只有 R-{number} 的负责人（{holder}）或 *{key}* 的项目负责人（{owners}）可以关闭它。",
    ),
    "risk.nobody": Msg(en="nobody", zh="无人"),
    "risk.review_past": Msg(
        en="The review date {day:iso} is in the past; pick today or later.",
        zh="复查日期 {day} 已过；请选今天或之后的日期。",
    ),
    "risk.nothing_to_change": Msg(
        en="Nothing to change on R-{number}: give what changes.",
        zh="R-{number} 没有需要修改的内容：请写明要改什么。",
    ),
    "risk.already": Msg(
        en="R-{number} is already {status}, so it can't be {doing}.",
        zh="R-{number} {status}，不能再{doing}。",
    ),
    "risk.already_why": Msg(
        en="R-{number} is already {status} ({why}), so it can't be {doing}.",
        zh="R-{number} {status}（{why}），不能再{doing}。",
    ),
    "risk.task_still_open": Msg(
        en="R-{number} occurred and T-{task}, which tracks it, is still {status}, so R-{number} "
        "can't be closed yet. Finish T-{task} first (`/task done T-{task}`, or `/task cancel "
        "T-{task}` if it is no longer needed); R-{number} then leaves Top risks, or close it.",
        zh="R-{number} 已发生，跟踪它的 T-{task} 仍{status}，所以暂不能关闭 R-{number}。"
        "请先完成 T-{task}（`/task done T-{task}`；不再需要则 `/task cancel T-{task}`），"
        "之后 R-{number} 会移出重点风险，也可以将其关闭。",
    ),
    "risk.not_occurred": Msg(
        en="R-{number} is {status}, not occurred; no task was made.",
        zh="R-{number} 状态为{status}，并未发生；没有创建任务。",
    ),
    "risk.already_tracked": Msg(
        en="T-{task} already tracks R-{number}.", zh="T-{task} 已在跟踪 R-{number}。"
    ),
    "risk.bad_option": Msg(
        en="`{key}:` is not an option here. Options: {options}; put text with a colon in quotes.",
        zh="这里没有 `{key}:` 选项。可用选项：{options}；含冒号的文字请加引号。",
    ),
    "risk.say_which": Msg(en="Say which risk to {verb}.", zh="请说明要{verb}哪个风险。"),
    "risk.one_owner": Msg(
        en="A risk has one owner; name one.", zh="一个风险只有一位负责人；请只写一位。"
    ),
    "risk.say_what_changes": Msg(
        en="Say what changes on R-{number}.", zh="请说明 R-{number} 要改什么。"
    ),
    "risk.give_plan": Msg(en="Give the mitigation plan.", zh="请写出应对措施。"),
    "risk.bad_list": Msg(
        en="`list {which}`? Use open, mine or all.",
        zh="`list {which}`？请用 `open`、`mine` 或 `all`。",
    ),
    "risk.broken_button": Msg(en="That button is broken.", zh="该按钮已失效。"),
}

# Verbs and states named inside other messages.
MESSAGES |= {
    "risk.verb.show": Msg(en="show", zh="查看"),
    "risk.verb.update": Msg(en="update", zh="修改"),
    "risk.verb.mitigate": Msg(en="mitigate", zh="设置应对措施"),
    "risk.verb.close": Msg(en="close", zh="关闭"),
    "risk.verb.occurred": Msg(en="mark occurred", zh="标记为已发生"),
    "risk.doing.changed": Msg(en="changed", zh="修改"),
    "risk.doing.closed": Msg(en="closed", zh="关闭"),
    "risk.doing.occurred": Msg(en="marked occurred", zh="标记为已发生"),
    "risk.status.open": Msg(en="open", zh="未关闭"),
    "risk.status.closed": Msg(en="closed", zh="已关闭"),
    "risk.status.occurred": Msg(en="occurred", zh="已发生"),
    "risk.band.critical": Msg(en="critical", zh="极高"),
    "risk.band.high": Msg(en="high", zh="高"),
    "risk.band.medium": Msg(en="medium", zh="中"),
    "risk.band.low": Msg(en="low", zh="低"),
    "risk.likelihood.1": Msg(en="rare", zh="罕见"),
    "risk.likelihood.2": Msg(en="unlikely", zh="不太可能"),
    "risk.likelihood.3": Msg(en="possible", zh="可能"),
    "risk.likelihood.4": Msg(en="likely", zh="很可能"),
    "risk.likelihood.5": Msg(en="almost certain", zh="几乎确定"),
    "risk.impact.1": Msg(en="insignificant", zh="可忽略"),
    "risk.impact.2": Msg(en="minor", zh="较小"),
    "risk.impact.3": Msg(en="moderate", zh="中等"),
    "risk.impact.4": Msg(en="major", zh="重大"),
    "risk.impact.5": Msg(en="severe", zh="严重"),
    "risk.short_impact.1": Msg(en="insignif.", zh="可忽略"),
    "risk.field.title": Msg(en="title", zh="标题"),
    "risk.field.mitigation": Msg(en="mitigation", zh="应对措施"),
    "risk.field.likelihood": Msg(en="likelihood", zh="可能性"),
    "risk.field.impact": Msg(en="impact", zh="影响"),
    "risk.field.score": Msg(en="score", zh="分值"),
    "risk.field.band": Msg(en="band", zh="等级"),
    "risk.field.owner": Msg(en="owner", zh="负责人"),
    "risk.field.review": Msg(en="review", zh="复查日期"),
    "risk.field.status": Msg(en="status", zh="状态"),
    "risk.field.close_reason": Msg(en="close reason", zh="关闭原因"),
    "risk.field.task": Msg(en="task", zh="任务"),
}

# Cards and replies.
MESSAGES |= {
    "risk.scored": Msg(en="{emoji} *{score}* ({band})", zh="{emoji} *{score}*（{band}）"),
    "risk.levels": Msg(
        en="likelihood {likelihood} ({lname}) × impact {impact} ({iname})",
        zh="可能性 {likelihood}（{lname}）× 影响 {impact}（{iname}）",
    ),
    "risk.line": Msg(
        en="{scored} `R-{number}` {title} — {owner}{review}{state}",
        zh="{scored} `R-{number}` {title} — {owner}{review}{state}",
    ),
    "risk.line_review": Msg(en=" · review {day:iso}", zh=" · 复查 {day:md}"),
    "risk.line_state": Msg(en=" _({status})_", zh=" _（{status}）_"),
    "risk.nobody_owner": Msg(en="_nobody_", zh="_无人_"),
    "risk.told_channel": Msg(
        en=":rotating_light: Critical: announced in <#{channel}>.",
        zh=":rotating_light: 极高风险：已在 <#{channel}> 通告。",
    ),
    "risk.announced_in": Msg(
        en="Posted in <#{channel}> for the team.", zh="已发到 <#{channel}>，告知团队。"
    ),
    "risk.told_users": Msg(
        en=":rotating_light: Critical: {users} told by DM.",
        zh=":rotating_light: 极高风险：已私信通知 {users}。",
    ),
    "risk.told_nobody": Msg(
        en=":rotating_light: Critical, but *no stakeholders* to tell: "
        "`/project members add @x role:stakeholder`.",
        zh=":rotating_light: 极高风险，但 *没有干系人* 可通知：`/project members add @x role:stakeholder`。",
    ),
    "risk.added": Msg(
        en=":warning: {actor} added `R-{number}` *{title}* to {key}",
        zh=":warning: {actor} 在 {key} 中登记了 `R-{number}` *{title}*",
    ),
    "risk.added_score": Msg(
        en="Score {scored} · {levels} · owner {owner}",
        zh="分值 {scored} · {levels} · 负责人 {owner}",
    ),
    "risk.mitigation_line": Msg(en="*Mitigation:* {text}", zh="*应对措施：* {text}"),
    "risk.review_line": Msg(en="*Review:* {day:iso}", zh="*复查：* {day}"),
    "risk.review_on": Msg(en="{day:iso}", zh="{day}"),
    "risk.review_none": Msg(
        en="*Review:* _no date — add one with_ `review:DATE`",
        zh="*复查：* _未设日期，可用_ `review:DATE` _添加_",
    ),
    "risk.added_text": Msg(
        en="R-{number} {title}: score {score} ({band}), owner {owner}",
        zh="R-{number} {title}：分值 {score}（{band}），负责人 {owner}",
    ),
    "risk.change_owner": Msg(en="owner {old} → {new}", zh="负责人 {old} → {new}"),
    "risk.change_text": Msg(en="{field} → “{new}”", zh="{field} → “{new}”"),
    "risk.change_value": Msg(en="{field} {old} → {new}", zh="{field} {old} → {new}"),
    "risk.changed": Msg(
        en=":pencil2: {actor} updated `R-{number}` *{title}*: {what}",
        zh=":pencil2: {actor} 修改了 `R-{number}` *{title}*：{what}",
    ),
    "risk.now": Msg(en="Now {scored} · {levels}", zh="当前 {scored} · {levels}"),
    "risk.closed": Msg(
        en=":white_check_mark: {actor} closed `R-{number}` *{title}*",
        zh=":white_check_mark: {actor} 关闭了 `R-{number}` *{title}*",
    ),
    "risk.closed_why": Msg(
        en=":white_check_mark: {actor} closed `R-{number}` *{title}*: {why}",
        zh=":white_check_mark: {actor} 关闭了 `R-{number}` *{title}*：{why}",
    ),
    "risk.occurred": Msg(
        en=":boom: `R-{number}` *{title}* has occurred — it is now an issue ({actor}).",
        zh=":boom: `R-{number}` *{title}* 已发生，现已成为问题（{actor}）。",
    ),
    "risk.make_task": Msg(en="Create a blocked task", zh="创建受阻任务"),
    "risk.task_would_be": Msg(
        en="The task would be owned by {owner} and linked to R-{number}.",
        zh="任务将由 {owner} 负责，并关联到 R-{number}。",
    ),
    "risk.task_made": Msg(
        en=":boom: `R-{number}` *{title}* has occurred. {actor} created `T-{task}` "
        "(blocked, owner {owner}): {reason}",
        zh=":boom: `R-{number}` *{title}* 已发生。{actor} 创建了 `T-{task}`"
        "（受阻，负责人 {owner}）：{reason}",
    ),
    "risk.task_reason": Msg(
        en="Risk R-{number} occurred: {title}", zh="风险 R-{number} 已发生：{title}"
    ),
    "risk.list_title.open": Msg(en="Open risks of {key}", zh="{key} 的未关闭风险"),
    "risk.list_title.mine": Msg(en="My open risks of {key}", zh="{key} 中我负责的未关闭风险"),
    "risk.list_title.all": Msg(en="All risks of {key}", zh="{key} 的全部风险"),
    "risk.list_text": Msg(en="{title}: {n}", zh="{title}：{n}"),
    "risk.empty.open": Msg(
        en="No open risks in *{key}*. Add one with `/risk add …`",
        zh="*{key}* 没有未关闭的风险。可用 `/risk add …` 登记。",
    ),
    "risk.empty.mine": Msg(
        en="You own no open risks in *{key}*.", zh="你在 *{key}* 中没有负责的未关闭风险。"
    ),
    "risk.empty.all": Msg(
        en="No risks yet in *{key}*. Add one with `/risk add …`",
        zh="*{key}* 还没有风险。可用 `/risk add …` 登记。",
    ),
    "risk.empty_closed.open": Msg(en="No open risks in *{key}*.", zh="*{key}* 没有未关闭的风险。"),
    "risk.empty_closed.all": Msg(en="No risks in *{key}*.", zh="*{key}* 没有风险。"),
    "risk.more": Msg(en="{n} more not shown · ", zh="另有 {n} 个未显示 · "),
    "risk.bands": Msg(
        en="by score: low 1–4, medium 5–9, high 10–16, critical 20–25",
        zh="按分值：低 1–4，中 5–9，高 10–16，极高 20–25",
    ),
    "risk.history_added": Msg(en="{at} {actor} added it", zh="{at} {actor} 登记了此风险"),
    "risk.history_set": Msg(
        en="{at} {actor} set {field} {value}", zh="{at} {actor} 将{field}设为 {value}"
    ),
    "risk.history_change": Msg(en="{at} {actor}: {change}", zh="{at} {actor}：{change}"),
    "risk.quoted": Msg(en="“{text}”", zh="“{text}”"),
    "risk.show_score": Msg(en="Score {scored} · {levels}", zh="分值 {scored} · {levels}"),
    "risk.show_status": Msg(
        en="*Status:* {status}{why} · *Owner:* {owner} · *Review:* {review}",
        zh="*状态：* {status}{why} · *负责人：* {owner} · *复查：* {review}",
    ),
    "risk.show_mitigation_none": Msg(en="*Mitigation:* _none yet_", zh="*应对措施：* _暂无_"),
    "risk.show_task": Msg(en="*Task:* `T-{task}`", zh="*任务：* `T-{task}`"),
    "risk.show_escalated": Msg(en="*Escalated:* {at}", zh="*已升级：* {at}"),
    "risk.history": Msg(en="*History*", zh="*历史*"),
    "risk.history_none": Msg(en="_nothing yet_", zh="_暂无_"),
    "risk.show_header": Msg(en="R-{number} · {title}", zh="R-{number} · {title}"),
    "risk.show_text": Msg(en="R-{number} {title}", zh="R-{number} {title}"),
    "risk.matrix_title": Msg(en="Risk matrix of {key}", zh="{key} 的风险矩阵"),
    "risk.matrix_text": Msg(
        en="Risk matrix of {key}: {n} open", zh="{key} 的风险矩阵：{n} 个未关闭"
    ),
    "risk.matrix_none": Msg(en="_No open risks._", zh="_没有未关闭的风险。_"),
    "risk.matrix_note": Msg(
        en="The heat map follows as an image. Score = likelihood × impact.",
        zh="热力图随后以图片发送。分值 = 可能性 × 影响。",
    ),
    "risk.grid_impact": Msg(en="impact →", zh="影响 →"),
    "risk.grid_likelihood": Msg(en="likelihood ↑", zh="可能性 ↑"),
    "risk.chart_impact": Msg(en="Impact", zh="影响"),
    "risk.chart_likelihood": Msg(en="Likelihood", zh="可能性"),
    "risk.chart_title": Msg(en="Risk matrix", zh="风险矩阵"),
    "risk.chart_more": Msg(en="+{n} more", zh="另 {n} 个"),
    "risk.chart_alt": Msg(
        en="{title}: likelihood by impact, each open risk's ref in its cell",
        zh="{title}：按可能性与影响排列，每个未关闭风险的编号位于其格中",
    ),
    "risk.escalation": Msg(
        en=":rotating_light: Critical risk in *{key}*: `{ref}` *{title}* — score {score}",
        zh=":rotating_light: *{key}* 出现极高风险：`{ref}` *{title}* — 分值 {score}",
    ),
    "risk.escalation_levels": Msg(
        en="Likelihood {likelihood} ({lname}) × impact {impact} ({iname}) · owner {owner} · "
        "raised by {actor}",
        zh="可能性 {likelihood}（{lname}）× 影响 {impact}（{iname}）· 负责人 {owner} · 提出人 {actor}",
    ),
}

# The modal.
MESSAGES |= {
    "risk.modal_title": Msg(en="New risk · {key}", zh="新风险 · {key}"),
    "risk.modal_submit": Msg(en="Add", zh="添加"),
    "risk.modal_cancel": Msg(en="Cancel", zh="取消"),
    "risk.modal_risk": Msg(en="Risk", zh="风险"),
    "risk.modal_placeholder": Msg(en="Payment vendor API may slip", zh="支付供应商接口可能延期"),
    "risk.modal_likelihood": Msg(en="Likelihood", zh="可能性"),
    "risk.modal_impact": Msg(en="Impact", zh="影响"),
    "risk.modal_owner": Msg(
        en="Owner (a member; you if empty)", zh="负责人（项目成员；留空则为你）"
    ),
    "risk.modal_mitigation": Msg(en="Mitigation plan", zh="应对措施"),
    "risk.modal_review": Msg(en="Review on", zh="复查日期"),
    "risk.option": Msg(en="{i} · {name}", zh="{i} · {name}"),
}

# Help.
MESSAGES |= {
    "risk.help_title": Msg(en="`/risk` help", zh="`/risk` 帮助"),
    "risk.help.add": Msg(
        en="register a risk (members); owners are members, not stakeholders",
        zh="登记风险（成员可用）；负责人须是成员，不能是干系人",
    ),
    "risk.help.list": Msg(
        en="risks by score with their band; `all` includes closed ones",
        zh="按分值列出风险及等级；`all` 包括已关闭的",
    ),
    "risk.help.show": Msg(en="one risk with its history", zh="查看单个风险及其历史"),
    "risk.help.update": Msg(en="re-score or reassign", zh="重新评分或更换负责人"),
    "risk.help.mitigate": Msg(en="set the mitigation plan", zh="设置应对措施"),
    "risk.help.close": Msg(en="close it, with a reason", zh="关闭风险并注明原因"),
    "risk.help.occurred": Msg(
        en="it became an issue; offers a blocked task linked to it",
        zh="风险已成为问题；可创建关联的受阻任务",
    ),
    "risk.help.matrix": Msg(
        en="the 5×5 likelihood × impact grid, as text and as a heat map",
        zh="5×5 可能性 × 影响矩阵，文字版和热力图",
    ),
    "risk.help_intro": Msg(
        en=f"*Likelihood:* {_SCALE_EN['likelihood']}. *Impact:* {_SCALE_EN['impact']}. "
        'Both also take low/medium/high (2/3/4); `likelihood:"almost certain"` needs quotes. '
        "Score = likelihood × impact: low 1–4, medium 5–9, high 10–16, critical 20–25 "
        "(critical risks are announced to the project's stakeholders). "
        "`in:KEY` names a project from elsewhere.",
        zh=f"*可能性：* {_SCALE_ZH['likelihood']}。*影响：* {_SCALE_ZH['impact']}。"
        '两者也可写 `low`/`medium`/`high`（2/3/4）或 低/中/高；`likelihood:"almost certain"` 需加引号。'
        "分值 = 可能性 × 影响：低 1–4，中 5–9，高 10–16，极高 20–25（极高风险会通告项目干系人）。"
        "`in:KEY` 可指定其他频道的项目。",
    ),
}
