"""Block Kit for /project: the new project, info, members, settings and the modal."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.blocks.common import (
    Reply,
    context,
    day_label,
    dicts,
    divider,
    header,
    modal,
    mrkdwn,
    safe,
    section,
    user,
)
from bot.format import hours, money
from bot.services.costs import Spent
from bot.services.project_settings import ProjectSettings
from bot.services.projects import NEW_EXAMPLE, ProjectInfo
from bot.services.scoring import band, score
from bot.store.models import Member, Milestone, Project

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PROJECT_MODAL = "project_new"
CLOSE, CLOSE_CANCEL = "project_close", "project_close_cancel"


def _money(project: Project, amount: Any) -> str:
    return money(amount, project.currency)


def _dates(project: Project) -> str:
    start = project.start_date.isoformat() if project.start_date else "?"
    end = project.end_date.isoformat() if project.end_date else "?"
    return f"{start} → {end}"


def project_created(project: Project) -> Reply:
    lines = [
        f":rocket: <@{project.created_by}> started *{safe(project.name)}* (`{project.key}`) in this channel."
    ]
    if project.goal:
        lines.append(f"*Goal:* {safe(project.goal)}")
    if project.scope:
        lines.append(f"*Scope:* {safe(project.scope)}")
    fields = [
        mrkdwn(f"*Dates*\n{_dates(project)}"),
        mrkdwn(f"*Budget*\n{_money(project, project.budget)}"),
        mrkdwn(f"*Time zone*\n{project.timezone}"),
        mrkdwn(f"*Owner*\n{user(project.created_by)}"),
    ]
    blocks = [
        section("\n".join(lines)),
        SectionBlock(fields=fields),
        context(
            'Next: `/project members add @alice @bob` · `/project milestone "Beta" due:2027-01-15` · `/task add ...`'
        ),
    ]
    return Reply(
        text=f"Project {project.key} started: {safe(project.name)}",
        blocks=dicts(blocks),
        in_channel=True,
    )


def project_info(info: ProjectInfo) -> Reply:
    p, h = info.project, info.health
    spi = f"{h.ev.spi:.2f}" if h.ev.spi is not None else "—"
    cpi = f"{h.ev.cpi:.2f}" if h.ev.cpi is not None else "—"
    blocks: list[Any] = [header(f"{p.key} · {p.name}")]
    text = f"{p.key}: {h.status} — {safe(h.reason)}"
    if info.closed_on is not None:
        closed = f"Closed on {day_label(info.closed_on)}"
        blocks.append(
            section(f":lock: *{closed}* — read-only; `/project new` starts another here.")
        )
        text = f"{p.key} ({closed.lower()}): {h.status} — {safe(h.reason)}"
    if p.goal or p.scope:
        blocks.append(section(f"*Goal:* {safe(p.goal) or '—'}\n*Scope:* {safe(p.scope) or '—'}"))
    blocks.append(section(f"{h.emoji} *{h.status.upper()}* — {safe(h.reason)}"))
    blocks.append(
        SectionBlock(
            fields=[
                mrkdwn(f"*Dates*\n{_dates(p)}"),
                mrkdwn(f"*Complete*\n{h.ev.percent_complete}%"),
                mrkdwn(f"*Schedule (SPI)*\n{spi}"),
                mrkdwn(f"*Cost (CPI)*\n{cpi}"),
                mrkdwn(f"*Budget*\n{_money(p, p.budget)} (spent {_money(p, h.spent)})"),
                mrkdwn(f"*People · open tasks*\n{info.member_count} · {info.open_tasks}"),
            ]
        )
    )
    blocks.append(divider())
    blocks.append(
        section("*Next milestones*\n" + (_milestone_lines(info.next_milestones) or "_none_"))
    )
    risk_lines = "\n".join(
        f"`R-{r.number}` {safe(r.title)} — {score(r.likelihood, r.impact)} ({band(score(r.likelihood, r.impact))})"
        for r in info.top_risks
    )
    blocks.append(section("*Top risks*\n" + (risk_lines or "_none open_")))
    if p.baselined_at:
        blocks.append(context(f"Baseline frozen {p.baselined_at.date().isoformat()}"))
    else:
        blocks.append(context("No baseline yet: `/project baseline` freezes today's plan."))
    return Reply(text=text, blocks=dicts(blocks))


def project_list(found: list[Project], closed_on: dict[int, date | None]) -> Reply:
    """`/project list`: the workspace's open projects, then its closed ones with their close date."""
    if not found:
        return Reply(text=f"No projects in this workspace yet. `{NEW_EXAMPLE}` starts one here.")

    def line(p: Project) -> str:
        when = closed_on.get(p.id)
        closed = f" · closed on {day_label(when)}" if when else ""
        return f"`{p.key}` {safe(p.name)} · <#{p.channel_id}>{closed}"

    parts = [
        ("Open projects", [line(p) for p in found if p.status == "active"]),
        ("Closed projects", [line(p) for p in found if p.status != "active"]),
    ]
    text = "\n\n".join(f"*{title}*\n" + ("\n".join(lines) or "_none_") for title, lines in parts)
    return Reply(text=text[:3000])


def _milestone_lines(milestones: list[Milestone]) -> str:
    return "\n".join(
        f"`M-{m.number}` {safe(m.name)} — due {m.due_date.isoformat()}" for m in milestones
    )


def milestone_added(project: Project, milestone: Milestone) -> Reply:
    return Reply(
        text=f":triangular_flag_on_post: `M-{milestone.number}` *{safe(milestone.name)}* due {milestone.due_date.isoformat()} added to {project.key}.",
        in_channel=True,
    )


