"""/task and who may change a project (`access.*`): errors, replies, the card, the list, the modal."""

from bot.i18n.catalog import Msg

# Who may do what (bot/services/access.py). `access.do.*` is what was refused, said after "can".
MESSAGES = {
    "access.members_only": Msg(
        en="Only members of *{key}* can {doing}. Ask an owner ({owners}) to add you with `/project members add`.",
        zh="只有 *{key}* 的成员才能{doing}。请项目负责人（{owners}）用 `/project members add` 把你加进来。",
    ),
    "access.stakeholders_follow": Msg(
        en="You follow *{key}* as a stakeholder, so you can't {doing}. "
        "An owner ({owners}) can make you a member with `/project members add` and `role:member`.",
        zh="你是 *{key}* 的干系人，可以关注进展，但不能{doing}。"
        "项目负责人（{owners}）可用 `/project members add` 加 `role:member` 把你设为成员。",
    ),
    "access.owners_only": Msg(
        en="Only an owner of *{key}* can {doing}. Owners: {owners}.",
        zh="只有 *{key}* 的项目负责人才能{doing}。项目负责人：{owners}。",
    ),
    "access.nobody": Msg(en="nobody", zh="无"),
    "access.cannot_own": Msg(
        en="<@{user}> is {role}, so can't own {thing}. An owner adds people with `/project members add`.",
        zh="<@{user}> {role}，不能负责{thing}。项目负责人可用 `/project members add` 添加成员。",
    ),
    "access.not_member_of": Msg(en="not a member of *{key}*", zh="不是 *{key}* 的成员"),
    "access.stakeholder_of": Msg(en="a stakeholder of *{key}*", zh="是 *{key}* 的干系人"),
    "access.thing.task": Msg(en="a task", zh="任务"),
    "access.thing.risk": Msg(en="a risk", zh="风险"),
    "access.do.add_tasks": Msg(en="add tasks", zh="添加任务"),
    "access.do.create_tasks": Msg(en="create tasks", zh="创建任务"),
    "access.do.start_tasks": Msg(en="start tasks", zh="开始任务"),
    "access.do.update_progress": Msg(en="update progress", zh="更新进度"),
    "access.do.finish_tasks": Msg(en="finish tasks", zh="完成任务"),
    "access.do.reopen_tasks": Msg(en="reopen tasks", zh="重新打开任务"),
    "access.do.block_tasks": Msg(en="block tasks", zh="标记任务受阻"),
    "access.do.unblock_tasks": Msg(en="unblock tasks", zh="解除任务受阻"),
    "access.do.log_effort": Msg(en="log effort", zh="登记工时"),
    "access.do.edit_tasks": Msg(en="edit tasks", zh="编辑任务"),
    "access.do.change_dependencies": Msg(en="change dependencies", zh="修改依赖关系"),
    "access.do.reassign_task": Msg(en="reassign {ref}", zh="改派 {ref}"),
    "access.do.move_due": Msg(en="move the due date of {ref}", zh="修改 {ref} 的截止日期"),
    "access.do.cancel_task": Msg(en="cancel {ref}", zh="取消 {ref}"),
    "access.do.delete_task": Msg(en="delete {ref}", zh="删除 {ref}"),
    "access.do.add_risks": Msg(en="add risks", zh="添加风险"),
    "access.do.add_or_finish_milestones": Msg(en="add or finish milestones", zh="添加或完成里程碑"),
    "access.do.change_members": Msg(en="change members", zh="修改成员"),
    "access.do.change_settings": Msg(en="change settings", zh="修改设置"),
    "access.do.set_the_baseline": Msg(en="set the baseline", zh="设置基线"),
    "access.do.record_spending": Msg(en="record spending", zh="记录支出"),
    "access.do.add_resources": Msg(en="add resources", zh="添加资源"),
    "access.do.claim_resources": Msg(en="claim resources", zh="预订资源"),
    "access.do.release_claims": Msg(en="release claims", zh="释放预订"),
    "access.do.close_the_project": Msg(en="close the project", zh="关闭项目"),
}

