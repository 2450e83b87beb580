"""A project reads days and hours on its own clock: `Project.zone`, `.local` and `.today`."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.store.models import Project

# Sunday 16:30 UTC: already Monday in Shanghai, still Sunday morning in New York.
NOW = datetime(2026, 12, 6, 16, 30, tzinfo=UTC)


def test_a_projects_day_is_the_day_in_its_time_zone():
    assert Project(timezone="Asia/Shanghai").today(NOW) == date(2026, 12, 7)
    assert Project(timezone="America/New_York").today(NOW) == date(2026, 12, 6)
    assert Project(timezone="Asia/Shanghai").local(NOW).hour == 0  # 00:30 on Monday
    assert Project(timezone="Asia/Shanghai").local(NOW).utcoffset().total_seconds() == 8 * 3600


def test_a_project_not_yet_saved_reads_utc():
    """`timezone` defaults to UTC when the row is written; before that it reads UTC too."""
    fresh = Project()
    assert fresh.timezone is None and fresh.zone.key == "UTC"
    assert fresh.today(NOW) == date(2026, 12, 6)
