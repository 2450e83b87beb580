"""Block Kit and CSV for the performance report."""

from __future__ import annotations

import csv
import io
from typing import Any

from slack_sdk.models.blocks import SectionBlock

from bot.blocks.common import (
    Reply,
    context,
    day_label,
    dicts,
    divider,
    header,
    mrkdwn,
    safe,
    section,
)
from bot.format import hours, money, plain_hours, plain_money
from bot.services.access import closed_on
from bot.services.report import RATINGS, TOP, Report


def _num(value: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if value is None else fmt.format(value)


def _money(report: Report, amount: Any) -> str:
    return money(amount, report.project.currency)


def report_blocks(report: Report) -> Reply:
    p, h = report.project, report.health
    title = f"{'Final report' if report.final else 'Report so far'}: {p.key} · {p.name}"
    blocks: list[Any] = [
        header(title),
        section(f"{h.emoji} *{h.status.upper()}* — {safe(h.reason)}"),
    ]
    if (closed := closed_on(p)) is not None:
        blocks.insert(1, context(f":lock: Closed on {day_label(closed)}"))
    blocks.append(section("*Time*"))
    blocks.append(
        SectionBlock(
            fields=[
                mrkdwn(f"*Planned end*\n{report.planned_end or '—'}"),
                mrkdwn(f"*Actual end*\n{report.actual_end or 'not yet'}"),
                mrkdwn(
                    f"*Tasks done on time*\n{_num(report.on_time_pct, '{:.0f}%')} of {report.tasks_done}/{report.tasks_total} done"
                ),
                mrkdwn(f"*Average slip*\n{_num(report.avg_slip_days, '{:.1f} d')}"),
                mrkdwn(f"*SPI*\n{_num(h.ev.spi)}"),
            ]
        )
    )
    blocks.append(section("*Cost*"))
    blocks.append(
        SectionBlock(
            fields=[
                mrkdwn(
                    f"*Budget · spent*\n{_money(report, p.budget)} · {_money(report, report.spent)}"
                ),
                mrkdwn(f"*CPI*\n{_num(h.ev.cpi)}"),
                mrkdwn(f"*EAC (hours)*\n{hours(h.ev.eac)} of {hours(h.ev.bac)} planned"),
            ]
        )
    )
    ratings = " · ".join(
        f"{r} {report.survey_averages[r]:.1f}" for r in RATINGS if r in report.survey_averages
    )
    blocks.append(
        section(
            f"*Quality*\nSurvey ({report.responses}/{report.invited} answered): {ratings or '—'}\n"
            f"Tasks reopened: {report.reopened}"
        )
    )
    blocks.append(
        section("*Resources*\n" + (_resource_lines(report) or "_no capacity or claims recorded_"))
    )
    blocks.append(section("*People*\n" + (_people_lines(report) or "_no members_")))
    blocks.append(section(_contributors(report)))
    blocks.append(divider())
    blocks.append(section("*Lessons*\n" + (_lessons(report) or "_no text answers yet_")))
    blocks.append(context("`/project report csv` exports this report."))
    return Reply(text=f"{title}: {h.status}", blocks=dicts(blocks[:50]))


def _resource_lines(report: Report) -> str:
    lines = [
        f"<@{p.user_id}>: {hours(p.hours_claimed + p.hours_assigned)} claimed and assigned of {hours(p.capacity)}"
        for p in report.people
    ]
    lines += [
        f"*{safe(name)}*: {hours(claimed)} claimed of {hours(capacity)}"
        for name, claimed, capacity in report.resources
    ]
    return "\n".join(lines)[:2900]


def _people_lines(report: Report) -> str:
    rounds = report.standup_rounds
    return "\n".join(
        f"<@{p.user_id}>: {p.done} done ({p.on_time} on time), {p.blockers_cleared} blockers cleared, "
        f"standups {p.standups_answered}/{rounds}"
        for p in report.people
    )[:2900]


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _contributors(report: Report) -> str:
    rule = (
        f"_Ranked by estimated hours finished on time, then blockers cleared, then standup "
        f"answers; the top {TOP} are named (more when tied), and only people who finished a "
        f"task or cleared a blocker._"
    )
    lines = []
    for p in report.contributors:
        line = f"• <@{p.user_id}> — {hours(p.hours_on_time)} finished on time ({_n(p.on_time, 'task')})"
        if p.done > p.on_time:
            line += f", {p.done - p.on_time} finished late"
        line += f", {_n(p.blockers_cleared, 'blocker')} cleared, {_n(p.standups_answered, 'standup answer')}"
        lines.append(line)
    names = "\n".join(lines) or "_Nobody yet: no one has finished a task or cleared a blocker._"
    return f":trophy: *Strongest contributors*\n{names}\n{rule}"[:2900]


def _lessons(report: Report) -> str:
    parts = []
    for label, given in (("Went well", report.went_well), ("To improve", report.to_improve)):
        if not given:
            continue
        lines = [f"_{label}_"]
        for lesson in given:
            line = f"• {safe(lesson.text)}"
            if lesson.count > 1:
                line += f" (×{lesson.count})"
            if lesson.user_ids:
                line += " — " + ", ".join(f"<@{u}>" for u in lesson.user_ids)
            lines.append(line)
        parts.append("\n".join(lines))
    if parts and report.anonymous:
        parts.append("_The survey is anonymous: answers are shown without names._")
    return "\n".join(parts)[:2900]


def report_csv(report: Report) -> bytes:
    """The report as CSV: one row per measure, then one per person."""
    out = io.StringIO()
    writer = csv.writer(out)
    h, currency = report.health, report.project.currency
    writer.writerow(["section", "measure", "value"])
    rows = [
        ("project", "key", report.project.key),
        ("project", "status", h.status),
        ("time", "planned_end", report.planned_end),
        ("time", "actual_end", report.actual_end),
        ("time", "tasks_done", report.tasks_done),
        ("time", "tasks_total", report.tasks_total),
        ("time", "on_time_pct", report.on_time_pct),
        ("time", "avg_slip_days", report.avg_slip_days),
        ("time", "spi", h.ev.spi),
        ("cost", "budget", plain_money(report.project.budget, currency)),
        ("cost", "spent", plain_money(report.spent, currency)),
        ("cost", "currency", currency),
        ("cost", "cpi", h.ev.cpi),
        ("cost", "eac_hours", plain_hours(h.ev.eac)),
        ("quality", "tasks_reopened", report.reopened),
        *(("quality", f"survey_{r}", report.survey_averages.get(r)) for r in RATINGS),
    ]
    for section_name, measure, value in rows:
        writer.writerow([section_name, measure, "" if value is None else value])
    writer.writerow([])
    writer.writerow(
        [
            "person",
            "done",
            "on_time",
            "hours_on_time",
            "blockers_cleared",
            "standups",
            "hours_claimed",
            "hours_assigned",
            "capacity",
        ]
    )
    for p in report.people:
        writer.writerow(
            [
                p.user_id,
                p.done,
                p.on_time,
                plain_hours(p.hours_on_time),
                p.blockers_cleared,
                p.standups_answered,
                plain_hours(p.hours_claimed),
                plain_hours(p.hours_assigned),
                plain_hours(p.capacity),
            ]
        )
    return out.getvalue().encode()