# Mistakes in a task: the services' and the commands' refusals.
MESSAGES |= {
    "task.title_missing": Msg(en="The task needs a title.", zh="任务需要一个标题。"),
    "task.title_too_long": Msg(
        en="The title is {length} characters; keep it to {max}.",
        zh="标题有 {length} 个字符，请控制在 {max} 个以内。",
    ),
    "task.title_broadcast": Msg(
        en="A task title can't notify everyone (`&lt;!{word}&gt;`); leave that out.",
        zh="任务标题不能通知所有人（`&lt;!{word}&gt;`），请去掉它。",
    ),
    "task.bad_priority": Msg(en="`{value}` is not a priority.", zh="`{value}` 不是有效的优先级。"),
    "task.negative_estimate": Msg(en="An estimate can't be negative.", zh="预估工时不能为负数。"),
    "task.due_before_start": Msg(
        en="The due date {due:iso} is before the start {start:iso}.",
        zh="截止日期 {due:md} 早于开始日期 {start:md}。",
    ),
    "task.not_found": Msg(
        en="*{key}* has no task T-{number}.", zh="*{key}* 中没有任务 T-{number}。"
    ),
    "task.gone": Msg(en="That task no longer exists.", zh="该任务已不存在。"),
    "task.only_owner_or_lead": Msg(
        en="Only the owner of T-{number} (<@{owner}>) or a project owner ({owners}) can {doing}.",
        zh="只有 T-{number} 的负责人（<@{owner}>）或项目负责人（{owners}）才能{doing}。",
    ),
    "task.canceled_reopen_first": Msg(
        en="T-{number} is canceled; reopen it first.", zh="T-{number} 已取消，请先重新打开。"
    ),
    "task.done_reopen_first": Msg(
        en="T-{number} is done; reopen it first.", zh="T-{number} 已完成，请先重新打开。"
    ),
    "task.blocked_unblock_first": Msg(
        en="T-{number} is blocked ({reason}); unblock it first.",
        zh="T-{number} 受阻（{reason}），请先解除受阻。",
    ),
    "task.already_in_progress": Msg(
        en="T-{number} is already in progress.", zh="T-{number} 已在进行中。"
    ),
    "task.waits_on": Msg(
        en=":warning: T-{number} waits on {refs}, still open.",
        zh=":warning: T-{number} 还在等待 {refs}，它们尚未完成。",
    ),
    "task.due_before_predecessor": Msg(
        en=":warning: {ref} is due {due:iso}, before {other}, which it waits on, is due ({other_due:iso}).",
        zh=":warning: {ref} 的截止日期 {due:md} 早于它所等待的 {other} 的截止日期（{other_due:md}）。",
    ),
    "task.due_after_successor": Msg(
        en=":warning: {ref} is due {due:iso}, after {other}, which waits on it, is due ({other_due:iso}).",
        zh=":warning: {ref} 的截止日期 {due:md} 晚于等待它的 {other} 的截止日期（{other_due:md}）。",
    ),
    "task.progress_range": Msg(
        en="`{percent}%` is out of range; use 0 to 100%.",
        zh="`{percent}%` 超出范围，请填 0 到 100%。",
    ),
    "task.already_done": Msg(en="T-{number} is already done.", zh="T-{number} 已经完成。"),
    "task.not_done": Msg(
        en="T-{number} isn't done, so there is nothing to reopen.",
        zh="T-{number} 尚未完成，无需重新打开。",
    ),
    "task.block_reason_missing": Msg(en="Say what blocks it.", zh="请说明受阻的原因。"),
    "task.reason_too_long": Msg(
        en="Keep the reason to {max} characters.", zh="原因请控制在 {max} 个字符以内。"
    ),
    "task.not_blocked": Msg(en="T-{number} isn't blocked.", zh="T-{number} 没有受阻。"),
    "task.due_before_its_start": Msg(
        en="{due:iso} is before T-{number} starts ({start:iso}).",
        zh="{due:md} 早于 T-{number} 的开始日期（{start:md}）。",
    ),
    "task.slipped": Msg(
        en=(
            "Slipped {n} day against the baseline ({baseline:iso}).",
            "Slipped {n} days against the baseline ({baseline:iso}).",
        ),
        zh="比基线（{baseline:md}）延后 {n} 天。",
    ),
    "task.ahead": Msg(
        en=(
            "Ahead {n} day against the baseline ({baseline:iso}).",
            "Ahead {n} days against the baseline ({baseline:iso}).",
        ),
        zh="比基线（{baseline:md}）提前 {n} 天。",
    ),
    "task.overdue_at_once": Msg(
        en=":warning: {due:iso} has passed, so T-{number} is overdue at once.",
        zh=":warning: {due:md} 已经过去，T-{number} 随即逾期。",
    ),
    "task.log_positive": Msg(en="Log a time above zero.", zh="请登记大于零的时长。"),
    "task.already_canceled": Msg(en="T-{number} is already canceled.", zh="T-{number} 已经取消。"),
    "task.done_not_cancel": Msg(
        en="T-{number} is done, so there is nothing to cancel; reopen it first if it isn't.",
        zh="T-{number} 已完成，无需取消；如果其实没完成，请先重新打开。",
    ),
    "task.only_creator_or_lead": Msg(
        en="Only the creator of {ref} (<@{creator}>) or a project owner ({owners}) can delete it. "
        "Its owner can cancel it instead: `/task cancel {ref}`.",
        zh="只有 {ref} 的创建者（<@{creator}>）或项目负责人（{owners}）才能删除它。"
        "负责人可以改为取消：`/task cancel {ref}`。",
    ),
    "task.has_hours": Msg(
        en="{ref} has {hours}h logged; cancel it instead: `/task cancel {ref}`.",
        zh="{ref} 已登记 {hours} 小时，请改为取消：`/task cancel {ref}`。",
    ),
    "task.has_dependants": Msg(
        en=(
            "{ref} can't be deleted: {refs} depends on it. Cancel {ref} instead: `/task cancel {ref}`.",
            "{ref} can't be deleted: {refs} depend on it. Cancel {ref} instead: `/task cancel {ref}`.",
        ),
        zh="{ref} 不能删除：{refs} 依赖它。请改为取消 {ref}：`/task cancel {ref}`。",
    ),
    "task.which_not_ref": Msg(
        en="Say which task, by its ref; `{text}` is not one.",
        zh="请用编号指明是哪个任务；`{text}` 不是任务编号。",
    ),
    "task.which": Msg(en="Say which task, by its ref.", zh="请用编号指明是哪个任务。"),
    "task.not_task_ref": Msg(
        en="`{ref}` is not a task; task refs look like `T-12`.",
        zh="`{ref}` 不是任务；任务编号形如 `T-12`。",
    ),
    "task.unknown_add_option": Msg(
        en="`{key}:` is not an option of add. Options: {options}.",
        zh="`{key}:` 不是 `add` 的选项。可用选项：{options}。",
    ),
    "task.unknown_edit_option": Msg(
        en="`{key}:` is not an option of edit. Options: {options}, or @owner.",
        zh="`{key}:` 不是 `edit` 的选项。可用选项：{options}，或 @负责人。",
    ),
    "task.one_owner": Msg(
        en="A task has one owner; mention one person.",
        zh="一个任务只有一位负责人，请只提及一个人。",
    ),
    "task.after_option": Msg(
        en="Write dependencies as `after:{ref}`.", zh="依赖关系请写成 `after:{ref}`。"
    ),
    "task.bad_filter": Msg(
        en="`{text}` isn't one filter. Use one of {filters}, or @someone, and milestone:M-1.",
        zh="`{text}` 不是一个筛选条件。请用 {filters} 之一，或 @某人，再加 `milestone:M-1`。",
    ),
    "task.owner_missing": Msg(en="Name the new owner.", zh="请指定新的负责人。"),
    "task.progress_missing": Msg(
        en="Give the progress as a percentage.", zh="请用百分比给出进度。"
    ),
    "task.due_missing": Msg(en="Give the new due date.", zh="请给出新的截止日期。"),
    "task.log_missing": Msg(en="Say how long you spent.", zh="请说明花了多长时间。"),
    "task.depend_missing": Msg(en="Say what it waits on.", zh="请说明它要等待哪些任务。"),
    "task.title_in_option": Msg(
        en='Put the new title in `title:"…"`, e.g. `title:"{text}"`.',
        zh='新标题请写在 `title:"…"` 里，例如 `title:"{text}"`。',
    ),
    "task.edit_one": Msg(
        en="Edit one task at a time; dependencies change with `/task depend`.",
        zh="一次只能编辑一个任务；依赖关系请用 `/task depend` 修改。",
    ),
    "task.other_project": Msg(
        en="A task can only wait on tasks of its own project.", zh="任务只能等待本项目中的任务。"
    ),
    "task.waits_on_itself": Msg(
        en="T-{number} can't wait on itself.", zh="T-{number} 不能等待它自己。"
    ),
    "task.cycle": Msg(
        en="That would make a cycle: {chain}. A task can't wait on work that waits on it.",
        zh="这会形成循环：{chain}。任务不能等待正在等待它的工作。",
    ),
    "task.due_before_start_field": Msg(
        en="The due date is before the start.", zh="截止日期早于开始日期。"
    ),
}

