"""Block Kit for the standup: the prompt, reminder, answer modal, summary, report and escalation."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    PlainTextInputElement,
    PlainTextObject,
)

from bot.blocks.common import Reply, context, dicts, header, help_reply, modal, safe, section, user
from bot.services.standup_replies import Answer
from bot.services.standup_summary import Summary
from bot.services.standups import Prompt
from bot.store.models import Blocker, Project, StandupReply

ANSWER_ACTION = "standup_answer"
ANSWER_MODAL = "standup_answer"
RISK_ACTION = "blocker_to_risk"
SECTION_MAX = 2900
MAX_BLOCKS = 45
FIELDS = (("yesterday", "Yesterday"), ("today", "Today"), ("blockers", "Blockers"))


def _cut(text: str, limit: int = SECTION_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _day(day: date) -> str:
    return day.strftime("%a %Y-%m-%d")


def answer_value(project_id: int, day: date) -> str:
    return f"{project_id}:{day.isoformat()}"


def parse_answer_value(value: str) -> tuple[int, date]:
    project_id, day = value.split(":", 1)
    return int(project_id), date.fromisoformat(day)


def _answer_button(project_id: int, day: date) -> ActionsBlock:
    return ActionsBlock(
        block_id="standup",
        elements=[
            ButtonElement(
                text=PlainTextObject(text="Answer"),
                action_id=ANSWER_ACTION,
                value=answer_value(project_id, day),
                style="primary",
            )
        ],
    )


def _age(days: int) -> str:
    return "today" if days <= 0 else f"{days} day{'s' if days != 1 else ''}"


def _member_tasks(prompt: Prompt, member: str) -> str:
    """A member's overdue tasks first, each with its age, then those due soon."""
    late = ", ".join(
        f"`T-{t.number}` {safe(t.title)} (overdue {_age((prompt.day - t.due_date).days)})"
        for t in prompt.overdue.get(member, [])
    )
    soon = ", ".join(
        f"`T-{t.number}` {safe(t.title)} (due {t.due_date.isoformat()})"
        for t in prompt.due_soon.get(member, [])
    )
    parts = [late] if late else []
    if soon:
        parts.append(f"due soon: {soon}")
    return " — " + " · ".join(parts) if parts else ""


def prompt_message(prompt: Prompt) -> tuple[str, list[dict[str, Any]]]:
    """The parent message of the day's thread."""
    project = prompt.project
    title = f"Standup · {project.key} · {_day(prompt.day)}"
    blocks = [header(title)]
    if not prompt.members:
        blocks.append(
            section(
                "Nobody is a member of this project yet, so nobody is asked. "
                "Add people with `/project members add @alice @bob`."
            )
        )
    else:
        lines = []
        for member in prompt.members:
            if member in prompt.away:
                lines.append(f"• {user(member)} — _away_")
                continue
            lines.append(f"• {user(member)}" + _member_tasks(prompt, member))
        blocks.append(
            section(
                _cut(
                    "Reply in this thread: what you did yesterday, what you'll do today, "
                    "and anything blocking you (`blockers: waiting on T-12`).\n" + "\n".join(lines)
                )
            )
        )
    if prompt.blockers:
        lines = [
            f"• {user(b.user_id)}: {safe(b.text)} — open {_age(b.age_days)}"
            for b in prompt.blockers
        ]
        blocks.append(section(_cut("*Still blocked from earlier days*\n" + "\n".join(lines))))
    blocks = blocks[: MAX_BLOCKS - 2]
    blocks.append(_answer_button(project.id, prompt.day))
    blocks.append(context("Answer in the thread, with the button, or with `/standup <text>`."))
    return f"{title}: reply in the thread with your update.", dicts(blocks)


def reminder_message(project: Project, day: date) -> tuple[str, list[dict[str, Any]]]:
    """The one DM a member gets when they have not answered yet."""
    text = f"You haven't answered today's standup in *{project.key}* ({_day(day)}) yet."
    return text, dicts([section(text), _answer_button(project.id, day)])


def _answer_lines(answer: Answer | StandupReply) -> list[str]:
    parts = [
        f"*{label}:* {safe(getattr(answer, name))}"
        for name, label in FIELDS
        if getattr(answer, name)
    ]
    if answer.text:
        parts.insert(0, safe(answer.text))
    return parts


def answered_note(user_id: str, answer: Answer) -> str:
    """What the thread shows when someone answers through the modal or `/standup <text>`."""
    return _cut(f"{user(user_id)} answered:\n" + "\n".join(_answer_lines(answer)))


