"""Block Kit and CSV for the performance report, in the reader's language."""

from __future__ import annotations

import csv
import io
from typing import Any

from slack_sdk.models.blocks import SectionBlock

from bot.blocks import health
from bot.blocks.common import Reply, context, dicts, divider, header, mrkdwn, section
from bot.i18n import Mrkdwn, Tr, escape_mrkdwn, plain_hours, plain_money
from bot.views.report import LessonLine, ReportView


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _day(tr: Tr, day: Any) -> str:
    """`2026-12-11` in English (as before), `12月11日 周五` in Chinese; `—` when unknown."""
    return "—" if day is None else tr("report.day", day=day)


def _field(tr: Tr, label: str, value: str) -> Any:
    return mrkdwn(f"*{tr(label)}*\n{value}")


def title(view: ReportView, tr: Tr) -> str:
    """`Final report: MP · Portal`, as plain text."""
    key = "report.title_final" if view.final else "report.title_so_far"
    return tr.plain(key, key=view.key, name=view.name)


def report_blocks(view: ReportView, tr: Tr, *, timeline_hint: bool = False) -> Reply:
    h = view.health
    heading = title(view, tr)
    blocks: list[Any] = [header(heading), section(health.line(tr, h))]
    if view.closed_on is not None:
        blocks.insert(1, context(tr("report.closed_on", day=view.closed_on)))
    slip = (
        "—" if view.avg_slip_days is None else tr("report.days", days=f"{view.avg_slip_days:.1f}")
    )
    blocks.append(section(tr("report.time")))
    blocks.append(
        SectionBlock(
            fields=[
                _field(tr, "report.planned_end", _day(tr, view.planned_end)),
                _field(
                    tr,
                    "report.actual_end",
                    _day(tr, view.actual_end) if view.actual_end else tr("report.not_yet"),
                ),
                _field(
                    tr,
                    "report.on_time",
                    tr(
                        "report.on_time_value",
                        pct=_pct(view.on_time_pct),
                        done=view.tasks_done,
                        total=view.tasks_total,
                    )
                    if view.tasks_done
                    else tr("report.on_time_none", total=view.tasks_total),
                ),
                _field(tr, "report.avg_slip", slip),
                _field(tr, "report.spi", health.number(view.spi)),
            ]
        )
    )
    blocks.append(section(tr("report.cost")))
    blocks.append(
        SectionBlock(
            fields=[
                _field(
                    tr,
                    "report.budget_spent",
                    f"{tr.money(view.budget, view.currency)} · {tr.money(view.spent, view.currency)}",
                ),
                _field(tr, "report.cpi", health.number(view.cpi)),
                _field(
                    tr,
                    "report.eac",
                    tr("report.eac_value", eac=tr.hours(view.eac), bac=tr.hours(view.bac)),
                ),
            ]
        )
    )
    ratings = " · ".join(
        f"{tr.plain(f'report.rating_{name}')} {avg:.1f}"
        for name, avg in view.ratings
        if avg is not None
    )
    blocks.append(
        section(
            tr(
                "report.quality",
                responses=view.responses,
                invited=view.invited,
                ratings=ratings or "—",
                reopened=view.reopened,
            )
        )
    )
    blocks.append(
        section(
            tr("report.resources") + "\n" + (_resource_lines(view, tr) or tr("report.no_resources"))
        )
    )
    blocks.append(
        section(tr("report.people") + "\n" + (_people_lines(view, tr) or tr("report.no_people")))
    )
    blocks.append(section(_contributors(view, tr)))
    blocks.append(divider())
    blocks.append(
        section(tr("report.lessons") + "\n" + (_lessons(view, tr) or tr("report.no_lessons")))
    )
    hints = [tr("report.csv_hint")] + ([tr("report.timeline_hint")] if timeline_hint else [])
    blocks.append(context(" ".join(hints)))
    text = tr("report.text", title=heading, status=tr.plain(f"report.health.word_{h.status}"))
    return Reply(text=text, blocks=dicts(blocks[:50]))


def _resource_lines(view: ReportView, tr: Tr) -> str:
    lines = [
        tr(
            "report.person_load",
            who=Mrkdwn(f"<@{p.user_id}>"),
            used=tr.hours(p.hours_claimed + p.hours_assigned),
            capacity=tr.hours(p.capacity),
        )
        for p in view.people
    ]
    lines += [
        tr(
            "report.resource_load",
            name=r.name,
            used=tr.hours(r.claimed),
            capacity=tr.hours(r.capacity),
        )
        for r in view.resources
    ]
    return "\n".join(lines)[:2900]


def _people_lines(view: ReportView, tr: Tr) -> str:
    return "\n".join(
        tr(
            "report.person_line",
            who=Mrkdwn(f"<@{p.user_id}>"),
            done=p.done,
            on_time=p.on_time,
            n=p.blockers_cleared,
            answered=p.standups_answered,
            rounds=view.standup_rounds,
        )
        for p in view.people
    )[:2900]


