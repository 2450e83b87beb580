"""/resource: claims, refusals, the weekly load and the claim modal.

English keeps ISO dates (`2026-12-07`), Chinese says the day (`12月7日 周一`): a placeholder's
format may differ between the languages, its name may not.
"""

from bot.i18n.catalog import Msg

# Errors.
MESSAGES = {
    "resource.person_kind": Msg(
        en="People become resources when they are made members.",
        zh="成员加入项目后即自动成为资源。",
    ),
    "resource.not_both": Msg(
        en="Claim a resource or a person, not both.", zh="请预订一项资源或一个人，不能两者都选。"
    ),
    "resource.not_member": Msg(
        en="<@{user}> is not a member of *{key}*.", zh="<@{user}> 不是 *{key}* 的成员。"
    ),
    "resource.say_what": Msg(en="Say what to claim.", zh="请说明要预订什么。"),
    "resource.say_which": Msg(en="Say which claim to release.", zh="请说明要释放哪项预订。"),
    "resource.bad_kind": Msg(
        en="`{kind}` is not a kind; use one of {kinds}.",
        zh="`{kind}` 不是有效类型；请用其中之一：{kinds}。",
    ),
    "resource.bad_capacity": Msg(
        en="Capacity is hours per week, more than 0 and at most 168.",
        zh="容量是每周小时数，须大于 0 且不超过 168。",
    ),
    "resource.exists": Msg(
        en="A resource named *{name}* exists already.", zh="名为 *{name}* 的资源已存在。"
    ),
    "resource.not_found": Msg(
        en="There is no resource named *{name}*. Add it first.",
        zh="没有名为 *{name}* 的资源。请先添加。",
    ),
    "resource.window_backwards": Msg(
        en="The window ends ({end:iso}) before it starts ({start:iso}).",
        zh="结束日期（{end}）早于开始日期（{start}）。",
    ),
    "resource.no_working_days": Msg(
        en="That window has no working days (Monday–Friday).",
        zh="该时间段内没有工作日（周一至周五）。",
    ),
    "resource.no_hours": Msg(en="A claim needs more than 0 hours.", zh="预订时长须大于 0 小时。"),
    "resource.claim_not_found": Msg(
        en="*{key}* has no claim C-{number}.", zh="*{key}* 中没有预订 C-{number}。"
    ),
    "resource.already_released": Msg(
        en="C-{number} was already released.", zh="C-{number} 已经释放过了。"
    ),
    "resource.refused": Msg(
        en="*{name}* can't take {hours} h between {start:iso} and {end:iso}: it has {capacity} h "
        "a week, and the week of {week:iso} would need {need} h.{held}\n{fit}",
        zh="*{name}* 在 {start} 至 {end} 之间无法再预订 {hours} 小时：它每周只有 {capacity} 小时，"
        "而 {week} 那一周将需要 {need} 小时。{held}\n{fit}",
    ),
    "resource.held_by": Msg(en="\nHeld by: {holders}", zh="\n当前预订：{holders}"),
    "resource.holder": Msg(
        en="`C-{number}` ({key}) <@{user}> {start:iso}–{end:iso}, {hours} h",
        zh="`C-{number}`（{key}）<@{user}> {start:md}–{end:md}，{hours} 小时",
    ),
    "resource.and": Msg(en="{first}; {rest}", zh="{first}；{rest}"),
    "resource.next_fit": Msg(
        en="Next window that fits: {start:iso} – {end:iso}.",
        zh="下一个可用时段：{start} 至 {end}。",
    ),
    "resource.no_fit": Msg(
        en="No window of that length fits in the next year.",
        zh="未来一年内没有同样长度的可用时段。",
    ),
}

# Kinds.
MESSAGES |= {
    "resource.kind.person": Msg(en="person", zh="人员"),
    "resource.kind.equipment": Msg(en="equipment", zh="设备"),
    "resource.kind.room": Msg(en="room", zh="会议室"),
    "resource.kind.licence": Msg(en="licence", zh="许可证"),
}

