"""A Chinese project's standup, checked through `jobs run --at` and the signed endpoint: the prompt,
reminders and summary in Chinese (dates as `12月11日 周五`), each reader's own language for what
only they see, Block Kit that Slack accepts within its limits, and an English project unchanged."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from slack_sdk.models.views import View
from sqlalchemy import select

from bot import cli
from bot.blocks import standup as views
from bot.i18n import Tr
from bot.store.models import Member, Project, Task
from bot.testing.signed import text_value
from bot.views.standup import (
    AnswerModalView,
    AnswerView,
    BlockerLine,
    EscalationView,
    MemberLine,
    PromptView,
    ReminderView,
    ReportView,
    SummaryView,
    TaskDue,
)
from tests.zh import texts, valid_blocks

FRI = date(2026, 12, 11)  # a Friday
KEEP = {"TeamTrack", "Slack", "ID", "DM", "MP", "OT"}
# Not prose: slash commands, code spans, Slack links and mentions, emoji names, escapes, refs like T-1 / R-2.
NOT_PROSE = re.compile(r"/[a-z]+\b|`[^`]*`|<[^<>]*>|:[a-z0-9_+-]+:|&[a-z]+;|\b[A-Z]{1,5}-\d+\b")


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """Shanghai wall time on 2026-12-<day> as UTC."""
    return datetime(2026, 12, day, hh, mm, tzinfo=UTC) - timedelta(hours=8)


def english_words(text: str) -> set[str]:
    prose = NOT_PROSE.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", prose) if w not in KEEP}


def run_cli(slack, monkeypatch, capsys, job: str, when: datetime) -> str:
    """`teamtrack jobs run JOB --at WHEN`, as an operator types it; what it printed."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "test-signing-secret")
    monkeypatch.setenv("SLACK_API_URL", slack.fake.api_url)
    monkeypatch.setenv("DATABASE_URL", slack.rt.db.url)
    cli.main(["jobs", "run", job, "--at", when.isoformat()])
    slack.rt.drain()
    return capsys.readouterr().out


def bot_posts(slack, channel: str) -> list:
    return [
        m
        for m in slack.fake.channel_messages(channel)
        if m.user == slack.fake.bot_user_id and m.ephemeral_to is None
    ]


def shown(message) -> str:
    return message.text + "\n" + "\n".join(texts(message.blocks or []))


