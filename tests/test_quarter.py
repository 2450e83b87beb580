"""A quarter in the life of one project, driven through the signed endpoint and the scheduler.

Thirteen weeks of a five-person team in three time zones (Shanghai, New York, London): standups
answered or not, a holiday, a blocker that lasts three standups, slips against the baseline, a
risk that turns critical, spend, a resource claim, then close, survey and report. Every post the
bot makes is stamped with the simulated time it went out and checked against tests/quarter.py.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta

import pytest

from bot.jobs import tick
from bot.testing.signed import option_value, text_value
from tests import quarter as q

TICK = timedelta(minutes=30)


def next_tick(after: datetime) -> datetime:
    """Every 30 minutes from 07:00 to 19:00 Shanghai, hourly through the night (still watched)."""
    hour = after.astimezone(q.SH).hour
    return after + (TICK if 7 <= hour < 19 else 2 * TICK)


class Quarter:
    """Moves the clock tick by tick, sends the script's commands, records every post."""

    def __init__(self, slack) -> None:
        self.slack, self.fake = slack, slack.fake
        self.now = q.at(q.day(0, 6) - timedelta(days=7), 20)  # Sunday before week 0, 20:00
        self.next_tick = self.now + TICK
        self.posts: list[q.Post] = []
        self._seen = 0
        self.model = q.Model()
        # What the hand-kept model said when each digest went out: overdue, in progress, SPI, CPI.
        self.at_digest: dict[datetime, tuple[set[int], set[int], float | None, float | None]] = {}
        slack.clock.set(self.now)

    # -- time and people -------------------------------------------------------------------

    def run_until(self, when: datetime) -> None:
        """Tick every 30 minutes up to and including `when`; then the clock reads `when`."""
        while self.next_tick <= when:
            self.slack.clock.set(self.next_tick)
            self.now = self.next_tick
            tick(self.slack.rt, self.next_tick)
            self._record()
            self.next_tick = next_tick(self.next_tick)
        self.now = when
        self.slack.clock.set(when)

    def command(self, user: str, command: str, text: str):
        reply = self.slack.command(command, text, user=user, channel=q.CHANNEL)
        self._record()
        assert reply.status == 200, reply.text
        return reply

    def click(self, action_id: str, value: str, user: str, **kwargs):
        reply = self.slack.sender.block_action(action_id, value, user=user, **kwargs)
        self.slack.rt.drain()
        self._record()
        return reply

    def _record(self) -> None:
        calls = [c for c in self.fake.calls if c.method == "chat.postMessage" and c.ok]
        for c in calls[self._seen :]:
            blocks = c.args.get("blocks") or []
            blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
            to = c.args.get("channel", "")
            im = self.fake.channels.get(to)
            if im is not None and getattr(im, "im_user", None):
                to = im.im_user
            text = c.args.get("text") or ""
            post = q.Post(
                self.now, q.kind_of(text, blocks), to, text, blocks, c.args.get("thread_ts")
            )
            self.posts.append(post)
            if post.kind == "digest":
                today = post.local.date()
                self.at_digest[post.at] = (
                    self.model.overdue(today), self.model.in_progress(),
                    *self.model.earned_value(today),
                )  # fmt: skip
        self._seen = len(calls)

    def of(self, kind: str, to: str | None = None) -> list[q.Post]:
        return [p for p in self.posts if p.kind == kind and (to is None or p.to == to)]


def setup(sim: Quarter) -> None:
    fake = sim.fake
    fake.add_user(q.CAROL, "carol", tz=q.ZONES[q.CAROL])
    fake.add_user(q.DAVE, "dave", tz=q.ZONES[q.DAVE])
    fake.add_channel("C0100", "quarter", members=(*q.MEMBERS, q.STAKEHOLDER))
    lead = q.LEAD
    sim.command(lead, "/project", "new Quarter key:QT start:2026-11-23 end:2027-02-19 "
                "budget:60000 tz:Asia/Shanghai")  # fmt: skip
    sim.command(lead, "/project", "members add <@U0002> <@U0003> <@U0006> <@U0007> capacity:40h")
    sim.command(lead, "/project", "members add <@U0004> role:stakeholder")
    sim.command(lead, "/project", 'milestone "Beta" due:2027-01-15')
    for t in q.PLAN:
        extra = (f" after:T-{t.after}" if t.after else "") + (" milestone:M-1" * t.milestone)
        reply = sim.command(
            lead, "/task",
            f'add "{t.title}" <@{t.owner}> start:{t.start} due:{t.due} est:{t.estimate:g}h{extra}',
        )  # fmt: skip
        assert f"T-{t.number}" in reply.text, reply.text
    sim.command(lead, "/project", "baseline")
    sim.model.baseline()
    sim.command(lead, "/risk", 'add "Payment vendor may slip" likelihood:3 impact:4 owner:<@U0007>')
    sim.command(lead, "/resource", 'add "Staging server" kind:equipment capacity:40h')
    reply = sim.command(
        lead, "/resource", 'claim "Staging server" for:T-3 from:2026-12-07 to:2026-12-18 hours:40'
    )
    assert "C-1" in reply.text, reply.text


