"""Block Kit for /project: the new project, info, members, settings, spend and close.

The bare `/project` modal is in `bot.blocks.project_modal`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    SectionBlock,
)

from bot.blocks import health as health_words
from bot.blocks.common import Reply, context, dicts, divider, header, mrkdwn, section
from bot.i18n import Mrkdwn, Phrase, Tr
from bot.views.project import (
    InfoView,
    Joined,
    MemberView,
    MilestoneView,
    ProjectCard,
    SettingsView,
    SpendView,
)
from bot.views.survey import SentSurvey

CLOSE, CLOSE_CANCEL = "project_close", "project_close_cancel"
NEW_EXAMPLE = '/project new "Member Portal v2" key:MP start:today end:"in 3 months"'


def _mention(user_id: str | None) -> Mrkdwn:
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
    lines = [tr("project.created", actor=_mention(p.created_by), name=p.name, key=p.key)]
    if p.goal:
        lines.append(tr("project.goal", goal=p.goal))
    if p.scope:
        lines.append(tr("project.scope", scope=p.scope))
    fields = [
        _field(tr, "project.label.dates", _dates(tr, p)),
        _field(tr, "project.label.budget", tr.money(p.budget, p.currency)),
        _field(tr, "project.label.timezone", p.timezone),
        _field(tr, "project.label.owner", _mention(p.created_by)),
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


def members_list(key: str, members: tuple[MemberView, ...], tr: Tr) -> Reply:
    lines = [
        tr(
            "project.member_line",
            user=_mention(m.user_id),
            role=tr.plain(f"home.role.{m.role}"),
            hours=tr.hours(m.capacity),
        )
        if m.role != "stakeholder"  # follows the project: no hours of work to give it
        else tr(
            "project.member_follows",
            user=_mention(m.user_id),
            role=tr.plain("home.role.stakeholder"),
        )  # fmt: skip
        for m in members
    ]
    return Reply(text=tr("project.members_title", key=key) + "\n" + "\n".join(lines))


def members_added(key: str, joined: list[Joined], role: str, tr: Tr) -> Reply:
    """Who joined, said to the channel; who was already in is said so, with what changed (their
    role, their hours), not announced as joining again. Nothing new and nothing changed is
    said to the person alone."""
    lines = []
    new = [j.user_id for j in joined if j.new]
    if new:
        who, n = Mrkdwn(", ".join(f"<@{u}>" for u in new)), len(new)
        role_name = Phrase(f"project.now_role.{role}", n=n)
        lines.append(tr("project.members_added", n=n, who=who, role=role_name, key=key))
    same = [j.user_id for j in joined if not j.new and not j.changed]
    if same:
        who, n = Mrkdwn(", ".join(f"<@{u}>" for u in same)), len(same)
        role_name = Phrase(f"project.now_role.{role}", n=n)
        lines.append(tr("project.members_already", n=n, who=who, role=role_name, key=key))
    for j in joined:
        if not j.new and j.changed:
            lines.append(tr("project.member_changed", user=_mention(j.user_id), key=key, changes=Mrkdwn(_changes(j, tr))))  # fmt: skip
    return Reply(text="\n".join(lines), in_channel=bool(new) or len(same) < len(joined))


def _changes(j: Joined, tr: Tr) -> str:
    said = []
    if j.old_role != j.role:
        old, new = (tr.plain(f"home.role.{r}") for r in (j.old_role, j.role))
        said.append(tr("project.member_role_changed", old=old, new=new))
    if j.old_capacity != j.capacity and j.old_capacity is not None:
        said.append(tr("project.member_hours_changed", old=tr.hours(j.old_capacity), new=tr.hours(j.capacity)))  # fmt: skip
    if len(said) == 2:
        return tr("project.changes_both", first=Mrkdwn(said[0]), then=Mrkdwn(said[1]))
    return said[0]


def members_removed(key: str, still_own: dict[str, list[int]], tr: Tr) -> Reply:
    """Who left the project; for each who still owns open tasks there, which, to reassign."""
    who = Mrkdwn(", ".join(f"<@{u}>" for u in still_own))
    lines = [tr("project.members_removed", who=who, key=key)]
    for user_id, numbers in still_own.items():
        if numbers:
            refs = Mrkdwn(", ".join(f"`T-{n}`" for n in numbers))
            lines.append(
                tr(
                    "project.removed_still_owns",
                    user=Mrkdwn(f"<@{user_id}>"),
                    refs=refs,
                    n=len(numbers),
                    first=numbers[0],
                )  # fmt: skip
            )
    return Reply(text="\n".join(lines), in_channel=True)


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
    line = tr("project.spent", actor=_mention(s.actor), amount=amount, note=s.note)
    if s.task_number is not None:
        line += tr("project.spent_task", number=s.task_number)
    if s.budget:
        share = f"{s.total / s.budget:.0%}"
        line += tr("project.spent_share", total=total, share=share)
    else:
        line += tr("project.spent_no_budget", total=total)
    return Reply(text=line, in_channel=True)


def _sent(tr: Tr, sent: SentSurvey) -> dict[str, Any]:
    """The parameters the close messages give a survey that already went out."""
    until = f"{tr.day(sent.closes)} {tr.time(sent.closes)}"
    return {"opened": sent.opened, "closes": sent.closes, "until": until, "asked": sent.asked}


def close_prompt(p: ProjectCard, surveyed: int, tr: Tr, sent: SentSurvey | None = None) -> Reply:
    """`/project close` asks first: Close project (owners) or Cancel. It names who the survey
    goes to, or, when the end date passed first, when it went out and how many answered."""
    if sent is None:
        question = tr("project.close_question", key=p.key, n=surveyed)
        confirm_text = tr.plain("project.close_confirm_text", key=p.key)
    else:
        said = _sent(tr, sent)
        asked = "project.close_question_over" if sent.over else "project.close_question_sent"
        question = tr(asked, key=p.key, n=sent.answered, **said)
        confirm_text = tr.plain("project.close_confirm_text_sent", key=p.key)
    confirm = ConfirmObject(
        title=tr.plain("project.close_confirm_title"),
        text=confirm_text,
        confirm=tr.plain("project.close_button"),
        deny=tr.plain("project.close_not_yet"),
        style="danger",
    )
    value = str(p.id)
    buttons = [
        ButtonElement(
            text=tr.plain("project.close_button"),
            action_id=CLOSE,
            value=value,
            style="danger",
            confirm=confirm,
        ),
        ButtonElement(text=tr.plain("project.cancel"), action_id=CLOSE_CANCEL, value=value),
    ]
    explain = tr("project.close_explain", question=Mrkdwn(question), name=p.name)
    if sent is not None:
        after = "project.close_survey_over" if sent.over else "project.close_survey_open"
        explain += "\n" + tr(after, until=_sent(tr, sent)["until"])
    blocks = [
        section(explain),
        ActionsBlock(block_id="project_close", elements=buttons),
    ]
    return Reply(text=question, blocks=dicts(blocks))


def project_closed(
    p: ProjectCard, actor: str, survey_closes: datetime, tr: Tr, sent: SentSurvey | None = None
) -> Reply:
    """The channel's announcement that a project closed (and of its survey, sent now or before)."""
    if sent is None:
        closes = f"{tr('project.date', day=survey_closes)} {survey_closes:%H:%M}"
        text = tr("project.closed_announce", actor=_mention(actor), key=p.key, closes=closes)
    else:
        said = "project.closed_announce_over" if sent.over else "project.closed_announce_sent"
        text = tr(said, actor=_mention(actor), key=p.key, **_sent(tr, sent))
    return Reply(text=text, in_channel=True)


def close_done(p: ProjectCard, surveyed: int, tr: Tr, sent: SentSurvey | None = None) -> str:
    """What replaces the owner's question once the project is closed."""
    if sent is None:
        return tr("project.close_done", key=p.key, n=surveyed)
    return tr("project.close_done_sent", key=p.key, n=sent.answered, **_sent(tr, sent))


def not_closed(tr: Tr) -> str:
    return tr("project.not_closed")