def milestone_done(milestone: Milestone) -> Reply:
    return Reply(
        text=f":white_check_mark: `M-{milestone.number}` *{safe(milestone.name)}* is done.",
        in_channel=True,
    )


def members_list(project: Project, members: list[Member]) -> Reply:
    lines = [f"{user(m.user_id)} — {m.role}, {hours(m.capacity_hours)}/week" for m in members]
    return Reply(text=f"*Members of {project.key}*\n" + "\n".join(lines))


def settings_summary(project: Project, changed: dict[str, tuple[Any, Any]] | None = None) -> Reply:
    s = ProjectSettings.of(project.settings)
    days = ", ".join(DAY_NAMES[d] for d in s.standup_days)
    digest_to = f"<#{s.digest_channel}>" if s.digest_channel else "stakeholders by DM"
    lines = [
        f"*Standup:* {s.standup_time:%H:%M} on {days} (reminder {s.reminder_time:%H:%M}, summary {s.summary_time:%H:%M})",
        f"*Digest:* {DAY_NAMES[s.digest_day]} {s.digest_time:%H:%M} to {digest_to}",
        f"*Alerts:* {'on' if s.alerts else 'off'} · *Time zone:* {project.timezone}",
        f"*Survey:* {s.survey} answers",
        f"*Language:* {'中文' if s.lang == 'zh' else 'English'} (`lang:en`, `lang:zh`)",
        f"*Thresholds:* green SPI/CPI ≥ {s.spi_green:g}, red below {s.red_below:g}",
    ]
    title = f"Settings of {project.key}" + (" updated" if changed else "")
    return Reply(text=f"*{title}*\n" + "\n".join(lines), in_channel=bool(changed))


def spend_recorded(project: Project, spent: Spent) -> Reply:
    entry = spent.entry
    line = f":money_with_wings: <@{entry.created_by}> spent {_money(project, entry.amount)} on {safe(entry.note)}"
    if spent.task_number is not None:
        line += f" (`T-{spent.task_number}`)"
    if project.budget:
        share = spent.total / project.budget
        line += f". Spent so far: {_money(project, spent.total)}, {share:.0%} of the budget."
    else:
        line += f". Spent so far: {_money(project, spent.total)} (no budget set)."
    return Reply(text=line, in_channel=True)


def _people(count: int) -> str:
    return f"{count} member{'' if count == 1 else 's'}"


def close_prompt(project: Project, surveyed: int) -> Reply:
    """`/project close` asks first: Close project (owners) or Cancel."""
    question = f"Close {project.key}? Surveys go to {_people(surveyed)}"
    confirm = ConfirmObject(
        title="Close the project?",
        text=f"{project.key} becomes read-only and the evaluation survey goes out.",
        confirm="Close project",
        deny="Not yet",
        style="danger",
    )
    value = str(project.id)
    buttons = [
        ButtonElement(
            text="Close project", action_id=CLOSE, value=value, style="danger", confirm=confirm
        ),
        ButtonElement(text="Cancel", action_id=CLOSE_CANCEL, value=value),
    ]
    blocks = [
        section(
            f"*{question}*\n*{safe(project.name)}* becomes read-only: its records stay, changes "
            "are refused, and `/project new` can start another project in this channel."
        ),
        ActionsBlock(block_id="project_close", elements=buttons),
    ]
    return Reply(text=question, blocks=dicts(blocks))


def project_closed(project: Project, actor: str, survey_closes: str) -> Reply:
    """The channel's announcement that a project closed."""
    return Reply(
        text=f":checkered_flag: <@{actor}> closed *{project.key}*. Every member gets the evaluation "
        f"survey (open until {survey_closes}); the report follows when all have answered.",
        in_channel=True,
    )


def close_done(project: Project, surveyed: int) -> str:
    """What replaces the owner's question once the project is closed."""
    return f":white_check_mark: Closed *{project.key}*. The survey goes to {_people(surveyed)}."


def project_modal(channel_id: str, timezone: str) -> dict[str, Any]:
    """The bare `/project` modal: the same fields as `/project new`."""

    def text_input(
        block_id: str, label: str, *, optional: bool = True, multiline: bool = False, hint: str = ""
    ) -> InputBlock:
        return InputBlock(
            block_id=block_id,
            label=PlainTextObject(text=label),
            optional=optional,
            element=PlainTextInputElement(
                action_id="value",
                multiline=multiline,
                placeholder=PlainTextObject(text=hint) if hint else None,
            ),
        )

    def date_input(block_id: str, label: str) -> InputBlock:
        return InputBlock(
            block_id=block_id,
            label=PlainTextObject(text=label),
            optional=True,
            element=DatePickerElement(action_id="value"),
        )

    currency = InputBlock(
        block_id="currency",
        label=PlainTextObject(text="Currency"),
        optional=True,
        element=StaticSelectElement(
            action_id="value",
            options=[Option(text=c, value=c) for c in ("CNY", "USD", "EUR", "GBP", "JPY")],
            initial_option=Option(text="CNY", value="CNY"),
        ),
    )
    blocks = [
        text_input("name", "Name", optional=False, hint="Member Portal v2"),
        text_input("key", "Key (2–10 letters; left empty, one is made from the name)", hint="MP"),
        text_input("goal", "Goal", multiline=True),
        text_input("scope", "Scope", multiline=True),
        date_input("start", "Start"),
        date_input("end", "End"),
        text_input("budget", "Budget", hint="50000"),
        currency,
        text_input("tz", "Time zone", hint=timezone),
    ]
    return modal(PROJECT_MODAL, "New project", "Create", {"channel_id": channel_id}, blocks)
