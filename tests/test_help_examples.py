"""Every example the bot shows (help lists and the usages errors end with) is one that works on
the day it is read: its dates read, in order, whatever the weekday or month, and none is a fixed
ISO day that ages into the past."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.blocks import project as project_views
from bot.blocks import resource
from bot.blocks import standup as standup_views
from bot.commands import project, task
from bot.commands.risk import HELP as RISK_HELP
from bot.dates import DateParser
from bot.grammar import parse_command
from bot.i18n import CATALOG
from bot.services import absences, projects, resources, tasks

DATE_KEYS = ("start", "end", "due", "from", "to", "until", "review", "week")
# (earlier, later) options of one example that must be in this order.
ORDER = (("start", "end"), ("start", "due"), ("from", "to"), ("from", "until"))
ISO_DAY = re.compile(r"\b20[0-9]{2}-[01][0-9]-[0-3][0-9]\b")

EXAMPLES = sorted(
    {f"/project {u}" for u, _ in project.HELP}
    | {f"/task {u}" for u, _ in task.HELP}
    | {f"/risk {u}" for u, _ in RISK_HELP}
    | {f"/resource {u}" for u in resource.HELP_USAGE.values()}
    | {f"/standup {u}" for u, _ in standup_views.HELP}
    | {
        projects.NEW_EXAMPLE,
        project_views.NEW_EXAMPLE,
        resources.CLAIM_EXAMPLE,
        absences.AWAY_EXAMPLE,
        tasks.ADD_EXAMPLE,
    }
)
# A day of every weekday, and the turns of a month and a year.
DAYS = [datetime(2027, 3, 1, 9, tzinfo=UTC) + timedelta(days=n) for n in range(7)] + [
    datetime(2026, 12, 31, 9, tzinfo=UTC),
    datetime(2027, 1, 31, 9, tzinfo=UTC),
    datetime(2028, 2, 29, 9, tzinfo=UTC),
]


@pytest.fixture(scope="module")
def parser() -> DateParser:
    return DateParser()


@pytest.mark.parametrize("example", EXAMPLES)
def test_an_examples_dates_read_in_order_on_any_day(parser, example):
    options = parse_command(example.split(" ", 1)[1]).options
    for now in DAYS:
        read = {
            k: parser.parse_date(v, now=now, tz="UTC", key=k)
            for k, v in options.items()
            if k in DATE_KEYS
        }
        for first, then in ORDER:
            if first in read and then in read:
                assert read[first] <= read[then], (example, now.date(), read)


def test_no_example_names_a_fixed_day():
    fixed = [e for e in EXAMPLES if ISO_DAY.search(e)]
    for msg in CATALOG.values():
        for text in (msg.en, msg.zh):
            for form in (text,) if isinstance(text, str) else text:
                fixed += [c for c in re.findall(r"`/[^`]*`", form) if ISO_DAY.search(c)]
    assert not fixed, fixed