def _contributors(view: ReportView, tr: Tr) -> str:
    lines = []
    for p in view.contributors:
        did = []
        if p.on_time and p.hours_on_time:
            tasks = Mrkdwn(tr("report.n_tasks", n=p.on_time))
            did.append(tr("report.did_on_time", hours=tr.hours(p.hours_on_time), tasks=tasks))
        elif p.on_time:  # no estimates: no hours to name
            did.append(tr("report.did_on_time_tasks", n=p.on_time))
        if p.done > p.on_time:
            did.append(tr("report.did_late", n=p.done - p.on_time))
        if p.blockers_cleared:
            blockers = Mrkdwn(tr("report.n_blockers", n=p.blockers_cleared))
            did.append(tr("report.did_clear", blockers=blockers))
        if p.standups_answered:
            did.append(tr("report.n_answers", n=p.standups_answered))
        said = Mrkdwn(tr("report.contributor_sep").join(did))
        lines.append(tr("report.contributor", who=Mrkdwn(f"<@{p.user_id}>"), did=said))
    names = "\n".join(lines) or tr("report.nobody_yet")
    rule = tr("report.rule", top=view.top)
    return f"{tr('report.contributors')}\n{names}\n{rule}"[:2900]


def _lesson_lines(tr: Tr, label: str, given: tuple[LessonLine, ...]) -> str:
    lines = [tr(label)]
    for lesson in given:
        line = f"• {escape_mrkdwn(lesson.text)}"
        if lesson.count > 1:
            line += f" (×{lesson.count})"
        if lesson.user_ids:
            line += " — " + ", ".join(f"<@{u}>" for u in lesson.user_ids)
        lines.append(line)
    return "\n".join(lines)


def _lessons(view: ReportView, tr: Tr) -> str:
    parts = [
        _lesson_lines(tr, label, given)
        for label, given in (
            ("report.went_well", view.went_well),
            ("report.to_improve", view.to_improve),
        )
        if given
    ]
    if parts and view.anonymous:
        parts.append(tr("report.anonymous"))
    return "\n".join(parts)[:2900]


MEASURES = (
    "key", "status", "planned_end", "actual_end", "tasks_done", "tasks_total", "on_time_pct",
    "avg_slip_days", "spi", "budget", "spent", "currency", "cpi", "eac_hours", "tasks_reopened",
)  # fmt: skip
PERSON_COLUMNS = (
    "person", "name", "done", "on_time", "hours_on_time", "blockers_cleared", "standups",
    "hours_claimed", "hours_assigned", "capacity",
)  # fmt: skip
LESSON_COLUMNS = ("lesson", "text", "answers")


def _ratio(value: float | None) -> float | None:
    """SPI, CPI, survey averages and percentages to two places (not 0.1565217391304348)."""
    return None if value is None else round(value, 2)


def report_csv(view: ReportView, tr: Tr, names: dict[str, str] | None = None) -> bytes:
    """The report as CSV: one row per measure, then one per person (their Slack id, and name
    where `names` knows it), then one per survey lesson; headers in `tr`'s language.

    English headers are the machine names (`section`, `measure`, `on_time_pct`); Chinese ones are
    words a reader of a spreadsheet expects. Values are plain numbers and ISO dates in both.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    currency = view.currency

    def word(kind: str, name: str) -> str:
        return name if tr.lang == "en" else tr.plain(f"report.csv_{kind}_{name}")

    writer.writerow([word("col", c) for c in ("section", "measure", "value")])
    rows = [
        ("project", "key", view.key),
        ("project", "status", view.health.status),
        ("time", "planned_end", view.planned_end),
        ("time", "actual_end", view.actual_end),
        ("time", "tasks_done", view.tasks_done),
        ("time", "tasks_total", view.tasks_total),
        ("time", "on_time_pct", _ratio(view.on_time_pct)),
        ("time", "avg_slip_days", _ratio(view.avg_slip_days)),
        ("time", "spi", _ratio(view.spi)),
        ("cost", "budget", plain_money(view.budget, currency)),
        ("cost", "spent", plain_money(view.spent, currency)),
        ("cost", "currency", currency),
        ("cost", "cpi", _ratio(view.cpi)),
        ("cost", "eac_hours", plain_hours(view.eac)),
        ("quality", "tasks_reopened", view.reopened),
    ]
    for section_name, measure, value in rows:
        writer.writerow(
            [
                word("section", section_name),
                word("measure", measure),
                "" if value is None else value,
            ]
        )
    for name, avg in view.ratings:
        measure = (
            f"survey_{name}"
            if tr.lang == "en"
            else tr.plain("report.csv_survey", rating=tr.plain(f"report.rating_{name}"))
        )
        writer.writerow([word("section", "quality"), measure, "" if avg is None else _ratio(avg)])
    writer.writerow([])
    writer.writerow([word("col", c) for c in PERSON_COLUMNS])
    for p in view.people:
        writer.writerow(
            [
                p.user_id,
                (names or {}).get(p.user_id, ""),
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
    lessons = [("went_well", x) for x in view.went_well] + [("to_improve", x) for x in view.to_improve]  # fmt: skip
    if lessons:
        writer.writerow([])
        writer.writerow([word("col", c) for c in LESSON_COLUMNS])
        for kind, lesson in lessons:
            writer.writerow([word("lesson", kind), lesson.text, lesson.count])
    return out.getvalue().encode()
