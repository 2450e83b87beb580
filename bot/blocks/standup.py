"""Block Kit for the standup: the prompt, reminder, answer modal, summary, report and escalation.

Each builder takes its view model (`bot.views.standup`) and the reader's `Tr`: the channel's
posts in the project's language, DMs, modals and ephemeral replies in the reader's own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    PlainTextObject,
)

from bot.blocks.common import Reply, context, dicts, header, modal, section
from bot.blocks.inputs import text_field
from bot.i18n import Mrkdwn, Tr, escape_mrkdwn
from bot.views.standup import (
    AnswerModalView,
    AnswerView,
    BlockerLine,
    EscalationView,
    MemberLine,
    PromptView,
    ReminderView,
    ReportView,
    SummaryView,
)

ANSWER_ACTION = "standup_answer"
ANSWER_MODAL = "standup_answer"
RISK_ACTION = "blocker_to_risk"
SECTION_MAX = 2900
MAX_BLOCKS = 45
FIELDS = ("yesterday", "today", "blockers")


def _cut(text: str, limit: int = SECTION_MAX) -> str:
    """Within a section's room, counted in characters as Slack counts them."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _user(user_id: str) -> Mrkdwn:
    return Mrkdwn(f"<@{user_id}>")


def _users(tr: Tr, user_ids: tuple[str, ...] | list[str]) -> Mrkdwn:
    return Mrkdwn(tr("standup.list_sep").join(f"<@{u}>" for u in user_ids))


def _dated(tr: Tr, message: str, day: date, /, **params: Any) -> str:
    return tr(message, day=day, weekday=tr.weekday(day), **params)


def answer_value(project_id: int, day: date) -> str:
    return f"{project_id}:{day.isoformat()}"


def parse_answer_value(value: str) -> tuple[int, date]:
    project_id, day = value.split(":", 1)
    return int(project_id), date.fromisoformat(day)


def _answer_button(tr: Tr, project_id: int, day: date) -> ActionsBlock:
    return ActionsBlock(
        block_id="standup",
        elements=[
            ButtonElement(
                text=PlainTextObject(text=tr.plain("standup.answer_button")),
                action_id=ANSWER_ACTION,
                value=answer_value(project_id, day),
                style="primary",
            )
        ],
    )


def _member_line(tr: Tr, member: MemberLine) -> str:
    """A member, their overdue tasks first with each one's age, then those due soon."""
    if member.away:
        return tr("standup.member_away", user=_user(member.user_id))
    sep = tr("standup.list_sep")
    late = sep.join(
        tr("standup.task_overdue", number=t.number, title=t.title, n=t.days_late)
        for t in member.overdue
    )
    soon = sep.join(
        tr("standup.task_due", number=t.number, title=t.title, due=t.due) for t in member.due_soon
    )
    parts = [late] if late else []
    if soon:
        parts.append(tr("standup.due_soon", tasks=Mrkdwn(soon)))
    if not parts:
        return tr("standup.member", user=_user(member.user_id))
    tasks = Mrkdwn(tr("standup.part_sep").join(parts))
    return tr("standup.member_tasks", user=_user(member.user_id), tasks=tasks)


def _blocker_line(tr: Tr, b: BlockerLine, *, today: bool = True) -> str:
    """`• @ann: waiting on T-12 — open 2 days`; with no age shown when `today` is False."""
    if b.age_days > 0:
        return tr("standup.blocker_open", user=_user(b.user_id), text=b.text, n=b.age_days)
    key = "standup.blocker_today" if today else "standup.blocker"
    return tr(key, user=_user(b.user_id), text=b.text)