# The card, the list, the detail (bot/blocks/task.py).
MESSAGES |= {
    "task.state.open": Msg(en="open", zh="未开始"),
    "task.state.in_progress": Msg(en="in progress", zh="进行中"),
    "task.state.blocked": Msg(en="blocked", zh="受阻"),
    "task.state.done": Msg(en="done", zh="已完成"),
    "task.state.canceled": Msg(en="canceled", zh="已取消"),
    # A status as the audit trail records it (`/task show`'s history).
    "task.status.open": Msg(en="open", zh="未开始"),
    "task.status.in_progress": Msg(en="in progress", zh="进行中"),
    "task.status.blocked": Msg(en="blocked", zh="受阻"),
    "task.status.done": Msg(en="done", zh="已完成"),
    "task.status.canceled": Msg(en="canceled", zh="已取消"),
    "task.prio.low": Msg(en="low", zh="低"),
    "task.prio.normal": Msg(en="normal", zh="普通"),
    "task.prio.high": Msg(en="high", zh="高"),
    "task.prio.urgent": Msg(en="urgent", zh="紧急"),
    "task.nobody": Msg(en="_nobody_", zh="_未指派_"),
    "task.line.due": Msg(en="due {due:iso}", zh="{due:md} 截止"),
    "task.line.overdue": Msg(
        en=":red_circle: *overdue* since {due:iso} ({days} d)",
        zh=":red_circle: *已逾期* {days} 天（{due:md} 截止）",
    ),
    "task.button.start": Msg(en="Start", zh="开始"),
    "task.button.done": Msg(en="Done", zh="完成"),
    "task.button.more": Msg(en="More", zh="更多"),
    "task.card.overdue": Msg(en=":red_circle: *overdue*", zh=":red_circle: *已逾期*"),
    "task.card.owner": Msg(en="Owner", zh="负责人"),
    "task.card.status": Msg(en="Status", zh="状态"),
    "task.card.dates": Msg(en="Start → due", zh="开始 → 截止"),
    "task.card.effort": Msg(en="Estimate · spent", zh="预估 · 已用"),
    "task.card.priority": Msg(en="Priority", zh="优先级"),
    "task.card.milestone": Msg(en="Milestone", zh="里程碑"),
    "task.card.blocked": Msg(en=":no_entry: Blocked: {reason}", zh=":no_entry: 受阻：{reason}"),
    "task.card.from_message": Msg(
        en=":link: <{link}|From this message>", zh=":link: <{link}|来自这条消息>"
    ),
    "task.card.canceled": Msg(
        en="Canceled · `/task reopen {ref}` brings it back",
        zh="已取消 · `/task reopen {ref}` 可恢复",
    ),
    "task.card.done_on": Msg(en="Done {day:iso}", zh="{day:md} 完成"),
    "task.card.done": Msg(en="Done", zh="已完成"),
    "task.card.waits_on": Msg(en=":hourglass: Waits on {refs}", zh=":hourglass: 等待 {refs} 完成"),
    "task.card.text": Msg(
        en="{key} {ref}: {title} ({state})", zh="{key} {ref}：{title}（{state}）"
    ),
    "task.added": Msg(
        en=":white_check_mark: Added *{key} {ref}* · {title} · {owner}",
        zh=":white_check_mark: 已添加 *{key} {ref}* · {title} · {owner}",
    ),
    "task.added.estimate": Msg(en="est {hours}", zh="预估 {hours}"),
    "task.what.open": Msg(en="open tasks", zh="未完成的任务"),
    "task.what.overdue": Msg(en="overdue tasks", zh="逾期的任务"),
    "task.what.blocked": Msg(en="blocked tasks", zh="受阻的任务"),
    "task.what.done": Msg(en="done tasks", zh="已完成的任务"),
    "task.what.all": Msg(en="tasks", zh="任务"),
    "task.what.in_milestone": Msg(en="{what} for M-{number}", zh="{what}（M-{number}）"),
    "task.empty.mine": Msg(en="You have no {what} in *{key}*.", zh="你在 *{key}* 中没有{what}。"),
    "task.empty.owner": Msg(
        en="<@{owner}> has no {what} in *{key}*.", zh="<@{owner}> 在 *{key}* 中没有{what}。"
    ),
    "task.empty.all": Msg(
        en="No {what} yet in *{key}*. Add one with `/task add …`",
        zh="*{key}* 中还没有{what}。用 `/task add …` 添加一个。",
    ),
    "task.empty.done": Msg(en="No {what} yet in *{key}*.", zh="*{key}* 中还没有{what}。"),
    "task.empty.other": Msg(en="No {what} in *{key}*.", zh="*{key}* 中没有{what}。"),
    "task.label.open": Msg(en="open", zh="未完成的"),
    "task.label.all": Msg(en="all", zh="全部"),
    "task.label.done": Msg(en="done", zh="已完成的"),
    "task.label.blocked": Msg(en="blocked", zh="受阻的"),
    "task.label.overdue": Msg(en="overdue", zh="逾期的"),
    "task.label.owner": Msg(en="{label} <@{owner}>'s", zh="<@{owner}> {label}"),
    "task.label.milestone": Msg(en="{label} M-{number}", zh="M-{number} 中 {label}"),
    "task.page.head": Msg(
        en="*{key}* — {label} tasks, {first}–{last} of {total}",
        zh="*{key}* — {label}任务，第 {first}–{last} 个，共 {total} 个",
    ),
    "task.detail.blocked_by": Msg(en="*Blocked by:* {items}", zh="*等待前置任务：* {items}"),
    "task.detail.after_done": Msg(en="*After (done):* {refs}", zh="*前置任务（已完成）：* {refs}"),
    "task.detail.holds_up": Msg(en="*Holds up:* {items}", zh="*阻挡后续任务：* {items}"),
    "task.detail.baseline": Msg(
        en="*Baseline due:* {due:iso} ({slip} d)", zh="*基线截止：* {due:md}（{slip} 天）"
    ),
    "task.detail.history": Msg(en="History", zh="历史记录"),
    "task.detail.no_history": Msg(en="_nothing yet_", zh="_暂无_"),
    "task.history.created": Msg(
        en="{when} <@{actor}> created it", zh="{when} <@{actor}> 创建了任务"
    ),
    "task.history.change": Msg(
        en="{when} <@{actor}> {field}: {old} → {new}", zh="{when} <@{actor}> {field}：{old} → {new}"
    ),
    "task.field.created": Msg(en="created", zh="创建"),
    "task.field.owner": Msg(en="owner", zh="负责人"),
    "task.field.start": Msg(en="start", zh="开始日期"),
    "task.field.due": Msg(en="due", zh="截止日期"),
    "task.field.estimate": Msg(en="estimate", zh="预估工时"),
    "task.field.priority": Msg(en="priority", zh="优先级"),
    "task.field.milestone": Msg(en="milestone", zh="里程碑"),
    "task.field.after": Msg(en="after", zh="前置任务"),
    "task.field.status": Msg(en="status", zh="状态"),
    "task.field.progress": Msg(en="progress", zh="进度"),
    "task.field.blocked": Msg(en="blocked", zh="受阻原因"),
    "task.field.title": Msg(en="title", zh="标题"),
    "task.field.spent": Msg(en="spent", zh="已用工时"),
    "task.field.slip_days": Msg(en="slip (days)", zh="延期天数"),
    "task.field.reopened": Msg(en="reopened", zh="重新打开次数"),
    "task.field.cancel_reason": Msg(en="reason for cancelling", zh="取消原因"),
    "task.field.deleted": Msg(en="deleted", zh="删除"),
    "task.changed.assign": Msg(
        en="{ref} now belongs to <@{owner}>.", zh="{ref} 现在由 <@{owner}> 负责。"
    ),
    "task.changed.start": Msg(en="{ref} started.", zh="{ref} 已开始。"),
    "task.changed.progress": Msg(en="{ref} is at {percent}%.", zh="{ref} 进度为 {percent}%。"),
    "task.changed.done": Msg(en="{ref} is done :tada:.", zh="{ref} 已完成 :tada:。"),
    "task.changed.reopen": Msg(en="{ref} reopened.", zh="{ref} 已重新打开。"),
    "task.changed.block": Msg(en="{ref} blocked.", zh="{ref} 已标记为受阻。"),
    "task.changed.unblock": Msg(en="{ref} unblocked.", zh="{ref} 已解除受阻。"),
    "task.changed.due": Msg(en="{ref} is now due {due:iso}.", zh="{ref} 的截止日期改为 {due:md}。"),
    "task.changed.log": Msg(
        en="{ref} has {hours} h more logged.", zh="{ref} 新登记了 {hours} 小时。"
    ),
    "task.depends": Msg(en="{ref} now waits on {refs}.", zh="{ref} 现在等待 {refs}。"),
    "task.waits_on_nothing": Msg(
        en="{ref} no longer waits on anything.", zh="{ref} 不再等待任何任务。"
    ),
    "task.not_waiting": Msg(
        en="T-{number} doesn't wait on T-{other}; it waits on {refs}.",
        zh="T-{number} 并不等待 T-{other}；它等待的是 {refs}。",
    ),
    "task.not_waiting_at_all": Msg(
        en="T-{number} doesn't wait on T-{other}, nor on anything else.",
        zh="T-{number} 并不等待 T-{other}，也不等待其他任务。",
    ),
    "task.overdue_added": Msg(
        en=(
            ":warning: Due {due:iso} has passed: {ref} is overdue at once ({n} d). "
            "Recorded anyway, for back-filled work."
        ),
        zh=":warning: 截止日期 {due:md} 已过：{ref} 随即逾期（{n} 天）。仍已记录，便于补录工作。",
    ),
}