def play(sim: Quarter) -> None:
    """The thirteen weeks, in time order: standup answers and the script's events."""
    actions = [(when, user, "/standup", text) for d in q.working_days(q.day(12, 4))
               for when, user, text in q.answers_of(d)]  # fmt: skip
    actions += q.EVENTS
    for when, user, command, text in sorted(actions, key=lambda a: a[0]):
        if when >= q.CLOSE_AT:
            break
        sim.run_until(when)
        reply = sim.command(user, command, text)
        assert "isn't" not in reply.text and "can't" not in reply.text, (when, text, reply.text)
        if command == "/task":
            sim.model.apply(when, text)
    sim.run_until(q.CLOSE_AT)


def close_and_evaluate(sim: Quarter) -> None:
    sim.command(q.LEAD, "/project", "close")
    prompt, button = sim.slack.asked(q.LEAD, q.CHANNEL)
    assert "Surveys go to 5 members" in prompt.text, prompt.text
    sim.click("project_close", button["value"], q.LEAD, channel=q.CHANNEL, message=prompt)
    sim.run_until(q.CLOSE_AT + TICK)
    for i, user in enumerate(q.MEMBERS):
        dm = sim.fake.dm_channel(user)
        invite = next(m for m in sim.fake.channel_messages(dm) if "How did it go" in m.text)
        sim.click("survey_open", "1", user, channel=dm, message=invite)
        view = sim.fake.calls_to("views.open")[-1].args["view"]
        view = json.loads(view) if isinstance(view, str) else view
        values = {
            name: option_value(str(4 - (i % 2)))
            for name in ("schedule", "cost", "quality", "collaboration")
        }
        values |= {"went_well": text_value("Clear ownership"), "to_improve": text_value("Estimate")}
        sim.slack.sender.view_submission(view, values, user=user)
        sim.slack.rt.drain()
        sim._record()
        # The invitation became a thank-you showing the answers, with no Answer button left.
        thanked = next(m for m in sim.fake.channel_messages(dm) if m.ts == invite.ts)
        assert "survey_open" not in json.dumps(thanked.blocks) and "Clear ownership" in str(
            thanked.blocks
        ), thanked.text
    sim.run_until(q.CLOSE_AT + 4 * TICK)


@pytest.fixture
def quarter(slack) -> Quarter:
    sim = Quarter(slack)
    setup(sim)
    play(sim)
    close_and_evaluate(sim)
    return sim


