"""Block Kit for /task: the task card with its buttons, the list, the detail view."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks.common import Reply, dicts, divider, header, section
from bot.i18n import Mrkdwn, Phrase, Tr, escape_mrkdwn
from bot.views.task import Added, ListPage, ListShown, TaskCard, TaskDetail, TaskLine

START, PROGRESS, DONE, MORE = "task_start", "task_progress", "task_done", "task_list_more"
EN = Tr("en")
_EMOJI = {
    "open": ":white_circle:",
    "in_progress": ":large_blue_circle:",
    "blocked": ":no_entry:",
    "done": ":white_check_mark:",
    "canceled": ":heavy_multiplication_x:",
}
_PRIO_EMOJI = {"high": ":arrow_up: ", "urgent": ":rotating_light: "}


def status(tr: Tr, value: str) -> str:
    """`:large_blue_circle: in progress`, `:large_blue_circle: 进行中`."""
    return f"{_EMOJI[value]} {tr(f'task.state.{value}')}"


def priority(tr: Tr, value: str) -> str:
    return _PRIO_EMOJI.get(value, "") + tr(f"task.prio.{value}")


def owner(tr: Tr, user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else tr("task.nobody")


def _day(tr: Tr, value: date | None) -> str:
    if value is None:
        return "—"
    return f"{value:%a %Y-%m-%d}" if tr.lang == "en" else tr.day(value)


def _as_line(task: Any, today: date | None) -> TaskLine:
    """A task row given by a caller not yet on view models (App Home), read by its attributes."""
    if isinstance(task, TaskLine):
        return task
    overdue = (
        task.status not in ("done", "canceled")
        and task.due_date is not None
        and today is not None
        and task.due_date < today
    )
    return TaskLine(
        task.id, task.number, task.title, task.owner_id, task.status, task.progress,
        task.due_date, (today - task.due_date).days if overdue and today else None,
    )  # fmt: skip


def line(task: TaskLine | Any, today: date | None = None, tr: Tr = EN) -> str:
    """One task on one line: ref, title, owner, due (marked when overdue), status."""
    task = _as_line(task, today)
    parts = [f"`{task.ref}` {escape_mrkdwn(task.title)}", owner(tr, task.owner)]
    if task.overdue:
        parts.append(tr("task.line.overdue", due=task.due, days=task.overdue_days))
    elif task.due:
        parts.append(tr("task.line.due", due=task.due))
    progress = f" {task.progress}%" if task.status == "in_progress" else ""
    parts.append(status(tr, task.status) + progress)
    return " · ".join(parts)


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    return {**button, "style": style} if style else button


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def buttons(task: TaskLine | Any, tr: Tr = EN) -> dict[str, Any]:
    """Start · +25 % · Done, each carrying the task's database id."""
    value = str(task.id)
    elements = [
        _button(tr.plain("task.button.start"), START, value),
        _button("+25 %", PROGRESS, value),
        _button(tr.plain("task.button.done"), DONE, value, "primary"),
    ]
    if task.status != "open":
        elements = elements[1:]
    return {"type": "actions", "block_id": f"task-{task.id}", "elements": elements}