# The modal (bot/blocks/task_modal.py) and editing, canceling, deleting (bot/blocks/task_edit.py).
MESSAGES |= {
    "task.modal.new": Msg(en="New task in {key}", zh="在 {key} 新建任务"),
    "task.modal.edit": Msg(en="Edit {ref}", zh="编辑 {ref}"),
    "task.modal.add": Msg(en="Add", zh="添加"),
    "task.modal.save": Msg(en="Save", zh="保存"),
    "task.modal.close": Msg(en="Cancel", zh="取消"),
    "task.modal.title": Msg(en="Title", zh="标题"),
    "task.modal.title_hint": Msg(en="Design member schema", zh="设计成员数据表"),
    "task.modal.owner": Msg(en="Owner", zh="负责人"),
    "task.modal.start": Msg(en="Start", zh="开始日期"),
    "task.modal.due": Msg(en="Due", zh="截止日期"),
    "task.modal.estimate": Msg(en="Estimate", zh="预估工时"),
    "task.modal.priority": Msg(en="Priority", zh="优先级"),
    "task.modal.milestone": Msg(en="Milestone", zh="里程碑"),
    "task.modal.after": Msg(en="Depends on", zh="前置任务"),
    "task.modal.from_message": Msg(
        en=":link: From <{link}|this message>", zh=":link: 来自<{link}|这条消息>"
    ),
    "task.none": Msg(en="none", zh="无"),
    "task.edited_day": Msg(en="{day:iso}", zh="{day:md}"),
    "task.unchanged": Msg(
        en="{ref} is unchanged: those are already its values.",
        zh="{ref} 没有变化：这些已经是它现在的值。",
    ),
    "task.updated": Msg(en="{ref} updated: {changes}.", zh="{ref} 已更新：{changes}。"),
    "task.canceled": Msg(
        en="{ref} canceled. It stays in history, out of progress and earned value; "
        "`/task reopen {ref}` brings it back.",
        zh="{ref} 已取消。它保留在历史记录中，不再计入进度和挣值；`/task reopen {ref}` 可恢复。",
    ),
    "task.canceled_because": Msg(
        en="{ref} canceled ({reason}). It stays in history, out of progress and earned value; "
        "`/task reopen {ref}` brings it back.",
        zh="{ref} 已取消（{reason}）。它保留在历史记录中，不再计入进度和挣值；"
        "`/task reopen {ref}` 可恢复。",
    ),
    "task.left": Msg(en="{items}.", zh="{items}。"),
    "task.left.sep": Msg(en="; ", zh="；"),
    "task.left.claims": Msg(
        en=("{claims} stays booked, for no task", "{claims} stay booked, for no task"),
        zh="{claims} 仍保持预订，但不再关联任务",
    ),
    "task.left.blockers": Msg(
        en=("{n} standup blocker no longer names it", "{n} standup blockers no longer name it"),
        zh="{n} 条站会阻塞不再指向它",
    ),
    "task.left.costs": Msg(
        en=(
            "{n} cost entry stays in the budget, for no task",
            "{n} cost entries stay in the budget, for no task",
        ),
        zh="{n} 笔支出仍计入预算，但不再关联任务",
    ),
    "task.delete_question": Msg(
        en="Delete *{key} {ref}* · {title}? It can't be undone; its history stays in the audit trail.",
        zh="删除 *{key} {ref}* · {title}？此操作无法撤销；它的历史仍保留在审计记录中。",
    ),
    "task.button.delete": Msg(en="Delete {ref}", zh="删除 {ref}"),
    "task.button.keep": Msg(en="Cancel", zh="取消"),
    "task.gone_card": Msg(
        en="{key} {ref} was deleted by <@{actor}>.", zh="{key} {ref} 已被 <@{actor}> 删除。"
    ),
    "task.deleted": Msg(en="Deleted {ref} · {title}.", zh="已删除 {ref} · {title}。"),
    "task.kept": Msg(en="Kept {ref}; nothing was deleted.", zh="已保留 {ref}，没有删除任何内容。"),
}

