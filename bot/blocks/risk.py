"""Block Kit for /risk: the register, one risk with its history, the matrix, escalation, the modal."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    UserSelectElement,
)

from bot.blocks.common import Reply, context, dicts, header, modal, safe, user
from bot.blocks.common import section as _section
from bot.services.risks import IMPACT, LIKELIHOOD, Escalation, Saved
from bot.services.scoring import band, score
from bot.store.models import Change, Project, Risk, Task

RISK_MODAL = "risk_new"
TO_TASK = "risk_to_task"
EMOJI = {
    "critical": ":red_circle:",
    "high": ":large_orange_circle:",
    "medium": ":large_yellow_circle:",
    "low": ":large_green_circle:",
}
_CELL = 12
_SHORT_IMPACT = ("insignif.", "minor", "moderate", "major", "severe")
_LIST_MAX = 40


def section(text: str) -> Any:
    """A section clipped to Slack's 3000 characters (escaped user text can grow fivefold)."""
    return _section(text if len(text) <= 3000 else text[:2990] + " …")


def _short(text: str | None, limit: int = 100) -> str:
    """User text cut before escaping, for one-line places (history, legend)."""
    text = text or ""
    return safe(text if len(text) <= limit else text[: limit - 1] + "…")


def _pack(lines: list[str], limit: int = 2900) -> list[Any]:
    """Lines packed into as few sections as fit."""
    out: list[list[str]] = [[]]
    for line in lines:
        if out[-1] and len("\n".join([*out[-1], line])) > limit:
            out.append([])
        out[-1].append(line)
    return [section("\n".join(chunk)) for chunk in out if chunk]


def scored(likelihood: int, impact: int) -> str:
    value = score(likelihood, impact)
    return f"{EMOJI[band(value)]} *{value}* ({band(value)})"


def _levels(risk: Risk) -> str:
    return (
        f"likelihood {risk.likelihood} ({LIKELIHOOD[risk.likelihood - 1]}) × "
        f"impact {risk.impact} ({IMPACT[risk.impact - 1]})"
    )


def risk_line(risk: Risk) -> str:
    state = "" if risk.status == "open" else f" _({risk.status})_"
    review = f" · review {risk.review_date}" if risk.review_date and risk.status == "open" else ""
    return (
        f"{scored(risk.likelihood, risk.impact)} `R-{risk.number}` {safe(risk.title)}"
        f" — {user(risk.owner_id)}{review}{state}"
    )


def _told(esc: Escalation | None) -> str | None:
    if esc is None:
        return None
    if esc.digest_channel:
        return f":rotating_light: Critical: announced in <#{esc.digest_channel}>."
    if esc.user_ids:
        return (
            ":rotating_light: Critical: "
            + ", ".join(user(u) for u in esc.user_ids)
            + " told by DM."
        )
    return ":rotating_light: Critical, but *no stakeholders* to tell: `/project members add @x role:stakeholder`."


def risk_added(project: Project, saved: Saved) -> Reply:
    r = saved.risk
    lines = [
        f":warning: {user(r.created_by)} added `R-{r.number}` *{safe(r.title)}* to {project.key}",
        f"Score {scored(r.likelihood, r.impact)} · {_levels(r)} · owner {user(r.owner_id)}",
    ]
    if r.mitigation:
        lines.append(f"*Mitigation:* {safe(r.mitigation)}")
    lines.append(f"*Review:* {r.review_date or '_no date — add one with_ `review:DATE`'}")
    blocks = [section("\n".join(lines))]
    if note := _told(saved.escalation):
        blocks.append(context(note))
    text = (
        f"R-{r.number} {safe(r.title)}: score {score(r.likelihood, r.impact)} "
        f"({band(score(r.likelihood, r.impact))}), owner {user(r.owner_id)}"
    )
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


def _change(name: str, old: Any, new: Any) -> str:
    if name == "owner":
        return f"owner {user(old)} → {user(new)}"
    if name in ("title", "mitigation"):
        return f"{name} → “{_short(str(new) if new else '')}”"
    return f"{name.replace('_', ' ')} {_short(str(old))} → {_short(str(new))}"


def risk_changed(project: Project, saved: Saved, actor: str) -> Reply:
    r = saved.risk
    what = "; ".join(_change(k, *v) for k, v in saved.changes.items())
    text = f":pencil2: {user(actor)} updated `R-{r.number}` *{safe(r.title)}*: {what}"
    blocks = [section(text), context(f"Now {scored(r.likelihood, r.impact)} · {_levels(r)}")]
    if note := _told(saved.escalation):
        blocks.append(context(note))
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