def card(view: TaskCard, tr: Tr = EN) -> dict[str, Any]:
    """The task's own message (posted once, then updated in place): text and blocks."""
    task = view.task
    title = f"*{view.key} {task.ref}* · {escape_mrkdwn(task.title)}"
    if task.overdue:
        title += "  " + tr("task.card.overdue")
    done = 100 if task.status == "done" else task.progress
    fields = [
        (tr("task.card.owner"), owner(tr, task.owner)),
        (tr("task.card.status"), f"{status(tr, task.status)} · {done}%"),
        (tr("task.card.dates"), f"{_day(tr, view.start)} → {_day(tr, task.due)}"),
        (tr("task.card.effort"), f"{tr.hours(view.estimate)} · {tr.hours(view.spent)}"),
        (tr("task.card.priority"), priority(tr, view.priority)),
    ]
    if view.milestone:
        number, name = view.milestone
        fields.append((tr("task.card.milestone"), f"M-{number} {escape_mrkdwn(name)}"))
    # Plain dicts, as slack_sdk's objects would give them: their to_dict() validates every field
    # again and was most of the card's cost, on the path of every /task add and change. Tests
    # validate the cards (tests/test_zh_task.py, with slack_sdk's Block.parse).
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": _mrkdwn(title)},
        {"type": "section", "fields": [_mrkdwn(f"*{label}*\n{value}") for label, value in fields]},
    ]
    notes = []
    if view.waits_on:
        notes.append(tr("task.card.waits_on", refs=", ".join(view.waits_on)))
    if view.blocked_reason is not None:
        notes.append(tr("task.card.blocked", reason=view.blocked_reason))
    if view.permalink:
        notes.append(tr("task.card.from_message", link=Mrkdwn(view.permalink)))
    if notes:
        blocks.append({"type": "context", "elements": [_mrkdwn(n) for n in notes]})
    if task.status == "canceled":
        blocks.append({"type": "context", "elements": [_mrkdwn(tr("task.card.canceled", ref=task.ref))]})  # fmt: skip
    elif task.status != "done":
        blocks.append(buttons(task, tr))
    elif view.done_on:
        blocks.append({"type": "context", "elements": [_mrkdwn(tr("task.card.done_on", day=view.done_on))]})  # fmt: skip
    else:
        blocks.append({"type": "context", "elements": [_mrkdwn(tr("task.card.done"))]})
    text = tr(
        "task.card.text",
        key=view.key,
        ref=task.ref,
        title=task.title,
        state=Phrase(f"task.state.{task.status}"),
    )
    return {"text": text, "blocks": blocks}


def added(view: Added, notes: list[Phrase], tr: Tr = EN) -> Reply:
    """The ack of `/task add`: the new ref and what was set (the card follows in the channel)."""
    task = view.task
    parts = [
        tr(
            "task.added",
            key=view.key,
            ref=task.ref,
            title=task.title,
            owner=Mrkdwn(owner(tr, task.owner)),
        )  # fmt: skip
    ]
    if task.due:
        parts.append(tr("task.line.due", due=task.due))
    if view.estimate is not None:
        parts.append(tr("task.added.estimate", hours=tr.hours(view.estimate)))
    return Reply(text="\n".join([" · ".join(parts), *(tr(n.key, **n.params) for n in notes)]))


def changed(said: Phrase, notes: list[Phrase], tr: Tr = EN) -> Reply:
    return Reply(text="\n".join(tr(n.key, **n.params) for n in [said, *notes]))


def _what(shown: ListShown) -> Phrase:
    what = Phrase(f"task.what.{shown.status}")
    if shown.milestone:
        return Phrase("task.what.in_milestone", what=what, number=shown.milestone)
    return what


def no_tasks(key: str, shown: ListShown, tr: Tr = EN) -> str:
    """What an empty `/task list` says, in plain words for its filter."""
    what = _what(shown)
    if shown.mine:
        return tr("task.empty.mine", what=what, key=key)
    if shown.owner:
        return tr("task.empty.owner", what=what, key=key, owner=shown.owner)
    if shown.status == "all" and shown.closed:
        return tr("task.empty.other", what=what, key=key)
    if shown.status in ("all", "done"):
        return tr(f"task.empty.{shown.status}", what=what, key=key)
    return tr("task.empty.other", what=what, key=key)


def label(shown: ListShown, tr: Tr = EN) -> str:
    """The filter as the list's heading says it: `open <@U1>'s M-1`."""
    said: Phrase = Phrase(f"task.label.{shown.status}")
    if shown.owner:
        said = Phrase("task.label.owner", label=said, owner=shown.owner)
    if shown.milestone:
        said = Phrase("task.label.milestone", label=said, number=shown.milestone)
    return tr(said.key, **said.params)