def prompt_message(prompt: PromptView, tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """The parent message of the day's thread, in the project's language."""
    title = _dated(tr, "standup.title", prompt.day, key=prompt.key)
    blocks = [header(tr.plain("standup.title", key=prompt.key, day=prompt.day, weekday=tr.weekday(prompt.day)))]  # fmt: skip
    if not prompt.members:
        blocks.append(section(tr("standup.no_members")))
    else:
        lines = [_member_line(tr, m) for m in prompt.members]
        blocks.append(section(_cut(tr("standup.ask") + "\n" + "\n".join(lines))))
    if prompt.blockers:
        lines = [_blocker_line(tr, b) for b in prompt.blockers]
        blocks.append(section(_cut(tr("standup.still_blocked") + "\n" + "\n".join(lines))))
    blocks = blocks[: MAX_BLOCKS - 2]
    blocks.append(_answer_button(tr, prompt.project_id, prompt.day))
    blocks.append(context(tr("standup.how_to_answer")))
    return tr("standup.prompt_text", title=Mrkdwn(title)), dicts(blocks)


def reminder_message(reminder: ReminderView, tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """The one DM a member gets when they have not answered yet, in their language."""
    text = _dated(tr, "standup.reminder", reminder.day, key=reminder.key)
    return text, dicts([section(text), _answer_button(tr, reminder.project_id, reminder.day)])


def reminder_answered(reminder: ReminderView, tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """What the reminder DM becomes once its member answered: no button left to press."""
    text = tr("standup.reminder_answered", key=reminder.key, day=reminder.day)
    return text, dicts([section(text)])


def reminder_closed(reminder: ReminderView, tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """What an unanswered reminder DM becomes once its standup's summary is posted: no button."""
    text = tr("standup.reminder_closed", key=reminder.key, day=reminder.day)
    return text, dicts([section(text)])


def _answer_lines(tr: Tr, answer: AnswerView) -> list[str]:
    parts = [tr(f"standup.line_{name}", text=getattr(answer, name)) for name in FIELDS if getattr(answer, name)]  # fmt: skip
    if answer.text:
        parts.insert(0, escape_mrkdwn(answer.text))
    return parts


def answered_note(user_id: str, answer: AnswerView, tr: Tr) -> str:
    """What the thread shows when someone answers through the modal or `/standup <text>`."""
    head = tr("standup.answered", user=_user(user_id))
    return _cut(head + "\n" + "\n".join(_answer_lines(tr, answer)))


def summary_message(summary: SummaryView, tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """The summary, posted as a reply in the day's thread, in the project's language."""
    title = _dated(
        tr,
        "standup.summary_title",
        summary.day,
        key=summary.key,
        answered=len(summary.answers),
        asked=summary.asked,
    )
    blocks = [section(f"*{title}*")]
    for member, answers in summary.answers:
        lines = [line for a in answers for line in _answer_lines(tr, a)]
        blocks.append(section(_cut(f"<@{member}>\n" + "\n".join(lines))))
    if summary.blockers:
        lines = [_blocker_line(tr, b, today=False) for b in summary.blockers]
        blocks.append(section(_cut(tr("standup.blockers") + "\n" + "\n".join(lines))))
    elif not summary.still_blocked:
        blocks.append(section(tr("standup.no_blockers")))
    if summary.still_blocked:
        lines = [_blocker_line(tr, b) for b in summary.still_blocked]
        blocks.append(section(_cut(tr("standup.still_blocked") + "\n" + "\n".join(lines))))
    if summary.missing:
        blocks.append(section(_cut(tr("standup.no_answer", users=_users(tr, summary.missing)))))
    if summary.away:
        blocks.append(context(tr("standup.away", users=_users(tr, summary.away))))
    if not summary.has_members:
        blocks.append(context(tr("standup.nobody")))
    if len(blocks) > MAX_BLOCKS:
        blocks = blocks[: MAX_BLOCKS - 1] + [context(tr("standup.more_in_thread"))]
    return title, dicts(blocks)


def escalation_message(escalation: EscalationView, tr: Tr) -> tuple[str, list[dict[str, Any]]]:
    """To a project owner, in their language: a long-open blocker, proposed as a risk. "Blocked
    for n standups in a row" only when its owner named it in each; else when they reported it,
    and in how many of the standups since they named it or did not answer."""
    e = escalation
    said = {"key": e.key, "user": _user(e.user_id), "since": e.since, "text": e.text}
    if e.reported is None or e.reported >= e.standups:
        text = tr("standup.escalation", n=e.standups, **said)
    else:
        other = e.standups - e.reported - e.unanswered  # answered, naming other blockers only
        counts = {"n": e.standups, "reported": e.reported, "unanswered": e.unanswered}
        tally = (
            tr("standup.escalation_tally_other", other=other, **counts)
            if other > 0
            else tr("standup.escalation_tally", **counts)
        )
        text = tr("standup.escalation_reported", **said) + "\n" + tally
    text = _cut(text)
    button = ActionsBlock(
        block_id="blocker",
        elements=[
            ButtonElement(
                text=PlainTextObject(text=tr.plain("standup.to_risk_button")),
                action_id=RISK_ACTION,
                value=str(escalation.blocker_id),
            )
        ],
    )
    return text, dicts([section(text), context(tr("standup.escalation_hint")), button])


def answer_modal(view: AnswerModalView, tr: Tr) -> dict[str, Any]:
    """The answer modal: yesterday / today / blockers, prefilled with an earlier answer."""

    def field(block_id: str) -> InputBlock:
        initial = getattr(view.initial, block_id, None) if view.initial else None
        return text_field(
            block_id,
            tr.plain(f"standup.field_{block_id}"),
            hint=tr.plain(f"standup.hint_{block_id}"),
            initial=initial,
            multiline=True,
            max_length=3000,
        )

    meta = {
        "project_id": view.project_id,
        "day": view.day.isoformat(),
        "channel_id": view.channel_id,
    }
    blocks = [
        context(_dated(tr, "standup.modal_context", view.day, name=view.name)),
        *map(field, FIELDS),
    ]
    return modal(
        ANSWER_MODAL,
        tr.plain("standup.modal_title", key=view.key),
        tr.plain("standup.send"),
        meta,
        blocks,
        close=tr.plain("standup.cancel"),
    )


def report_reply(report: ReportView, tr: Tr) -> Reply:
    """`/standup report`: the compiled standups of a day or a week, with who did not answer."""
    key = "standup.report_week_title" if report.week else "standup.report_day_title"
    title = tr(key, key=report.key, day=report.start)
    if not report.days:
        return Reply(text=tr("standup.report_none", title=Mrkdwn(title)))
    blocks: list[Any] = [header(tr.plain(key, key=report.key, day=report.start)).to_dict()]
    for summary in report.days:
        _, day_blocks = summary_message(summary, tr)
        blocks.append(section(_dated(tr, "standup.report_day", summary.day)).to_dict())
        for block in day_blocks:
            if len(blocks) >= MAX_BLOCKS:
                break
            blocks.append(block)
    return Reply(text=title, blocks=blocks[:50])


HELP = [
    ("", "standup.help_modal"),
    ("standup.help_example_line", "standup.help_line"),
    ("standup.help_example_away", "standup.help_away"),
    ("back", "standup.help_back"),
    ("report", "standup.help_report"),
    ("standup.help_example_report", "standup.help_report_week"),
]


def usage(tr: Tr) -> Reply:
    """`/standup help`, in the reader's language."""
    lines = [
        (tr(example) if example.startswith("standup.") else f"`{f'/standup {example}'.strip()}`")
        + f" — {tr(what)}"
        for example, what in HELP
    ]
    title = tr.plain("standup.help_title")
    blocks = [header(title), section(tr("standup.help_intro")), section("\n".join(lines))]
    return Reply(text=title, blocks=dicts(blocks))