def risk_closed(saved: Saved, actor: str) -> Reply:
    r = saved.risk
    why = f": {safe(r.close_reason)}" if r.close_reason else ""
    return Reply(
        text=f":white_check_mark: {user(actor)} closed `R-{r.number}` *{safe(r.title)}*{why}",
        in_channel=True,
    )


def risk_occurred(saved: Saved, actor: str) -> Reply:
    r = saved.risk
    text = f":boom: `R-{r.number}` *{safe(r.title)}* has occurred — it is now an issue ({user(actor)})."
    button = ButtonElement(
        text="Create a blocked task", action_id=TO_TASK, value=str(r.id), style="primary"
    )
    blocks = [
        section(text),
        ActionsBlock(block_id="risk_occurred", elements=[button]),
        context(f"The task would be owned by {user(r.owner_id)} and linked to R-{r.number}."),
    ]
    return Reply(text=text, blocks=dicts(blocks), in_channel=True)


def task_made(risk: Risk, task: Task, actor: str) -> Reply:
    text = (
        f":boom: `R-{risk.number}` *{safe(risk.title)}* has occurred. {user(actor)} created "
        f"`T-{task.number}` (blocked, owner {user(task.owner_id)}): {safe(task.blocked_reason)}"
    )
    return Reply(text=text, in_channel=True)


def risk_list(project: Project, risks: list[Risk], which: str) -> Reply:
    title = {"open": "Open risks", "mine": "My open risks", "all": "All risks"}[which]
    if not risks:
        empty = {
            "open": f"No open risks in *{project.key}*. Add one with `/risk add …`",
            "mine": f"You own no open risks in *{project.key}*.",
            "all": f"No risks yet in *{project.key}*. Add one with `/risk add …`",
        }[which]
        return Reply(text=empty)
    lines = [risk_line(r) for r in risks[:_LIST_MAX]]
    blocks: list[Any] = [header(f"{title} of {project.key}")]
    blocks += _pack(lines)
    more = len(risks) - _LIST_MAX
    foot = f"{more} more not shown · " if more > 0 else ""
    blocks.append(context(foot + "by score: low 1–4, medium 5–9, high 10–16, critical 20–25"))
    return Reply(text=f"{title} of {project.key}: {len(risks)}", blocks=dicts(blocks))


def _history_line(change: Change, tz: ZoneInfo) -> str:
    at = change.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    if change.field == "created":
        return f"{at} {user(change.actor)} added it"
    if change.old is None:
        value = _short(change.new)
        if change.field == "owner":
            value = user(change.new)
        elif change.field in ("title", "mitigation", "close_reason"):
            value = f"“{value}”"
        return f"{at} {user(change.actor)} set {change.field.replace('_', ' ')} {value}"
    return f"{at} {user(change.actor)}: {_change(change.field, change.old, change.new)}"


def risk_show(project: Project, risk: Risk, changes: list[Change], task: int | None) -> Reply:
    tz = ZoneInfo(project.timezone)
    lines = [
        f"Score {scored(risk.likelihood, risk.impact)} · {_levels(risk)}",
        f"*Status:* {risk.status}"
        + (f" — {safe(risk.close_reason)}" if risk.close_reason else "")
        + f" · *Owner:* {user(risk.owner_id)} · *Review:* {risk.review_date or '—'}",
        f"*Mitigation:* {safe(risk.mitigation) or '_none yet_'}",
    ]
    if task is not None:
        lines.append(f"*Task:* `T-{task}`")
    if risk.escalated_at:
        lines.append(f"*Escalated:* {risk.escalated_at.astimezone(tz):%Y-%m-%d %H:%M}")
    shown = [c for c in changes if c.field not in ("score",)]
    story = "\n".join(_history_line(c, tz) for c in shown[-30:])
    blocks = [
        header(f"R-{risk.number} · {risk.title}"),
        section("\n".join(lines)),
        section("*History*\n" + (story or "_nothing yet_")),
    ]
    return Reply(text=f"R-{risk.number} {safe(risk.title)}", blocks=dicts(blocks))


