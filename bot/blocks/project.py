"""Block Kit for /project: the new project, info, milestones, settings, baseline and spend.

The bare `/project` modal is in `bot.blocks.project_modal`; members in `project_members`; closing
in `project_close`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    SectionBlock,
)

from bot.blocks import health as health_words
from bot.blocks.common import Reply, context, dicts, divider, header, mrkdwn, section
from bot.i18n import Mrkdwn, Phrase, Tr
from bot.views.project import (
    InfoView,
    MilestoneView,
    ProjectCard,
    SettingsView,
    SpendView,
)

NEW_EXAMPLE = '/project new "Member Portal v2" key:MP start:today end:"in 3 months"'


def mention(user_id: str | None) -> Mrkdwn:
    return Mrkdwn(f"<@{user_id}>" if user_id else "—")


def span(tr: Tr, start: date | None, end: date | None) -> Mrkdwn:
    """`start → end`, both in one message so a span across years writes each year."""
    if start and end:
        return Mrkdwn(tr("project.span", start=start, end=end))
    # A date not given is "—". No start is no start: health counts no time share without one
    # and burn-up starts at the first task, so no day is made up here.
    first, last = (tr("project.date", day=d) if d else "—" for d in (start, end))
    return Mrkdwn(f"{first} → {last}")


def _dates(tr: Tr, p: ProjectCard) -> Mrkdwn:
    return span(tr, p.start, p.end)


def _field(tr: Tr, label: str, value: Any) -> Any:
    return mrkdwn(tr("project.field", label=tr.plain(label), value=value))


def project_created(p: ProjectCard, tr: Tr) -> Reply:
    lines = [tr("project.created", actor=mention(p.created_by), name=p.name, key=p.key)]
    if p.goal:
        lines.append(tr("project.goal", goal=p.goal))
    if p.scope:
        lines.append(tr("project.scope", scope=p.scope))
    fields = [
        _field(tr, "project.label.dates", _dates(tr, p)),
        _field(tr, "project.label.budget", tr.money(p.budget, p.currency)),
        _field(tr, "project.label.timezone", p.timezone),
        _field(tr, "project.label.owner", mention(p.created_by)),
    ]
    blocks = [
        section("\n".join(lines)),
        SectionBlock(fields=fields),
        context(tr("project.created_next")),
    ]
    return Reply(
        text=tr("project.created_text", key=p.key, name=p.name),
        blocks=dicts(blocks),
        in_channel=True,
    )


def _ratio(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "—"


def _status(tr: Tr, status: str) -> str:
    return tr.plain(f"project.health.{status}")


_EMOJI = {"green": ":large_green_circle:", "amber": ":large_orange_circle:", "red": ":red_circle:"}


def project_info(info: InfoView, tr: Tr) -> Reply:
    p = info.project
    blocks: list[Any] = [header(f"{p.key} · {p.name}")]
    status = _status(tr, info.status)
    reason = health_words.reasons(tr, info.health)
    text = tr("project.info_text", key=p.key, status=status, reason=reason)
    if p.closed_on is not None:
        blocks.append(section(tr("project.info_closed", day=p.closed_on)))
        text = tr(
            "project.info_text_closed",
            key=p.key,
            day=p.closed_on,
            status=status,
            reason=reason,
        )
    if p.goal or p.scope:
        blocks.append(section(tr("project.goal_scope", goal=p.goal or "—", scope=p.scope or "—")))
    blocks.append(
        section(
            tr(
                "project.health_line",
                emoji=Mrkdwn(_EMOJI.get(info.status, "")),
                status=status,
                reason=reason,
            )
        )
    )
    budget = tr(
        "project.budget_spent",
        budget=tr.money(p.budget, p.currency),
        spent=tr.money(info.spent, p.currency),
    )
    blocks.append(
        SectionBlock(
            fields=[
                _field(tr, "project.label.dates", _dates(tr, p)),
                _field(tr, "project.label.complete", f"{info.percent_complete}%"),
                _field(tr, "project.label.spi", _ratio(info.spi)),
                _field(tr, "project.label.cpi", _ratio(info.cpi)),
                _field(tr, "project.label.budget", Mrkdwn(budget)),
                _field(tr, "project.label.people", f"{info.member_count} · {info.open_tasks}"),
            ]
        )
    )
    blocks.append(divider())
    milestones = _milestone_lines(tr, info.milestones) or tr("project.none")
    blocks.append(section(tr("project.next_milestones", lines=Mrkdwn(milestones))))
    risks = "\n".join(
        tr(
            "project.risk_line_occurred" if r.occurred else "project.risk_line",
            number=r.number,
            title=r.title,
            score=r.score,
            band=tr.plain(f"home.band.{r.band}"),
        )
        for r in info.risks
    )
    blocks.append(section(tr("project.top_risks", lines=Mrkdwn(risks or tr("project.none_open")))))
    if info.baselined_on:
        blocks.append(context(tr("project.baseline_on", day=info.baselined_on)))
    else:
        blocks.append(context(tr("project.no_baseline")))
    return Reply(text=text, blocks=dicts(blocks))


def project_list(found: list[ProjectCard], tr: Tr) -> Reply:
    """`/project list`: the workspace's open projects, then its closed ones with their close date."""
    if not found:
        return Reply(text=tr("project.list_empty", example=Mrkdwn(f"`{NEW_EXAMPLE}`")))

    def line(p: ProjectCard) -> str:
        closed = tr("project.closed_on_suffix", day=p.closed_on) if p.closed_on else ""
        channel = Mrkdwn(f"<#{p.channel_id}>")
        return tr("project.list_line", key=p.key, name=p.name, channel=channel) + closed

    parts = [
        ("project.list_open", [line(p) for p in found if p.active]),
        ("project.list_closed", [line(p) for p in found if not p.active]),
    ]
    text = "\n\n".join(
        f"*{tr.plain(title)}*\n" + ("\n".join(lines) or tr("project.none"))
        for title, lines in parts
    )
    return Reply(text=text[:3000])


