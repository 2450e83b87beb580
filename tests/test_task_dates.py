"""Due dates typed in English and Chinese, read in the project's zone, with "now" pinned.

The clock reads Mon 2026-11-23 02:00 UTC: Monday 10:00 in Shanghai, Sunday 21:00 in New York.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models import Task

PHRASES = {
    # phrase: (Asia/Shanghai, America/New_York)
    "friday": ("2026-11-27", "2026-11-27"),
    "next friday": ("2026-12-04", "2026-11-27"),  # in New York it is still last week
    "in 3 days": ("2026-11-26", "2026-11-25"),
    "Dec 4": ("2026-12-04", "2026-12-04"),
    "2026-12-04": ("2026-12-04", "2026-12-04"),
    "明天": ("2026-11-24", "2026-11-23"),
    "后天": ("2026-11-25", "2026-11-24"),
    "下周五": ("2026-12-04", "2026-11-27"),
    "本周五": ("2026-11-27", "2026-11-20"),  # this week's Friday has passed in New York
    "三天后": ("2026-11-26", "2026-11-25"),
    "3天后": ("2026-11-26", "2026-11-25"),
    "12月4日": ("2026-12-04", "2026-12-04"),
    "明天下午3点": ("2026-11-24", "2026-11-23"),
}
ZONES = ("Asia/Shanghai", "America/New_York")
TODAY = {"Asia/Shanghai": "2026-11-23", "America/New_York": "2026-11-22"}


@pytest.mark.parametrize("zone", ZONES)
def test_due_phrases_in_both_languages_and_zones(slack, zone):
    slack.project(f"new Portal key:MP tz:{zone}")
    for i, (phrase, expected) in enumerate(PHRASES.items(), start=1):
        want = expected[ZONES.index(zone)]
        reply = slack.command("/task", f'add "Task {i}" due:"{phrase}"')
        assert f"T-{i}" in reply.text and f"due {want}" in reply.text, (phrase, reply.text)
        past = want < TODAY[zone]
        assert ("overdue at once" in reply.text) == past, (phrase, reply.text)
    with slack.rt.db.session() as s:
        got = {t.title: str(t.due_date) for t in s.scalars(select(Task))}
    want_all = {f"Task {i}": e[ZONES.index(zone)] for i, e in enumerate(PHRASES.values(), 1)}
    assert got == want_all


@pytest.mark.parametrize("zone", ZONES)
def test_a_past_due_date_is_accepted_with_a_warning(slack, zone):
    slack.project(f"new Portal key:MP tz:{zone}")
    reply = slack.command("/task", "add Backfilled due:2026-11-01 start:2026-10-20")
    assert reply.json["response_type"] == "ephemeral"
    assert "T-1" in reply.text and "overdue at once" in reply.text
    with slack.rt.db.session() as s:
        assert str(s.scalar(select(Task.due_date))) == "2026-11-01"
    listing = slack.command("/task", "list overdue").text
    assert "Backfilled" in listing and "overdue" in listing


def test_due_verb_reads_phrases_in_the_project_zone(slack):
    slack.project("new Portal key:MP tz:America/New_York")
    slack.command("/task", "add Thing")
    reply = slack.command("/task", "due T-1 明天")
    assert "2026-11-23" in reply.text
    reply = slack.command("/task", "due T-1 next friday")
    assert "2026-11-27" in reply.text


def test_unreadable_dates_name_the_phrase_and_write_nothing(slack):
    slack.project()
    for text, says in [
        ('add Thing due:"someday maybe"', "couldn't read"),
        ("add Thing start:blorp", "couldn't read"),
        ("add Thing due:2月30日", "February has no 30th"),
    ]:
        reply = slack.command("/task", text)
        assert says in reply.text and reply.json["response_type"] == "ephemeral"
    with slack.rt.db.session() as s:
        assert s.scalar(select(Task)) is None