@pytest.fixture
def zh_team(slack):
    """`MP` in Chinese: the lead and alice read Chinese, s (London) reads English."""
    slack.fake.users["U0001"].locale = "zh-CN"
    slack.fake.users["U0002"].locale = "zh-CN"
    slack.clock.set(at(1, 9))
    slack.command("/project", "new 门户 key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.command("/project", "members add <@U0002|alice> <@U0004|s>")
    slack.command("/project", "settings summary:23:00")
    slack.command("/project", "new Other key:OT start:2026-12-01 end:2027-03-31", channel="C0002")
    with slack.rt.db.session() as s:
        mp = s.scalar(select(Project).where(Project.key == "MP"))
        assert mp.settings.get("lang") == "zh"
        for number, title, due in (
            (1, "登录页", date(2026, 12, 9)),
            (2, "支付", date(2026, 12, 12)),
        ):
            s.add(Task(team_id="T0001", project_id=mp.id, number=number, title=title,
                       owner_id="U0002", due_date=due, created_by="U0001", created_at=at(1, 9)))  # fmt: skip
    return slack


def test_a_chinese_projects_standup_through_jobs_run_at(zh_team, monkeypatch, capsys):
    slack = zh_team
    # The prompt: at 09:30 and not before, once, in Chinese; the English project as ever.
    assert "standup: 0 posts" in run_cli(slack, monkeypatch, capsys, "standup", at(11, 9, 29))
    assert "standup: 2 posts" in run_cli(slack, monkeypatch, capsys, "standup", at(11, 9, 30))
    assert "standup: 0 posts" in run_cli(slack, monkeypatch, capsys, "standup", at(11, 9, 31))
    [prompt] = [m for m in bot_posts(slack, "C0001") if m.text.startswith("站会")]
    body = shown(prompt)
    assert prompt.text.startswith("站会 · MP · 12月11日 周五")
    assert prompt.blocks[0]["text"]["text"] == "站会 · MP · 12月11日 周五"
    assert (
        "`T-1` 登录页（已逾期 2 天）" in body
        and "即将到期：`T-2` 支付（12月12日 周六 到期）" in body
    )
    assert "回答" in body and not english_words(body), english_words(body)
    valid_blocks(prompt.blocks)
    [english] = [m for m in bot_posts(slack, "C0002") if m.text.startswith("Standup")]
    assert english.text == "Standup · OT · Fri 2026-12-11: reply in the thread with your update."
    assert "Reply in this thread" in shown(english)

    # alice answers in the thread, in Chinese labels.
    slack.sender.message("C0001", "修好了表单；今天：写测试；阻塞：等待 T-1 接口", user="U0002",
                         thread_ts=prompt.ts)  # fmt: skip

    # Reminders: each member at 11:00 in their own zone, in their own language.
    assert "0 posts" in run_cli(slack, monkeypatch, capsys, "standup-reminder", at(11, 10, 59))
    assert "2 posts" in run_cli(slack, monkeypatch, capsys, "standup-reminder", at(11, 11, 0))
    # The lead reads Chinese: both his reminders are in Chinese, the English project's too.
    lead, lead_ot = sorted(bot_posts(slack, "U0001"), key=lambda m: "OT" in m.text)
    assert lead.text == "你还没有回答 *MP* 今天（12月11日 周五）的站会。"
    assert lead_ot.text == "你还没有回答 *OT* 今天（12月11日 周五）的站会。"
    assert not english_words(shown(lead)) and "回答" in shown(lead)
    valid_blocks(lead.blocks)
    assert not bot_posts(slack, "U0002")  # she answered
    run_cli(slack, monkeypatch, capsys, "standup-reminder", at(11, 19, 0))  # 11:00 in London
    [london] = bot_posts(slack, "U0004")
    assert london.text == "You haven't answered today's standup in *MP* (Fri 2026-12-11) yet."

    # The summary at 23:00 (the project's setting), in the thread, in Chinese.
    # OT's summary is at 17:00, the default; MP's at 23:00, not a minute before.
    assert "1 post" in run_cli(slack, monkeypatch, capsys, "standup-summary", at(11, 22, 59))
    assert not [m for m in bot_posts(slack, "C0001") if m.thread_ts == prompt.ts]
    assert "standup-summary: 1 post" in run_cli(
        slack, monkeypatch, capsys, "standup-summary", at(11, 23, 0)
    )
    [summary] = [m for m in bot_posts(slack, "C0001") if m.thread_ts == prompt.ts]
    body = shown(summary)
    assert summary.text == "站会小结 · MP · 12月11日 周五：已回答 1/3 人"
    assert "*昨天：*" not in body and "*今天：* 写测试" in body and "*阻塞：* 等待 T-1 接口" in body
    assert "• <@U0002>：等待 T-1 接口" in body and "*未回答：* <@U0001>、<@U0004>" in body
    assert not english_words(body), english_words(body)
    valid_blocks(summary.blocks)
    [other] = [m for m in bot_posts(slack, "C0002") if m.thread_ts]
    assert other.text == "Standup summary · OT · Fri 2026-12-11: 0 of 1 answered"
    assert "*Blockers*: none reported." in shown(other)


def test_a_chinese_reader_answers_in_chinese_and_an_english_one_in_english(zh_team):
    slack = zh_team
    slack.clock.set(at(11, 10))
    saved = slack.command("/standup", "修好了表单；今天：写测试", user="U0002")
    assert saved.text == ":white_check_mark: 你的回答已记入 *MP* 12月11日 周五 的站会。"
    english = slack.command("/standup", "fixed the form", user="U0004")
    assert english.text == ":white_check_mark: Your answer is in the *MP* standup of 2026-12-11."
    # The modal, in alice's language; an empty answer refused under "today", in plain Chinese.
    slack.command("/standup", "", user="U0002")
    raw = slack.fake.calls_to("views.open")[-1].args["view"]
    view = json.loads(raw) if isinstance(raw, str) else raw
    View(**view).validate_json()
    assert view["title"]["text"] == "站会 MP" and view["submit"]["text"] == "提交"
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["昨天", "今天", "阻塞"]
    assert "12月11日 周五" in view["blocks"][0]["elements"][0]["text"]
    assert not english_words("\n".join(texts(view["blocks"]))), texts(view["blocks"])
    empty = slack.sender.view_submission(view, {"today": text_value(None)}, user="U0002")
    assert empty.json["errors"] == {"today": "至少写一下今天要做什么。"}
    # Refusals and help in Chinese.
    slack.clock.set(at(12, 10))  # Saturday
    assert "*MP* 周六没有站会" in slack.command("/standup", "做了事", user="U0002").text
    assert "no standup on Saturdays" in slack.command("/standup", "did stuff", user="U0004").text
    away = slack.command("/standup", 'away from:2026-12-14 until:2026-12-18 "年会"', user="U0002")
    assert "你在 12月14日 周一 → 12月18日 周五 休假（年会）" in away.text
    assert (
        "`until:` 是 12月1日 周二，已经过去了"
        in slack.command("/standup", "away until:2026-12-01", user="U0002").text
    )
    week = slack.command("/standup", "report 本周", user="U0002").json
    assert week["text"] == "站会报告 · MP · 12月7日 起的一周"
    valid_blocks(week["blocks"])
    assert "*今天：* 写测试" in json.dumps(week["blocks"], ensure_ascii=False)
    said = "\n".join(texts(week["blocks"])).replace("fixed the form", "")  # s's own words
    assert not english_words(said), said
    helped = slack.command("/standup", "help", user="U0002").json
    assert helped["text"] == "/standup 帮助"
    assert not english_words("\n".join(texts(helped["blocks"]))), texts(helped["blocks"])


def test_every_standup_surface_renders_in_both_languages_within_slacks_limits():
    prompt = PromptView(
        project_id=1,
        key="MP",
        day=FRI,
        members=(
            MemberLine("U1", overdue=(TaskDue(1, "登录页 <@U9>", FRI, 1),)),
            MemberLine("U2", away=True),
            MemberLine("U3", due_soon=(TaskDue(2, "很长的标题" * 80, FRI, 0),) * 20),
        ),
        blockers=(BlockerLine("U1", "等待 T-1", 3),),
    )
    answer = AnswerView("随便说说", "昨天的事", "今天的事", "等待 T-1")
    summary = SummaryView(
        key="MP",
        day=FRI,
        asked=2,
        answers=(("U1", (answer,)),),
        blockers=(BlockerLine("U1", "等待 T-1", 2), BlockerLine("U1", "新的", 0)),
        missing=("U3",),
        away=("U2",),
        has_members=True,
    )
    escalation = EscalationView("MP", 7, "U1", "等待 T-1", 3, FRI - timedelta(days=2))
    for lang in ("en", "zh"):
        tr = Tr(lang, FRI)
        surfaces = {
            "prompt": views.prompt_message(prompt, tr),
            "reminder": views.reminder_message(ReminderView(1, "MP", FRI), tr),
            "summary": views.summary_message(summary, tr),
            "escalation": views.escalation_message(escalation, tr),
        }
        for name, (text, blocks) in surfaces.items():
            valid_blocks(blocks)
            words = english_words(text + "\n" + "\n".join(texts(blocks)))
            if lang == "zh":
                assert not words, (name, words)
        report = views.report_reply(ReportView("MP", FRI, True, (summary,)), tr)
        valid_blocks(report.blocks)
        modal = views.answer_modal(AnswerModalView(1, "MP", "门户", FRI, "C1", answer), tr)
        View(**modal).validate_json()
        note = views.answered_note("U1", answer, tr)
        if lang == "zh":
            assert not english_words(note + "\n".join(texts(modal["blocks"])))
            assert "已持续 3 天" in surfaces["prompt"][1][2]["text"]["text"]
            assert "自 12月9日 起" in surfaces["escalation"][0]
        else:
            assert "open 3 days" in surfaces["prompt"][1][2]["text"]["text"]
            assert "3 standups in a row (since 2026-12-09)" in surfaces["escalation"][0]
        section = surfaces["prompt"][1][1]["text"]["text"]
        assert "&lt;@U9&gt;" in section and "<@U9>" not in section  # user text inert
        assert section.endswith("…")  # cut to Slack's room


def test_the_zh_project_is_seen_in_chinese_by_members_with_english_locales_in_the_channel(
    zh_team,
):
    """The thread note is the channel's: Chinese even when an English reader answers."""
    slack = zh_team
    slack.clock.set(at(11, 9, 30))
    from bot.jobs import run_job

    assert run_job(slack.rt, "standup", at(11, 9, 30)) == 2
    slack.rt.drain()
    slack.command("/standup", "fixed it; today: docs", user="U0004")
    [note] = [m for m in bot_posts(slack, "C0001") if m.thread_ts]
    assert note.text.startswith("<@U0004> 已回答：") and "*今天：* docs" in note.text
    with slack.rt.db.session() as s:
        assert s.scalar(select(Member.role).where(Member.user_id == "U0004")) == "member"


def test_a_long_blocker_is_escalated_and_made_a_risk_in_chinese(zh_team):
    slack = zh_team
    from bot.jobs import run_job

    slack.command("/project", "settings summary:17:00")
    with slack.rt.db.session() as s:
        mp = s.scalar(select(Project).where(Project.key == "MP"))
        mp.settings = {**mp.settings, "blocker_standups": 2}
    for day in (10, 11):
        slack.clock.set(at(day, 9, 30))
        run_job(slack.rt, "standup", at(day, 9, 30), project_key="MP")
        slack.rt.drain()
        prompt = [m for m in bot_posts(slack, "C0001") if m.text.startswith("站会")][-1]
        slack.sender.message("C0001", "阻塞：等待 T-1 接口", user="U0002", thread_ts=prompt.ts)
        run_job(slack.rt, "standup-summary", at(day, 17, 0), project_key="MP")
        run_job(slack.rt, "blocker-escalation", at(day, 17, 0), project_key="MP")
        slack.rt.drain()
    # Day two's prompt carries the blocker with its age, in Chinese.
    assert "• <@U0002>：等待 T-1 接口 — 已持续 1 天" in shown(prompt)
    [dm] = [m for m in bot_posts(slack, "U0001") if "blocker_to_risk" in json.dumps(m.blocks)]
    assert dm.text == (
        ":rotating_light: 在 *MP* 中，<@U0002> 已连续 2 次站会被阻塞（自 12月10日 起）：等待 T-1 接口"
    )
    assert not english_words(shown(dm)), english_words(shown(dm))
    valid_blocks(dm.blocks)
    value = dm.blocks[-1]["elements"][0]["value"]
    slack.sender.block_action("blocker_to_risk", value, user="U0002", channel=dm.channel,
                              message_ts=dm.ts)  # fmt: skip
    slack.sender.block_action("blocker_to_risk", value, user="U0001", channel=dm.channel,
                              message_ts=dm.ts)  # fmt: skip
    slack.sender.block_action("blocker_to_risk", value, user="U0001", channel=dm.channel,
                              message_ts=dm.ts)  # fmt: skip
    slack.rt.drain()
    refused = [m.text for m in slack.fake.channel_messages(dm.channel) if m.ephemeral_to]
    assert refused[0] == ":warning: 只有 *MP* 的项目负责人可以把阻塞转为风险。"
    assert refused[1] == ":warning: 这个阻塞已经是 *MP* 的风险 `R-1`。"
    updated = [m for m in slack.fake.channel_messages(dm.channel) if m.ts == dm.ts][0]
    assert updated.text == ":white_check_mark: <@U0001> 已将其转为 *MP* 的风险 `R-1`：等待 T-1 接口"
    [news] = [m for m in bot_posts(slack, "C0001") if "R-1" in m.text]
    assert news.text.startswith(":warning: 新风险 `R-1`（可能性 3 × 影响 3）")
    assert not english_words(news.text)