def _cell(refs: list[str]) -> str:
    out = ""
    for i, ref in enumerate(refs):
        more = f"+{len(refs) - i}"
        candidate = ref if not out else f"{out},{ref}"
        if len(candidate) > _CELL - 1 or (i < len(refs) - 1 and len(candidate) + 3 > _CELL - 1):
            return f"{out},{more}" if out else more
        out = candidate
    return out or "·"


def matrix_grid(cells: dict[tuple[int, int], list[str]]) -> str:
    """The 5×5 grid as monospaced text: likelihood rows (5 on top) × impact columns."""
    pad = " " * 17
    head = "".join(f"{f'{i} {name}':<{_CELL}}" for i, name in enumerate(_SHORT_IMPACT, 1))
    rows = [pad + "impact →", (pad + head).rstrip()]
    for likelihood in range(5, 0, -1):
        label = f"{likelihood} {LIKELIHOOD[likelihood - 1]}"
        row = "".join(f"{_cell(cells.get((likelihood, i), [])):<{_CELL}}" for i in range(1, 6))
        rows.append(f"{label:<17}{row}".rstrip())
    rows.append("likelihood ↑")
    return "\n".join(rows)


def matrix(project: Project, risks: list[Risk], cells: dict[tuple[int, int], list[str]]) -> Reply:
    by_band: dict[str, list[str]] = {}
    for r in risks:
        by_band.setdefault(band(score(r.likelihood, r.impact)), []).append(
            f"`R-{r.number}` {_short(r.title, 60)}"
        )
    legend = [
        f"{EMOJI[b]} *{b}*: " + "; ".join(by_band[b][:8]) + (" …" if len(by_band[b]) > 8 else "")
        for b in ("critical", "high", "medium", "low")
        if b in by_band
    ]
    blocks = [
        header(f"Risk matrix of {project.key}"),
        section(f"```{matrix_grid(cells)}```"),
        section("\n".join(legend) or "_No open risks._"),
        context("The heat map follows as an image. Score = likelihood × impact."),
    ]
    return Reply(
        text=f"Risk matrix of {project.key}: {len(risks)} open",
        blocks=dicts(blocks),
        in_channel=True,
    )


def escalation(esc: Escalation) -> tuple[str, list[dict[str, Any]]]:
    """The message stakeholders get when a risk enters the critical band."""
    text = (
        f":rotating_light: Critical risk in *{esc.project_key}*: `{esc.ref}` *{safe(esc.title)}* "
        f"— score {score(esc.likelihood, esc.impact)}"
    )
    lines = [
        text,
        f"Likelihood {esc.likelihood} ({LIKELIHOOD[esc.likelihood - 1]}) × impact {esc.impact} "
        f"({IMPACT[esc.impact - 1]}) · owner {user(esc.owner_id)} · raised by {user(esc.actor)}",
        f"*Mitigation:* {safe(esc.mitigation) or '_none yet_'}",
    ]
    blocks = [section("\n".join(lines)), context(f"`/risk show {esc.ref} in:{esc.project_key}`")]
    return text, dicts(blocks)


def _level_select(block_id: str, label: str, names: tuple[str, ...]) -> InputBlock:
    options = [Option(text=f"{i} · {n}", value=str(i)) for i, n in enumerate(names, 1)]
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label),
        element=StaticSelectElement(action_id="value", options=options, initial_option=options[2]),
    )


def risk_modal(project: Project, channel_id: str) -> dict[str, Any]:
    """The bare `/risk` modal: the same fields as `/risk add`."""
    blocks = [
        InputBlock(
            block_id="title",
            label=PlainTextObject(text="Risk"),
            element=PlainTextInputElement(
                action_id="value", placeholder=PlainTextObject(text="Payment vendor API may slip")
            ),
        ),
        _level_select("likelihood", "Likelihood", LIKELIHOOD),
        _level_select("impact", "Impact", IMPACT),
        InputBlock(
            block_id="owner",
            label=PlainTextObject(text="Owner (a member; you if empty)"),
            optional=True,
            element=UserSelectElement(action_id="value"),
        ),
        InputBlock(
            block_id="mitigation",
            label=PlainTextObject(text="Mitigation plan"),
            optional=True,
            element=PlainTextInputElement(action_id="value", multiline=True),
        ),
        InputBlock(
            block_id="review",
            label=PlainTextObject(text="Review on"),
            optional=True,
            element=DatePickerElement(action_id="value"),
        ),
    ]
    meta = {"project_id": project.id, "channel_id": channel_id}
    return modal(RISK_MODAL, f"New risk · {project.key}", "Add", meta, blocks)