# Replies.
MESSAGES |= {
    "resource.added": Msg(
        en=":package: {name} ({kind}, {capacity} h/week) can now be claimed.",
        zh=":package: {name}（{kind}，每周 {capacity} 小时）现在可以预订了。",
    ),
    "resource.claimed": Msg(
        en=":calendar: `C-{number}` <@{user}> claimed {name}{task}, {start:iso} – {end:iso}, {hours} h.",
        zh=":calendar: `C-{number}` <@{user}> 预订了 {name}{task}，{start} 至 {end}，{hours} 小时。",
    ),
    "resource.for_task": Msg(en=" for `T-{task}`", zh="（用于 `T-{task}`）"),
    "resource.over": Msg(
        en="\n:warning: Over-allocated: {weeks}.", zh="\n:warning: 超额分配：{weeks}。"
    ),
    "resource.over_week": Msg(
        en="week of {week:iso} ({hours} h of {capacity})",
        zh="{week:md} 那一周（{hours} 小时，容量 {capacity}）",
    ),
    "resource.released": Msg(en="`C-{number}` released.", zh="`C-{number}` 已释放。"),
    "resource.no_claims": Msg(
        en="*{key}* holds no claims. `/resource claim NAME from:DATE to:DATE` makes one.",
        zh="*{key}* 没有任何预订。可用 `/resource claim NAME from:DATE to:DATE` 新建。",
    ),
    "resource.claims_title": Msg(en="*Claims of {key}*", zh="*{key} 的资源预订*"),
    "resource.claim_line": Msg(
        en="`C-{number}` {name} {start:iso} – {end:iso}, {hours} h, by <@{user}>{over}",
        zh="`C-{number}` {name} {start:md} 至 {end:md}，{hours} 小时，预订人 <@{user}>{over}",
    ),
    "resource.over_flag": Msg(en=" :warning: over-allocated", zh=" :warning: 超额分配"),
    "resource.load_title": Msg(
        en="Load of {key}, week of {week:iso}", zh="{key} 的负荷（{week:md} 那一周）"
    ),
    "resource.load_text": Msg(
        en="Load of {key}, week of {week:iso}: {n} over-allocated",
        zh="{key} 的负荷（{week:md} 那一周）：{n} 项超额分配",
    ),
    "resource.load_over": Msg(en=" :warning: *over*", zh=" :warning: *超额*"),
    "resource.load_detail": Msg(en="{total} / {capacity} h", zh="{total} / {capacity} 小时"),
    "resource.load_person": Msg(
        en=" (claimed {claimed}, tasks {assigned})", zh="（预订 {claimed}，任务 {assigned}）"
    ),
    "resource.load_none": Msg(en="_No members or resources yet._", zh="_还没有成员或资源。_"),
    "resource.load_note": Msg(
        en="Hours claimed, and what is left of each person's open tasks in every project, spread "
        "over the working days from today (or the task's start) to its due date; overdue work "
        "counts this week. Against capacity, less days away.",
        zh="已预订的小时数，加上每人在所有项目中未完成任务的剩余估时（按今天或任务开始日至截止日的工作日平摊；"
        "逾期的工作计入本周），对比扣除请假天数后的容量。",
    ),
}

# The claim modal.
MESSAGES |= {
    "resource.modal_title": Msg(en="Claim · {key}", zh="预订资源 · {key}"),
    "resource.modal_submit": Msg(en="Claim", zh="预订"),
    "resource.modal_cancel": Msg(en="Cancel", zh="取消"),
    "resource.modal_resource": Msg(
        en="Resource (equipment, room, licence)", zh="资源（设备、会议室、许可证）"
    ),
    "resource.modal_resource_hint": Msg(en="projector", zh="投影仪"),
    "resource.modal_person": Msg(en="…or a person", zh="……或一个人"),
    "resource.modal_task": Msg(en="For task", zh="用于任务"),
    "resource.modal_from": Msg(en="From", zh="开始"),
    "resource.modal_to": Msg(en="To (the same day if empty)", zh="结束（留空则为同一天）"),
    "resource.modal_hours": Msg(
        en="Hours (the window's working hours if empty)", zh="小时数（留空则为该时段的工作时长）"
    ),
}

# Help.
MESSAGES |= {
    "resource.help_title": Msg(en="`/resource` help", zh="`/resource` 帮助"),
    "resource.help_intro": Msg(
        en="Capacity is hours per week; claims spread evenly over working days.",
        zh="容量是每周小时数；预订时长平均分摊到各工作日。",
    ),
    "resource.help.add": Msg(
        en="a resource that can be claimed (members are people automatically)",
        zh="添加可预订的资源（成员自动成为人员资源）",
    ),
    "resource.help.claim": Msg(
        en="claim hours of a resource or @person", zh="预订某项资源或某人的工时"
    ),
    "resource.help.release": Msg(en="give a claim back", zh="释放一项预订"),
    "resource.help.list": Msg(en="the project's claims", zh="项目的资源预订"),
    "resource.help.load": Msg(
        en="hours claimed and assigned per resource and person against capacity",
        zh="每项资源和每个人已预订、已分配的小时数对比容量",
    ),
}
