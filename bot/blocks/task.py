"""Block Kit for /task: the task card with its buttons, the list, the detail view."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock

from bot.blocks.common import Reply, context, dicts, divider, header, mrkdwn, safe, section, user
from bot.format import hours
from bot.services.tasks import COUNT_CAP
from bot.store.models import TASK_CLOSED, Change, Milestone, Project, Task

START, PROGRESS, DONE, MORE = "task_start", "task_progress", "task_done", "task_list_more"
STATUS = {
    "open": ":white_circle: open",
    "in_progress": ":large_blue_circle: in progress",
    "blocked": ":no_entry: blocked",
    "done": ":white_check_mark: done",
    "canceled": ":heavy_multiplication_x: canceled",
}
PRIO = {
    "low": "low",
    "normal": "normal",
    "high": ":arrow_up: high",
    "urgent": ":rotating_light: urgent",
}


def ref(task: Task) -> str:
    return f"T-{task.number}"


def _day(value: date | None) -> str:
    return value.strftime("%a %Y-%m-%d") if value else "—"


def is_overdue(task: Task, today: date) -> bool:
    return task.status not in TASK_CLOSED and task.due_date is not None and task.due_date < today


def line(task: Task, today: date) -> str:
    """One task on one line: ref, title, owner, due (marked when overdue), status."""
    due = ""
    if task.due_date:
        due = f" · due {task.due_date.isoformat()}"
        if is_overdue(task, today):
            due = f" · :red_circle: *overdue* since {task.due_date.isoformat()} ({(today - task.due_date).days} d)"
    progress = f" {task.progress}%" if task.status == "in_progress" else ""
    return f"`{ref(task)}` {safe(task.title)} · {user(task.owner_id)}{due} · {STATUS[task.status]}{progress}"


def buttons(task: Task) -> ActionsBlock:
    """Start · +25 % · Done, each carrying the task's database id."""
    value = str(task.id)
    elements = [
        ButtonElement(text="Start", action_id=START, value=value),
        ButtonElement(text="+25 %", action_id=PROGRESS, value=value),
        ButtonElement(text="Done", action_id=DONE, value=value, style="primary"),
    ]
    if task.status != "open":
        elements = elements[1:]
    return ActionsBlock(block_id=f"task-{task.id}", elements=elements)


def card(
    project: Project, task: Task, today: date, milestone: Milestone | None = None
) -> dict[str, Any]:
    """The task's own message (posted once, then updated in place): text and blocks."""
    title = f"*{project.key} {ref(task)}* · {safe(task.title)}"
    if is_overdue(task, today):
        title += "  :red_circle: *overdue*"
    fields = [
        mrkdwn(f"*Owner*\n{user(task.owner_id)}"),
        mrkdwn(
            f"*Status*\n{STATUS[task.status]} · {100 if task.status == 'done' else task.progress}%"
        ),
        mrkdwn(f"*Start → due*\n{_day(task.start_date)} → {_day(task.due_date)}"),
        mrkdwn(f"*Estimate · spent*\n{hours(task.estimate_hours)} · {hours(task.spent_hours)}"),
        mrkdwn(f"*Priority*\n{PRIO[task.priority]}"),
    ]
    if milestone:
        fields.append(mrkdwn(f"*Milestone*\nM-{milestone.number} {safe(milestone.name)}"))
    blocks: list[Any] = [section(title), SectionBlock(fields=fields)]
    notes = []
    if task.status == "blocked":
        notes.append(f":no_entry: Blocked: {safe(task.blocked_reason)}")
    if task.source_permalink:
        notes.append(f":link: <{task.source_permalink}|From this message>")
    if notes:
        blocks.append(context(*notes))
    if task.status == "canceled":
        blocks.append(context(f"Canceled · `/task reopen {ref(task)}` brings it back"))
    elif task.status != "done":
        blocks.append(buttons(task))
    else:
        blocks.append(context(f"Done {task.done_at:%Y-%m-%d}" if task.done_at else "Done"))
    text = f"{project.key} {ref(task)}: {safe(task.title)} ({task.status.replace('_', ' ')})"
    return {"text": text, "blocks": dicts(blocks)}


def added(project: Project, task: Task, notes: list[str]) -> Reply:
    """The ack of `/task add`: the new ref and what was set (the card follows in the channel)."""
    parts = [
        f":white_check_mark: Added *{project.key} {ref(task)}* · {safe(task.title)} · {user(task.owner_id)}"
    ]
    if task.due_date:
        parts.append(f"due {task.due_date.isoformat()}")
    if task.estimate_hours is not None:
        parts.append(f"est {hours(task.estimate_hours)}")
    return Reply(text="\n".join([" · ".join(parts), *notes]))