def page(view: ListPage, tr: Tr = EN) -> Reply:
    """One page of `/task list`, with a "More" button when there is another page."""
    if not view.tasks:
        return Reply(text=no_tasks(view.key, view.shown, tr))
    of = f"{view.capped:,}+" if view.total > view.capped else f"{view.total:,}"
    head = tr(
        "task.page.head",
        key=view.key,
        label=Mrkdwn(label(view.shown, tr)),
        first=view.shown_before + 1,
        last=view.shown_before + len(view.tasks),
        total=of,
    )
    lines = [line(t, tr=tr) for t in view.tasks]
    blocks: list[Any] = [section(head), *(section(x) for x in lines)]
    if view.more:
        more = ButtonElement(text=tr.plain("task.button.more"), action_id=MORE, value=json.dumps(view.more))  # fmt: skip
        blocks.append(ActionsBlock(block_id="task-list-more", elements=[more]))
    text = head + "\n" + "\n".join(lines)
    return Reply(text=text[:3000], blocks=dicts(blocks))


def detail(view: TaskDetail, tr: Tr = EN) -> Reply:
    """Everything about one task, with its history."""
    task = view.card.task
    base = card(view.card, tr)
    blocks: list[Any] = [header(f"{view.card.key} {task.ref}")]
    out = base["blocks"][:-1] if task.status not in ("done", "canceled") else base["blocks"]

    def listed(items: list[tuple[str, str]]) -> Mrkdwn:
        return Mrkdwn(", ".join(f"`{ref}` {escape_mrkdwn(t)}" for ref, t in items))

    deps = []
    if view.waits_on:
        deps.append(tr("task.detail.blocked_by", items=listed(view.waits_on)))
    if view.after_done:
        refs = ", ".join(f"`{r}`" for r in view.after_done)
        deps.append(tr("task.detail.after_done", refs=Mrkdwn(refs)))
    if view.holds_up:
        deps.append(tr("task.detail.holds_up", items=listed(view.holds_up)))
    if view.baseline_due:
        deps.append(tr("task.detail.baseline", due=view.baseline_due, slip=f"{view.slip_days:+d}"))
    lines = [_history_line(tr, h) for h in view.history]
    text_blocks = [section(_fit(deps))] if deps else []
    history = _fit(lines, keep_last=True) or tr("task.detail.no_history")
    hist = [divider(), section(f"*{tr('task.detail.history')}*\n{history}")]
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


_FIELDS = {
    "created", "owner", "start", "due", "estimate", "priority", "milestone", "after", "status",
    "progress", "blocked", "title", "spent", "slip_days", "reopened", "cancel_reason", "deleted",
}  # fmt: skip


def history_value(tr: Tr, name: str, value: str | None) -> str:
    """An audited value as the reader reads it: a status or priority in their words."""
    if value is None:
        return "—"
    if name == "owner":
        return owner(tr, value)
    if name == "status" and value in _EMOJI:
        return tr(f"task.status.{value}")
    if name == "priority" and tr.has(f"task.prio.{value}"):
        return tr(f"task.prio.{value}")
    try:
        if name in ("estimate", "spent"):
            return tr.hours(float(value))
        if name == "progress":
            return f"{int(value)}%"
        if name in ("start", "due") and tr.lang == "zh":  # as Chinese text writes a date
            return tr.date(date.fromisoformat(value))
    except ValueError:
        pass  # written by an older version in another form: shown as it was written
    return escape_mrkdwn(value)


def field_name(tr: Tr, name: str) -> str:
    return tr(f"task.field.{name}") if name in _FIELDS else name


def _history_line(tr: Tr, change: Any) -> str:
    when = change.at.strftime("%Y-%m-%d %H:%M")
    if change.field == "created":
        return tr("task.history.created", when=when, actor=change.actor)
    return tr(
        "task.history.change",
        when=when,
        actor=change.actor,
        field=field_name(tr, change.field),
        old=Mrkdwn(history_value(tr, change.field, change.old)),
        new=Mrkdwn(history_value(tr, change.field, change.new)),
    )