def test_a_simulated_quarter(quarter):
    sim, model = quarter, quarter.model
    days = q.working_days(q.day(12, 4))

    # Standup prompts: one each working day at 09:30 Shanghai, none on weekends or twice.
    prompts = sim.of("prompt")
    assert [p.local for p in prompts] == [q.at(d, 9, 30) for d in days]
    assert all(p.to == q.CHANNEL for p in prompts)

    # Summaries: in the day's thread at 17:00; the escalation of Bob's blocker once, after the
    # third standup in a row that carried it, to the owner only.
    assert [p.local for p in sim.of("summary")] == [q.at(d, 17) for d in days[:-1]] + [
        q.at(days[-1], 17)
    ]
    assert all(p.thread_ts for p in sim.of("summary"))
    escalations = sim.of("escalation")
    assert [(p.to, p.local) for p in escalations] == [(q.LEAD, q.at(max(q.BLOCKED), 17))]

    # Reminders: at 11:00 Shanghai to the Shanghai members who had not answered by then (Alice
    # answers at noon, the lead skips Tuesdays), none while Alice is away; Bob, Carol and Dave's
    # own 11:00 falls after the day's summary, so they are never woken for it.
    away = q.AWAY[q.ALICE]
    want = sorted(
        [(q.ALICE, q.at(d, 11)) for d in days if not away[0] <= d <= away[1]]
        + [(q.LEAD, q.at(d, 11)) for d in days if d.weekday() == 1]
    )
    assert sorted((p.to, p.local) for p in sim.of("reminder")) == want

    # Nothing scheduled at night or on a day off, nothing twice.
    scheduled = [p for p in sim.posts if p.kind in ("prompt", "summary", "reminder", "deviation",
                                                    "digest", "escalation")]  # fmt: skip
    assert all(p.local.weekday() < 5 for p in scheduled), [
        (p.kind, p.local) for p in scheduled if p.local.weekday() >= 5
    ]
    keys = Counter((p.kind, p.to, p.text) for p in scheduled)
    assert [k for k, n in keys.items() if n > 1] == []

    # Deviation alerts: only in working hours (09:30 to the summary at 17:00); T-2, due Friday
    # of week 1, is first called overdue on Monday at 09:30, not on Saturday at midnight.
    alerts = sim.of("deviation")
    assert alerts and all(
        p.local.weekday() < 5 and q.STANDUP <= p.local.time() <= q.SUMMARY for p in alerts
    ), [p.local for p in alerts]
    first_t2 = next(p for p in alerts if "T-2" in p.text and "overdue" in p.text.lower())
    assert first_t2.local == q.at(q.day(2, 0), 9, 30)
    first_t5 = next(p for p in alerts if "T-5" in p.text and "overdue" in p.text.lower())
    assert first_t5.local == q.at(q.day(8, 0), 9, 30)

    # The digest: each Friday at 16:00 to the stakeholder; done since the previous digest (so
    # T-3, finished after week 3's digest, is in week 4's), in progress, overdue, SPI and CPI.
    digests = sim.of("digest", q.STAKEHOLDER)
    fridays = [q.day(w, 4) for w in range(q.WEEKS)]
    assert [p.local for p in digests] == [q.at(f, 16) for f in fridays]
    since = q.at(q.MON0, 0)
    for post in digests:
        today = post.local.date()
        overdue, in_progress, spi, cpi = sim.at_digest[post.at]
        assert post.refs("Done") == model.done_between(since, post.at), (today, post.text)
        assert post.refs("Overdue") == overdue, (today, post.text)
        assert post.refs("In progress") == in_progress, (today, post.text)
        figures = str(post.blocks)
        assert f"SPI {_num(spi)}" in figures and f"CPI {_num(cpi)}" in figures, (
            today, spi, cpi, figures,
        )  # fmt: skip
        since = post.at
    assert 3 in digests[4].refs("Done") and 3 not in digests[3].refs("Done")

    # The risk that turned critical was announced to the stakeholder once, at once.
    critical = [p for p in sim.posts if p.to == q.STAKEHOLDER and "R-1" in p.text
                and "critical" in (p.text + str(p.blocks)).lower() and p.kind != "digest"]  # fmt: skip
    assert [p.local for p in critical] == [q.CRITICAL_AT.astimezone(q.SH)]

    # Close: the survey to the five members (not the stakeholder), once; then the report in the
    # channel and to the stakeholder, with SPI and CPI as computed by hand, praise by its rule.
    surveys = sim.of("survey")
    assert sorted(p.to for p in surveys) == sorted(q.MEMBERS)
    reports = [p for p in sim.posts if p.kind == "report"]
    assert sorted(p.to for p in reports) == sorted([q.CHANNEL, q.STAKEHOLDER])
    report = next(p for p in reports if p.to == q.CHANNEL)
    spi, cpi = model.earned_value(q.day(12, 4))
    body = json.dumps(report.blocks, ensure_ascii=False)
    assert f"{spi:.2f}" in body and f"{cpi:.2f}" in body
    hours = model.on_time_hours()
    ranked = sorted(hours, key=lambda u: -hours[u])
    assert ranked[:3] == [q.ALICE, q.LEAD, q.BOB]
    praise = _praise_section(report)
    for user in ranked[:3]:
        assert f"<@{user}>" in praise and f"{hours[user]:g} h" in praise, praise
    for user in (q.CAROL, q.DAVE):
        assert f"<@{user}>" not in praise, praise
    assert "finished on time" in praise

    # After close: no prompts, reminders, alerts or digests.
    after = [p for p in scheduled if p.at > q.CLOSE_AT]
    assert after == []


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _praise_section(report: q.Post) -> str:
    for b in report.blocks:
        text = (b.get("text") or {}).get("text", "")
        if "contributor" in text.lower() or "finished on time" in text:
            return text
    raise AssertionError(f"no praise in the report: {report.text}")