def changed(task: Task, what: str, notes: list[str]) -> Reply:
    return Reply(text="\n".join([f"{ref(task)} {what}.", *notes]))


_STATUS_WORDS = {"open": "open ", "overdue": "overdue ", "blocked": "blocked ", "done": "done ", "all": ""}  # fmt: skip


def no_tasks(key: str, status: str, owner: str | None, mine: bool, milestone: int | None) -> str:
    """What an empty `/task list` says, in plain words for its filter."""
    what = f"{_STATUS_WORDS[status]}tasks" + (f" for M-{milestone}" if milestone else "")
    where = f" in *{key}*"
    if mine:
        return f"You have no {what}{where}."
    if owner:
        return f"<@{owner}> has no {what}{where}."
    if status == "all":
        return f"No {what} yet{where}. Add one with `/task add …`"
    if status == "done":
        return f"No {what} yet{where}."
    return f"No {what}{where}."


def page(
    project: Project,
    tasks: list[Task],
    total: int,
    today: date,
    label: str,
    more: dict[str, Any] | None,
    shown_before: int = 0,
    empty: str | None = None,
) -> Reply:
    """One page of `/task list`, with a "More" button when there is another page."""
    if not tasks:
        return Reply(text=empty or f"No {label} tasks in *{project.key}*.")
    of = f"{COUNT_CAP:,}+" if total > COUNT_CAP else str(total)
    head = (
        f"*{project.key}* — {label} tasks, {shown_before + 1}–{shown_before + len(tasks)} of {of}"
    )
    blocks: list[Any] = [section(head), *(section(line(t, today)) for t in tasks)]
    if more:
        blocks.append(
            ActionsBlock(
                block_id="task-list-more",
                elements=[ButtonElement(text="More", action_id=MORE, value=json.dumps(more))],
            )
        )
    text = head + "\n" + "\n".join(line(t, today) for t in tasks)
    return Reply(text=text[:3000], blocks=dicts(blocks))


def detail(
    project: Project,
    task: Task,
    today: date,
    *,
    milestone: Milestone | None,
    waits_on: list[Task],
    blocks_these: list[Task],
    history: list[Change],
) -> Reply:
    """Everything about one task, with its history."""
    base = card(project, task, today, milestone)
    blocks: list[Any] = [header(f"{project.key} {ref(task)}")]
    out = base["blocks"][:-1] if task.status not in TASK_CLOSED else base["blocks"]
    deps = []
    open_preds = [t for t in waits_on if t.status != "done"]
    if open_preds:
        deps.append("*Blocked by:* " + ", ".join(f"`{ref(t)}` {safe(t.title)}" for t in open_preds))
    done_preds = [t for t in waits_on if t.status == "done"]
    if done_preds:
        deps.append("*After (done):* " + ", ".join(f"`{ref(t)}`" for t in done_preds))
    if blocks_these:
        deps.append("*Holds up:* " + ", ".join(f"`{ref(t)}` {safe(t.title)}" for t in blocks_these))
    if task.baseline_due:
        slip = (task.due_date - task.baseline_due).days if task.due_date else 0
        deps.append(f"*Baseline due:* {task.baseline_due} ({slip:+d} d)")
    lines = [_history_line(c) for c in history]
    text_blocks = [section(_fit(deps))] if deps else []
    hist = [divider(), section("*History*\n" + (_fit(lines, keep_last=True) or "_nothing yet_"))]
    rendered = dicts(blocks) + out + dicts(text_blocks + hist)
    text = f"{base['text']}\n" + "\n".join(deps + lines)
    return Reply(text=text[:3000], blocks=rendered)


def _fit(lines: list[str], limit: int = 2900, *, keep_last: bool = False) -> str:
    """Whole lines joined within a section's 3000 characters (the newest, for history)."""
    out: list[str] = []
    size = 0
    for item in reversed(lines) if keep_last else lines:
        item = item if len(item) <= 600 else item[:599] + "…"
        if size + len(item) + 1 > limit:
            break
        out.append(item)
        size += len(item) + 1
    return "\n".join(reversed(out) if keep_last else out)


def _history_line(change: Change) -> str:
    when = change.at.strftime("%Y-%m-%d %H:%M")
    show = user if change.field == "owner" else safe
    old = show(change.old) if change.old is not None else "—"
    new = show(change.new) if change.new is not None else "—"
    if change.field == "created":
        return f"{when} <@{change.actor}> created it"
    return f"{when} <@{change.actor}> {change.field}: {old} → {new}"
