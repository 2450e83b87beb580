"""Scheduled posts and the end of a project in Chinese: digest, alerts, risk reviews, the survey
and the report, each checked as Slack shows it (Block Kit validated, lengths in characters, no
English words left), and the same surfaces unchanged for an English project."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import warnings
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PIL import Image
from slack_sdk.models.views import View
from sqlalchemy import select

from bot import cli
from bot.charts.burnup import render
from bot.i18n import Tr
from bot.jobs import run_job
from bot.services.burnup import BurnUp
from bot.store.models import Member, Milestone, Project, Risk, Task
from bot.testing.signed import option_value, text_value
from tests.zh import texts, valid_blocks

MON = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
FRI_1600 = MON + timedelta(days=4, hours=6)
RATINGS = ("schedule", "cost", "quality", "collaboration")

# Words that stay as they are in Chinese: measures, the project key, Slack's own names.
KEEP = {"SPI", "CPI", "EAC", "CSV", "MP", "DM"}
# User text typed as `<!channel>` shows escaped: what the person wrote, not ours.
NOT_PROSE = re.compile(r"`[^`]*`|<[^<>]*>|&lt;.*?&gt;|:[a-z0-9_+-]+:|&[a-z]+;")
HAN = re.compile(r"[\u4e00-\u9fff]")


def english_words(text: str) -> set[str]:
    """Latin words left in text shown to a Chinese reader, code spans, mentions and emoji aside."""
    prose = NOT_PROSE.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", prose) if w not in KEEP}


def blocks_of(raw: Any) -> list[dict]:
    return json.loads(raw) if isinstance(raw, str) else list(raw or [])


def chinese(text: str) -> None:
    assert HAN.search(text), text
    assert not english_words(text), (english_words(text), text)


def zh_project(slack, **settings) -> int:
    """MP, a Chinese project named 会员门户, budget ¥80,000.00, ending Friday 12月11日."""
    slack.project("new Portal key:MP start:2026-11-02 end:2026-12-11 budget:80000 currency:CNY")
    with slack.rt.db.session() as s:
        p = s.scalar(select(Project).where(Project.key == "MP"))
        p.name = "会员门户"
        p.settings = {**(p.settings or {}), "lang": "zh", **settings}
        s.add(Member(team_id="T0001", project_id=p.id, user_id="U0002", added_at=MON))
        s.add(Member(team_id="T0001", project_id=p.id, user_id="U0003", added_at=MON))
        s.add(Member(team_id="T0001", project_id=p.id, user_id="U0004", role="stakeholder",
                     added_at=MON))  # fmt: skip
        return p.id


def add_work(slack, pid: int) -> None:
    """Done, in progress (due Fri 12月11日), overdue and blocked tasks, a late milestone, risks."""
    with slack.rt.db.session() as s:
        ms = Milestone(team_id="T0001", project_id=pid, number=1, name="测试版",
                       due_date=date(2026, 11, 26), created_at=MON)  # fmt: skip
        s.add(ms)
        s.flush()
        common = dict(team_id="T0001", project_id=pid, created_by="U0001",
                      created_at=MON - timedelta(days=14), estimate_hours=8.0)  # fmt: skip
        s.add_all(
            [
                Task(number=1, title="登录页面", status="done", progress=100, owner_id="U0002",
                     done_at=MON + timedelta(days=1), due_date=date(2026, 11, 24), **common),
                Task(number=2, title="接口鉴权", status="in_progress", progress=40,
                     start_date=date(2026, 11, 16), due_date=date(2026, 12, 11),
                     owner_id="U0002", milestone_id=ms.id, **common),
                Task(number=3, title="旧报表", status="open", due_date=date(2026, 11, 20),
                     owner_id="U0003", **common),
                Task(number=4, title="等待供应商", status="blocked", owner_id="U0003",
                     blocked_reason="等待 <!channel> 的密钥", blocked_at=MON - timedelta(days=5),
                     due_date=date(2026, 12, 20), **common),
            ]
        )  # fmt: skip
        s.add(Risk(team_id="T0001", project_id=pid, number=1, title="供应商延期",
                   likelihood=5, impact=4, owner_id="U0002", mitigation="找第二家供应商",
                   review_date=date(2026, 11, 25), created_by="U0001",
                   created_at=MON))  # fmt: skip


def posts(fake, channel: str) -> list:
    return [
        m
        for m in fake.channel_messages(channel)
        if m.user == fake.bot_user_id and not m.ephemeral_to and not m.files
    ]


def cli_env(slack, monkeypatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "test-signing-secret")
    monkeypatch.setenv("SLACK_API_URL", slack.fake.api_url)
    monkeypatch.setenv("DATABASE_URL", slack.rt.db.url)


def test_a_chinese_projects_digest_through_jobs_run_at(slack, monkeypatch, capsys):
    pid = zh_project(slack, digest_channel="C0001")
    add_work(slack, pid)
    cli_env(slack, monkeypatch)
    cli.main(["jobs", "run", "digest", "--at", "2026-11-27T16:00:00+08:00", "--project", "mp"])
    assert "digest: 1 post" in capsys.readouterr().out
    [digest] = [m for m in posts(slack.fake, "C0001") if "周报" in m.text]
    blocks = blocks_of(digest.blocks)
    valid_blocks(blocks)
    shown = "\n".join([digest.text, *texts(blocks)])
    assert "MP 周报 · 2026-W48" in shown and "红灯" in shown and "个严重风险未关闭" in shown
    assert "*自 11月23日 周一 10:00 以来完成（1）*" in shown or "以来完成（1）" in shown
    assert "`T-2` 接口鉴权 · <@U0002> · 截止 12月11日 周五 · 40%" in shown
    assert "*已逾期（1）*" in shown and "旧报表" in shown
    assert (
        "`M-1` 测试版 · 截止 11月26日 周四 · :red_circle: *已错过*，晚了 1 天 · :warning: 其任务到 12月11日 周五 才结束"
        in shown
    )
    assert "`R-1` 供应商延期 · 20 严重 · <@U0002>" in shown
    for text in [digest.text, *texts(blocks)]:
        assert not english_words(text), (english_words(text), text)
    chart = next(f for f in slack.fake.files.values() if "burnup" in f.filename)
    assert chart.title == "MP 燃起图 2026-W48" and "燃起图" in (chart.initial_comment or "")
    plan = next(f for f in slack.fake.files.values() if "timeline" in f.filename)
    for words in (plan.title, plan.initial_comment or ""):
        assert words and not english_words(words), (english_words(words), words)


def test_a_stakeholders_digest_dm_is_in_their_language_else_the_projects(slack):
    pid = zh_project(slack)
    add_work(slack, pid)
    slack.fake.users["U0004"].locale = "ja-JP"  # a language we lack: the project's, Chinese
    assert run_job(slack.rt, "digest", FRI_1600) == 1
    [dm] = posts(slack.fake, slack.fake.dm_channel("U0004"))
    assert "MP 周报" in dm.text and "红灯" in dm.text
    chinese(dm.text)


def test_an_english_stakeholder_of_a_chinese_project_reads_english(slack):
    pid = zh_project(slack)
    add_work(slack, pid)
    assert run_job(slack.rt, "digest", FRI_1600) == 1
    [dm] = posts(slack.fake, slack.fake.dm_channel("U0004"))
    assert "MP weekly digest 2026-W48: RED" in dm.text
    assert "due 2026-12-11" in json.dumps(dm.blocks)


def test_alerts_of_a_chinese_project_are_chinese(slack):
    pid = zh_project(slack)
    add_work(slack, pid)
    assert run_job(slack.rt, "deviations", MON) == 1
    [alert] = [m for m in posts(slack.fake, "C0001") if "偏离计划" in "".join(texts(m.blocks))]
    blocks = blocks_of(alert.blocks)
    valid_blocks(blocks)
    shown = "\n".join(texts(blocks))
    assert "*MP · 会员门户* 有 3 项偏离计划" in shown
    assert (
        ":alarm_clock: *已逾期* · `T-3` 旧报表：已逾期 3 天（截止 11月20日 周五） · <@U0003>"
        in shown
    )
    assert "已受阻 5 天：等待 &lt;!channel&gt; 的密钥" in shown  # the reason stays inert
    assert "<!channel>" not in json.dumps(blocks)
    assert "比里程碑（11月26日 周四）晚" in shown and "里程碑将延误" in shown
    assert "情况恶化时才会再次提醒" in shown
    for text in [alert.text, *texts(blocks)]:
        assert not english_words(text), (english_words(text), text)


def test_a_risk_review_dm_is_in_the_owners_language(slack):
    pid = zh_project(slack)
    add_work(slack, pid)
    slack.fake.users["U0002"].locale = "zh-CN"
    assert run_job(slack.rt, "risk-review", MON + timedelta(days=2)) == 1
    [dm] = posts(slack.fake, slack.fake.dm_channel("U0002"))
    blocks = blocks_of(dm.blocks)
    valid_blocks(blocks)
    shown = "\n".join([dm.text, *texts(blocks)])
    assert "该复审 MP R-1 了：供应商延期" in dm.text
    assert "评分 20（严重）· 可能性 5 × 影响 4 · 复审日期 11月25日 周三" in shown
    assert "应对措施：找第二家供应商" in shown
    assert "/risk close R-1 in:MP" in shown
    for text in [dm.text, *texts(blocks)]:
        assert not english_words(text), (english_words(text), text)


def test_the_report_in_chinese_with_money_dates_and_a_chinese_csv(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    pid = zh_project(slack)
    add_work(slack, pid)
    slack.command("/project", 'spend 500 "licences"')
    reply = slack.command("/project", "report")
    blocks = reply.json["blocks"]
    valid_blocks(blocks)
    shown = "\n".join(texts(blocks))
    assert "阶段报告：MP · 会员门户" in shown
    assert "*计划结束*\n12月11日 周五" in shown and "*实际结束*\n尚未结束" in shown
    assert "¥80,000.00 · ¥500.00" in shown
    assert "<@U0002>：完成 1 项（按时 1 项），清除阻塞 0 个，站会 0/0" in shown
    assert "按时完成 8 小时（1 个任务）" in shown
    assert "`/project timeline` 可将时间线发到频道。" in shown
    assert not slack.fake.files  # the asker's report: its timeline is not put in the channel
    for text in texts(blocks):
        assert not english_words(text), (english_words(text), text)

    exporting = slack.command("/project", "report csv")
    assert exporting.text == "正在把 `MP-report.csv` 导出到此频道……"
    exported = next(f for f in slack.fake.files.values() if f.filename.endswith(".csv"))
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == ["部分", "指标", "值"]
    assert ["成本", "预算", "80000.00"] in rows and ["质量", "问卷：进度", ""] in rows
    assert rows[rows.index([]) + 1][:4] == ["成员", "姓名", "完成", "按时完成"]
    assert (
        exported.title == "MP 绩效报告"
        and "<@U0001> 导出了 MP 的报告。" in exported.initial_comment
    )


def test_the_survey_in_chinese_from_dm_to_modal_to_thank_you_to_final_report(slack):
    for user in ("U0001", "U0002"):
        slack.fake.users[user].locale = "zh-CN"
    zh_project(slack)
    slack.close()
    now = slack.clock()
    assert run_job(slack.rt, "survey", now) == 3  # lead, alice, bob; not the stakeholder
    invite = next(
        c for c in slack.fake.calls_to("chat.postMessage") if c.args["channel"] == "U0002"
    )
    blocks = blocks_of(invite.args["blocks"])
    valid_blocks(blocks)
    assert "*MP* · 会员门户 已结束" in invite.args["text"]
    for text in texts(blocks):
        chinese(text)
    english = next(
        c for c in slack.fake.calls_to("chat.postMessage") if c.args["channel"] == "U0003"
    )
    assert "has ended. How did it go?" in english.args["text"]  # bob's Slack is in English

    slack.sender.block_action("survey_open", "1", user="U0002", channel="DU0002")
    view = slack.fake.calls_to("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    View(**view).validate_json()
    assert view["title"]["text"] == "MP 问卷" and len(view["title"]["text"]) <= 24
    assert view["submit"]["text"] == "提交" and view["close"]["text"] == "稍后"
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels[:4] == ["进度（1–5）", "成本（1–5）", "质量（1–5）", "协作（1–5）"]
    options = view["blocks"][1]["element"]["options"]
    assert [o["text"]["text"] for o in options][3] == "4 — 良好"
    for text in texts(view):
        chinese(text)

    bad = slack.sender.view_submission(view, {"schedule": option_value("4")}, user="U0002")
    assert bad.json["response_action"] == "errors"
    assert bad.json["errors"] == {n: "请选择 1 到 5 的评分。" for n in RATINGS[1:]}
    outsider = slack.sender.view_submission(
        view, {n: option_value("4") for n in RATINGS}, user="U0005"
    )
    assert outsider.json["errors"] == {"schedule": "Only the project's members answer its survey."}

    values = {n: option_value("4") for n in RATINGS}
    values |= {"went_well": text_value("分工清楚"), "to_improve": text_value("更早估算集成")}
    assert slack.sender.view_submission(view, values, user="U0002").status == 200
    slack.rt.drain()
    thanks = slack.fake.calls_to("chat.update")[-1].args
    blocks = blocks_of(thanks["blocks"])
    valid_blocks(blocks)
    shown = "\n".join(texts(blocks))
    assert "谢谢！你对 *MP* 问卷的回答已提交。" in shown and "进度 4 — 良好" in shown
    assert "*做得好的：* 分工清楚" in shown and "修改我的回答" in shown
    for text in texts(blocks):
        assert not english_words(text), (english_words(text), text)

    assert run_job(slack.rt, "survey", now + timedelta(days=5, minutes=1)) == 1
    [report] = [m for m in posts(slack.fake, "C0001") if "结项报告" in m.text]
    blocks = blocks_of(report.blocks)
    valid_blocks(blocks)
    shown = "\n".join(texts(blocks))
    assert "结项报告：MP · 会员门户" in shown and "问卷（1/3 已回答）：进度 4.0" in shown
    assert "_做得好的_\n• 分工清楚 — <@U0002>" in shown
    for text in texts(blocks):
        assert not english_words(text), (english_words(text), text)


def test_the_burnup_chart_draws_chinese_labels_with_no_glyph_missing(caplog):
    days = [date(2026, 11, 16) + timedelta(days=i) for i in range(10)]
    chart = BurnUp(days, [8.0 + i for i in range(10)], [float(i) for i in range(10)])
    zh = Tr("zh")
    title = zh.plain("digest.chart_title", key="MP", name="会员门户", week="2026-W48")
    assert title == "MP · 会员门户 — 燃起图（2026-W48）"
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        png = render(chart, title=title, tr=zh)
    missing = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in missing if "missing from font" in m or "findfont" in m], missing
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert zh.plain("digest.chart_scope") == "范围（小时）"


def test_an_english_projects_posts_are_unchanged_and_have_no_chinese(slack):
    slack.project()
    with slack.rt.db.session() as s:
        pid = s.scalar(select(Project.id).where(Project.key == "MP"))
        s.add(Member(team_id="T0001", project_id=pid, user_id="U0002", added_at=MON))
    add_work(slack, pid)
    assert run_job(slack.rt, "deviations", MON) == 1
    [alert] = [m for m in posts(slack.fake, "C0001") if "off plan" in json.dumps(m.blocks)]
    body = json.dumps(alert.blocks, ensure_ascii=False)
    assert "*MP · Portal*: 3 things off plan" in body
    assert "overdue by 3 days (due 2026-11-20)" in body
    assert "Posted again only if it gets worse." in body
    for title in ("旧报表", "等待供应商", "接口鉴权", "测试版", "等待 &lt;!channel&gt; 的密钥"):
        body = body.replace(title, "")
    assert not HAN.search(body), body  # nothing Chinese but what people wrote


def test_chinese_emphasis_stands_apart_so_slack_shows_it():
    """Slack shows `*bold*` and `_italic_` only when the marks do not touch a Chinese character."""
    from bot.i18n import CATALOG

    wide = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    bad = {}
    for key, msg in CATALOG.items():
        if key.split(".")[0] not in ("digest", "alerts", "survey", "report"):
            continue
        zh = re.sub(r":[a-z0-9_+-]+:|\{[^{}]*\}", "x", msg.zh)  # emoji names hold `_`
        for m in re.finditer(r"([*_])[^*_\n]+?\1", zh):
            before = zh[m.start() - 1] if m.start() else " "
            after = zh[m.end()] if m.end() < len(zh) else " "
            if wide.match(before) or wide.match(after):
                bad[key] = msg.zh
    assert not bad, bad