# `/task help` (bot/commands/task.py).
MESSAGES |= {
    "task.help.intro": Msg(
        en="Tasks of this channel's project. `in:KEY` names another.",
        zh="本频道项目的任务。用 `in:KEY` 指定其他项目。",
    ),
    "task.help.dates": Msg(
        en="Dates: `friday`, `next friday`, `in 3 days`, `the 15th`, `next month 15th`, "
        "`end of month`, `2026-12-04`, `Dec 4`, `12/4` (month first; `31/12` is day first), "
        "`明天`, `下周五`, `下个月15号`. A day not on the calendar (`31/02`) is refused, and so is "
        "one more than 5 years away unless its year is written.",
        zh="日期：`明天`、`下周五`、`15号`、`下个月15号`、`月底`、`12月4日`、`2026-12-04`、`12/4`"
        "（月在前；`31/12` 则日在前），也可以写 `friday`、`next friday`、`in 3 days`、`Dec 4`。"
        "日历上没有的日子（`31/02`）会被拒绝，超过 5 年之后的日期也会被拒绝，除非写明年份。",
    ),
    "task.help.add": Msg(
        en="add a task; the card with Start · +25 % · Done is posted here",
        zh="添加任务；带有“开始 · +25 % · 完成”按钮的任务卡片会发到这里",
    ),
    "task.help.list": Msg(en="tasks by due date, paged", zh="按截止日期列出任务，分页显示"),
    "task.help.show": Msg(
        en="everything about a task, with its history", zh="任务的全部信息和历史记录"
    ),
    "task.help.assign": Msg(
        en="give it to someone (its owner or a project owner)",
        zh="改派给他人（任务负责人或项目负责人可操作）",
    ),
    "task.help.start": Msg(en="work has begun", zh="开始工作"),
    "task.help.progress": Msg(en="how far along it is", zh="更新进度"),
    "task.help.done": Msg(en="finished", zh="标记完成"),
    "task.help.reopen": Msg(
        en="take a finished task back, or bring a canceled one back",
        zh="重新打开已完成的任务，或恢复已取消的任务",
    ),
    "task.help.block": Msg(en="blocked, with the reason", zh="标记受阻，并说明原因"),
    "task.help.unblock": Msg(en="no longer blocked", zh="解除受阻"),
    "task.help.due": Msg(
        en="move the due date (a slip against the baseline is recorded)",
        zh="修改截止日期（会记录相对基线的延期）",
    ),
    "task.help.log": Msg(en="hours spent on it", zh="登记所用工时"),
    "task.help.depend": Msg(en="T-7 waits on T-3", zh="T-7 等待 T-3 完成"),
    "task.help.undepend": Msg(en="T-7 waits on T-3 no more", zh="T-7 不再等待 T-3"),
    "task.help.edit": Msg(en="fix it in the task modal, filled in", zh="在已填好的任务表单中修改"),
    "task.help.edit_inline": Msg(
        en="or change those at once (`none` clears est, milestone, start, due)",
        zh="或直接修改这些字段（`none` 可清空预估工时、里程碑、开始和截止日期）",
    ),
    "task.help.cancel": Msg(
        en="kept in history, out of progress and earned value",
        zh="取消任务：保留在历史记录中，不再计入进度和挣值",
    ),
    "task.help.delete": Msg(
        en="remove a mistake, after you confirm: its creator or a project owner, with no hours "
        "logged and nothing depending on it",
        zh="确认后删除误建的任务：仅限创建者或项目负责人，且未登记工时、没有任务依赖它",
    ),
}
