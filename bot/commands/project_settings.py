"""`/project settings`: a project's schedule, digest, alerts, zone, survey and language, as
`key:value` options read into `ProjectSettings` (owners only; no options shows them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.blocks import project as views
from bot.blocks.common import Reply
from bot.commands.base import Request
from bot.errors import UserError
from bot.grammar import parse_channel
from bot.i18n import Mrkdwn, Phrase
from bot.option_values import parse_choice, parse_time_of_day, parse_timezone, parse_weekdays
from bot.services import access, plan_dates, project_changes, projects, survey
from bot.services import project_views as pv

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SETTING_KEYS = (
    "start", "end", "standup", "days", "digest", "digest-to", "alerts", "tz", "reminder", "summary",
    "survey", "lang",
)  # fmt: skip


def settings(req: Request) -> Reply:
    changes = {k: v for k, v in req.cmd.options.items() if k != "in"}
    project = projects.resolve(
        req.session, req.team_id, req.channel_id, req.opt("in"), include_closed=not changes
    )
    if not changes:
        return views.settings_summary(pv.settings(project), req.reader(project))
    access.require_owner(req.session, project, req.user_id, "change settings")
    parsed = parse_settings(changes, req.cmd.is_slack_form)
    for key, column in (("start", "start_date"), ("end", "end_date")):
        if key in changes:  # read in the project's zone, as `/project new` reads them
            parsed[column] = req.date_opt(key, project.timezone)
    diff = project_changes.update_settings(
        req.session, project, actor=req.user_id, now=req.now, changes=parsed
    )
    notes = []
    sent = survey.already_sent(req.session, project, req.now) if "end_date" in diff else None
    if sent is not None and project.end_date and project.end_date >= project.today(req.now):
        notes.append(Phrase("project.settings.survey_sent", day=sent.opened.date()))
    if (
        "end_date" in diff
    ):  # an end brought forward leaves work due after it: said, as /task add does
        notes += plan_dates.due_after_end(req.session, project)
    view = pv.settings(project)
    return views.settings_summary(view, req.channel(project), changed=True, notes=notes)


def parse_settings(raw: dict[str, str], made_by_slack: Callable[[str], bool]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("start", "end"):
            continue  # dates: read by the caller, in the project's zone
        if key == "standup":
            out["standup_time"] = parse_time_of_day(value)
        elif key == "reminder":
            out["reminder_time"] = parse_time_of_day(value)
        elif key == "summary":
            out["summary_time"] = parse_time_of_day(value)
        elif key == "days":
            out["standup_days"] = sorted(parse_weekdays(value))
        elif key == "digest":
            parts = value.split()
            if len(parts) != 2 or parts[0].lower()[:3] not in DAYS:
                raise UserError("project.bad_digest", 'digest:"fri 16:00"', value=value)
            out["digest_day"] = DAYS.index(parts[0].lower()[:3])
            out["digest_time"] = parse_time_of_day(parts[1])
        elif key == "digest-to":
            out["digest_channel"] = (
                None
                if value.lower() in ("dm", "none", "off")
                else parse_channel(value, slack_form=made_by_slack(value))
            )
        elif key == "alerts":
            out["alerts"] = parse_choice(value, ("on", "off"), key="alerts") == "on"
        elif key == "tz":
            out["timezone"] = parse_timezone(value)
        elif key == "survey":
            out["survey"] = parse_choice(value, ("named", "anonymous"), key="survey")
        elif key == "lang":
            out["lang"] = parse_lang(value)
        else:
            raise UserError(
                "project.bad_setting",
                'settings standup:09:30 days:mon-fri digest:"fri 16:00"',
                key=key,
                keys=Mrkdwn(", ".join(f"`{k}`" for k in SETTING_KEYS)),
            )
    return out


def parse_lang(value: str) -> str:
    """`lang:zh`, `lang:en`, or as people write them (`中文`, `English`)."""
    aliases = {"zh": "zh", "zh-cn": "zh", "cn": "zh", "中文": "zh", "chinese": "zh"}
    aliases |= {"en": "en", "english": "en", "英文": "en", "英语": "en"}
    lang = aliases.get(value.strip().lower())
    if lang is None:
        raise UserError("settings.bad_lang", "lang:zh", field="lang", value=value)
    return lang