def summary_message(summary: Summary) -> tuple[str, list[dict[str, Any]]]:
    """The summary, posted as a reply in the day's thread."""
    answered = [u for u in summary.members if u in summary.replies]
    title = (
        f"Standup summary · {summary.project.key} · {_day(summary.day)}: "
        f"{len(answered)} of {len(summary.members) - len(summary.away & set(summary.members))} answered"
    )
    blocks = [section(f"*{title}*")]
    for member in answered:
        lines = [line for r in summary.replies[member] for line in _answer_lines(r)]
        blocks.append(section(_cut(f"{user(member)}\n" + "\n".join(lines))))
    if summary.blockers:
        lines = [
            f"• {user(u)}: {safe(text)}" + (f" — open {_age(age)}" if age else "")
            for u, text, age in summary.blockers
        ]
        blocks.append(section(_cut("*Blockers*\n" + "\n".join(lines))))
    else:
        blocks.append(section("*Blockers*: none reported."))
    if summary.missing:
        blocks.append(section(_cut("*No answer:* " + ", ".join(map(user, summary.missing)))))
    away = [u for u in summary.members if u in summary.away]
    if away:
        blocks.append(context("Away: " + ", ".join(map(user, away))))
    if not summary.members:
        blocks.append(context("Nobody is a member of this project yet."))
    if len(blocks) > MAX_BLOCKS:
        blocks = blocks[: MAX_BLOCKS - 1] + [context("…more answers in the thread above.")]
    return title, dicts(blocks)


def escalation_message(
    project: Project, blocker: Blocker, standups: int
) -> tuple[str, list[dict[str, Any]]]:
    """To a project owner: a blocker open for `standups` standups in a row, proposed as a risk."""
    text = (
        f":rotating_light: In *{project.key}*, {user(blocker.user_id)} has been blocked for "
        f"{standups} standups in a row (since {blocker.opened_on.isoformat()}): {safe(blocker.text)}"
    )
    button = ActionsBlock(
        block_id="blocker",
        elements=[
            ButtonElement(
                text=PlainTextObject(text="Make it a risk"),
                action_id=RISK_ACTION,
                value=str(blocker.id),
            )
        ],
    )
    return _cut(text), dicts(
        [
            section(_cut(text)),
            context("A risk starts at likelihood 3 × impact 3, owned by who is blocked."),
            button,
        ]
    )


def answer_modal(
    project: Project, day: date, channel_id: str, existing: StandupReply | None
) -> dict[str, Any]:
    """The answer modal: yesterday / today / blockers, prefilled with an earlier answer."""

    def field(block_id: str, label: str, hint: str) -> InputBlock:
        initial = getattr(existing, block_id, None) if existing else None
        return InputBlock(
            block_id=block_id,
            label=PlainTextObject(text=label),
            optional=True,
            element=PlainTextInputElement(
                action_id="value",
                multiline=True,
                initial_value=initial or None,
                placeholder=PlainTextObject(text=hint),
                max_length=3000,
            ),
        )

    meta = {"project_id": project.id, "day": day.isoformat(), "channel_id": channel_id}
    blocks = [
        context(f"*{safe(project.name)}* · {_day(day)}"),
        field("yesterday", "Yesterday", "What you finished"),
        field("today", "Today", "What you'll work on"),
        field("blockers", "Blockers", "Anything in your way; name tasks like T-12"),
    ]
    return modal(ANSWER_MODAL, f"Standup {project.key}", "Send", meta, blocks)


def report_reply(project: Project, summaries: list[Summary], period: str) -> Reply:
    """`/standup report`: the compiled standups of a day or a week, with who did not answer."""
    title = f"Standup report · {project.key} · {period}"
    if not summaries:
        return Reply(text=f"{title}: no standups were held then.")
    blocks: list[Any] = [header(title)]
    for summary in summaries:
        _, day_blocks = summary_message(summary)
        blocks.append(section(f"*{_day(summary.day)}*"))
        for block in day_blocks:
            if len(blocks) >= MAX_BLOCKS:
                break
            blocks.append(block)
    rendered = [b if isinstance(b, dict) else b.to_dict() for b in blocks][:50]
    return Reply(text=title, blocks=rendered)


HELP = [
    ("", "open the answer form for today's standup"),
    ("fixed the login bug; today: reviews; blockers: waiting on T-12", "answer in one line"),
    ('away from:monday until:friday "conference"', "no prompts or reminders while away"),
    ("back", "end an absence early"),
    ("report", "today's standup, compiled"),
    ("report week · report 2026-11-23", "a week, or a given day"),
]


def usage() -> Reply:
    return help_reply(
        "/standup",
        HELP,
        "The daily standup of this channel's project; `in:KEY` names a project from elsewhere.",
    )