def _milestone_lines(tr: Tr, milestones: tuple[MilestoneView, ...]) -> str:
    return "\n".join(
        tr("project.milestone_line", number=m.number, name=m.name, due=m.due)
        + (tr("milestone.missed", n=m.late_days) if m.late_days else "")
        for m in milestones
    )


def milestone_added(key: str, m: MilestoneView, notes: list[Phrase], tr: Tr) -> Reply:
    said = tr("project.milestone_added", number=m.number, name=m.name, due=m.due, key=key)
    return Reply(text="\n".join([said, *(tr(n.key, **n.params) for n in notes)]), in_channel=True)


def milestone_done(m: MilestoneView, tr: Tr) -> Reply:
    return Reply(text=tr("project.milestone_done", number=m.number, name=m.name), in_channel=True)


def baseline_set(key: str, count: int, tr: Tr) -> Reply:
    return Reply(text=tr("project.baseline_set", key=key, n=count), in_channel=True)


def _weekday(tr: Tr, day: int) -> str:
    return tr.plain(f"project.weekday.{day}")


def settings_summary(
    s: SettingsView, tr: Tr, *, changed: bool = False, notes: list[Phrase] | None = None
) -> Reply:
    sep = tr("project.list_sep")
    days = sep.join(_weekday(tr, d) for d in s.standup_days)
    digest_to = Mrkdwn(f"<#{s.digest_channel}>") if s.digest_channel else tr("project.digest_dm")
    lines = [
        tr("project.settings.dates", dates=span(tr, s.start, s.end)),
        tr(
            "project.settings.standup",
            time=f"{s.standup_time:%H:%M}",
            days=days,
            reminder=f"{s.reminder_time:%H:%M}",
            summary=f"{s.summary_time:%H:%M}",
        ),
        tr(
            "project.settings.digest",
            day=_weekday(tr, s.digest_day),
            time=f"{s.digest_time:%H:%M}",
            to=digest_to,
        ),
        tr(
            "project.settings.alerts",
            alerts=tr.plain("project.on" if s.alerts else "project.off"),
            tz=s.timezone,
        ),
        tr("project.settings.survey", survey=tr.plain(f"project.survey.{s.survey}")),
        tr("project.settings.lang", lang="中文" if s.lang == "zh" else "English"),
        tr("project.settings.thresholds", green=f"{s.spi_green:g}", red=f"{s.red_below:g}"),
    ]
    lines += [tr(n.key, **n.params) for n in notes or ()]
    title = tr.plain("project.settings.updated" if changed else "project.settings.title", key=s.key)
    return Reply(text=f"*{title}*\n" + "\n".join(lines), in_channel=changed)


def spend_recorded(s: SpendView, tr: Tr) -> Reply:
    amount, total = tr.money(s.amount, s.currency), tr.money(s.total, s.currency)
    line = tr("project.spent", actor=mention(s.actor), amount=amount, note=s.note)
    if s.task_number is not None:
        line += tr("project.spent_task", number=s.task_number)
    if s.budget:
        share = f"{s.total / s.budget:.0%}"
        line += tr("project.spent_share", total=total, share=share)
    else:
        line += tr("project.spent_no_budget", total=total)
    return Reply(text=line, in_channel=True)
