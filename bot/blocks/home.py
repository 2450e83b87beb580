"""The App Home tab: a person's open tasks (with buttons), claims, risks and projects' health."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement
from slack_sdk.models.views import View

from bot.blocks import health as health_words
from bot.blocks.common import context, dicts, divider, header, section
from bot.blocks.task import DONE, PROGRESS, START
from bot.i18n import Mrkdwn, Tr, escape_mrkdwn
from bot.views.home import HomeTaskView, HomeView

_EMOJI = {"green": ":large_green_circle:", "amber": ":large_orange_circle:", "red": ":red_circle:"}


def _user(tr: Tr, user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else tr("home.nobody")


def _task_line(tr: Tr, t: HomeTaskView) -> str:
    due = ""
    if t.due is not None:
        due = tr("home.due", due=t.due)
        if t.overdue:
            due = tr("home.overdue", due=t.due, n=(t.today - t.due).days)
    status = tr(f"home.status.{t.status}", progress=t.progress)
    return tr(
        "home.task_line",
        key=t.project_key,
        ref=t.ref,
        title=t.title,
        owner=Mrkdwn(_user(tr, t.owner_id)),
        due=Mrkdwn(due),
        status=Mrkdwn(status),
    )


def _buttons(tr: Tr, t: HomeTaskView) -> ActionsBlock:
    """Start · +25 % · Done, each carrying the task's database id."""
    value = str(t.task_id)
    elements = [
        ButtonElement(text=tr.plain("home.button.start"), action_id=START, value=value),
        ButtonElement(text=tr.plain("home.button.progress"), action_id=PROGRESS, value=value),
        ButtonElement(
            text=tr.plain("home.button.done"), action_id=DONE, value=value, style="primary"
        ),
    ]
    if t.status != "open":
        elements = elements[1:]
    return ActionsBlock(block_id=f"task-{t.task_id}", elements=elements)


def home_view(data: HomeView, tr: Tr | None = None) -> dict[str, Any]:
    """The Home tab view for one person, in their language."""
    tr = tr or Tr()
    blocks: list[Any] = [header(tr.plain("home.tasks"))]
    if not data.tasks:
        blocks.append(section(tr("home.no_tasks")))
    for t in data.tasks:
        blocks += [section(_task_line(tr, t)), _buttons(tr, t)]
    if data.more_tasks:
        blocks.append(context(tr("home.more_tasks", n=data.more_tasks)))
    blocks += [divider(), header(tr.plain("home.projects"))]
    if not data.projects:
        blocks.append(section(tr("home.no_projects" if data.closed else "home.no_project_yet")))
    for p in data.projects:
        text = tr(
            "home.project_line",
            emoji=Mrkdwn(_EMOJI.get(p.health.status, "")),
            key=p.key,
            name=p.name,
            status=tr.plain(f"home.health.{p.health.status}"),
            reason=health_words.reasons(tr, p.health),
            channel=Mrkdwn(f"<#{p.channel_id}>"),
            role=tr.plain(f"home.role.{p.role}"),
        )
        blocks.append(section(text))
    if data.closed:
        blocks += [divider(), header(tr.plain("home.closed"))]
        lines = [
            tr("home.closed_line", key=c.key, name=c.name, channel=Mrkdwn(f"<#{c.channel_id}>"))
            + (tr("home.closed_on", day=c.closed_on) if c.closed_on else "")
            for c in data.closed
        ]
        blocks.append(section("\n".join(lines)))
    blocks += [divider(), header(tr.plain("home.claims"))]
    claims = [
        tr(
            "home.claim_line",
            number=c.number,
            resource=Mrkdwn(f"<@{c.person}>" if c.person else f"*{escape_mrkdwn(c.resource)}*"),
            start=c.start,
            end=c.end,
            hours=tr.hours(c.hours),
            key=c.project_key,
        )
        + (tr("home.over_allocated") if c.over_allocated else "")
        for c in data.claims
    ]
    blocks.append(section("\n".join(claims) or tr("home.no_claims")))
    blocks += [divider(), header(tr.plain("home.risks"))]
    risks = [
        tr(
            "home.risk_line_occurred" if r.occurred else "home.risk_line",
            number=r.number,
            title=r.title,
            band=tr.plain(f"home.band.{r.band}"),
            score=r.score,
            key=r.project_key,
        )
        for r in data.risks
    ]
    blocks.append(section("\n".join(risks) or tr("home.no_risks")))
    return View(type="home", blocks=dicts(blocks[:100])).to_dict()
