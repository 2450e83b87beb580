"""Tasks in Chinese: a `lang:zh` project's channel and its zh-CN members read every task surface
in Chinese (refs, names and code spans aside), within Slack's limits; an English project is as before."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest

from bot.blocks import task as task_blocks
from bot.blocks import task_edit as edit_blocks
from bot.blocks.task_modal import task_modal
from bot.errors import Denied
from bot.i18n import CATALOG, Mrkdwn, Phrase, Tr
from bot.testing.signed import date_value, text_value, user_value
from bot.views.task import (
    Added,
    Deleted,
    DeleteQuestion,
    Deletion,
    HistoryLine,
    ListPage,
    ListShown,
    TaskCard,
    TaskDetail,
    TaskForm,
    TaskLine,
)
from tests.zh import texts, valid_blocks, valid_view

KEEP = {"TeamTrack", "Slack", "MP", "MPLONGKEY", "ID"}
# Not prose: code spans, Slack links and mentions, emoji, refs, dates and numbers.
NOT_PROSE = re.compile(r"`[^`]*`|<[^<>]*>|:[a-z0-9_+-]+:|\b[A-Z]+-\d+\b|&[a-z]+;")
ZH = Tr("zh")


def english_words(text: str) -> set[str]:
    prose = NOT_PROSE.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", prose) if w not in KEEP}


def assert_chinese(text: str) -> None:
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert not english_words(text), (english_words(text), text)


@pytest.fixture
def zh(slack):
    """Project MP in Chinese; everyone's Slack is Chinese but bob's, which is English."""
    for uid in ("U0001", "U0002", "U0004", "U0005"):
        slack.fake.users[uid].locale = "zh-CN"
    slack.project("new Portal key:MP start:2026-12-01 end:2027-03-31 lang:zh")
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob>")
    slack.command("/project", "members add <@U0004|s> role:stakeholder")
    return slack


def posted(slack, channel: str = "C0001"):
    return [m for m in slack.fake.channel_messages(channel) if not m.ephemeral_to]


def test_replies_cards_lists_and_detail_are_chinese(zh):
    added = zh.command("/task", "add 设计数据表 <@U0002|alice> due:2026-12-04 est:8h")
    assert (
        added.text.startswith(":white_check_mark: 已添加 *MP T-1*") and "预估 8 小时" in added.text
    )
    assert_chinese(added.text)
    card = posted(zh)[-1]
    assert_chinese(card.text)
    valid_blocks(card.blocks)
    for text in texts(card.blocks):
        assert not english_words(text), text
    assert "12月4日 周五" in json.dumps(card.blocks, ensure_ascii=False)

    zh.command("/task", "add 接口 after:T-1")
    for command, said in [
        ("start T-1", "T-1 已开始。"),
        ("progress T-1 60%", "T-1 进度为 60%。"),
        ("log T-1 3h", "T-1 新登记了 3 小时。"),
        ('block T-1 "等待密钥"', "T-1 已标记为受阻。"),
        ("unblock T-1", "T-1 已解除受阻。"),
        ("due T-1 2026-11-20", "T-1 的截止日期改为 11月20日。"),
        ("start T-2", "T-2 还在等待 T-1"),
    ]:
        reply = zh.command("/task", command)
        assert said in reply.text, reply.text
        assert_chinese(reply.text)
    assert "已经过去，T-1 随即逾期" in zh.command("/task", "due T-1 2026-11-21").text

    listed = zh.command("/task", "list")
    assert "*MP* — 未完成的任务，第 1–2 个，共 2 个" in listed.text
    assert_chinese(listed.text)
    valid_blocks(listed.json["blocks"])
    shown = zh.command("/task", "show T-1")
    assert "历史记录" in shown.text or "历史记录" in json.dumps(
        shown.json["blocks"], ensure_ascii=False
    )
    assert_chinese(shown.text)
    valid_blocks(shown.json["blocks"])
    for text in texts(shown.json["blocks"]):
        assert not english_words(text), text
    assert "你在 *MP* 中没有已完成的任务。" not in zh.command("/task", "list done").text
    assert zh.command("/task", "list done").text == "*MP* 中还没有已完成的任务。"


def test_refusals_are_chinese_for_a_chinese_reader(zh):
    zh.command("/task", "add 设计数据表 <@U0002|alice>")
    for command, user, said in [
        ("start T-9", "U0001", "*MP* 中没有任务 T-9。"),
        ("add", "U0001", "任务需要一个标题。"),
        ("add 新任务 <@U0005|outsider>", "U0001", "不是 *MP* 的成员，不能负责任务"),
        ("start T-1", "U0004", "你是 *MP* 的干系人，可以关注进展，但不能开始任务。"),
        ("start T-1", "U0005", "只有 *MP* 的成员才能开始任务。"),
        ("list sideways", "U0001", "不是一个筛选条件"),
        ("edit T-1 color:red", "U0001", "不是 `edit` 的选项"),
        ("delete T-1", "U0002", "只有 T-1 的创建者"),
        ("depend T-1 after:T-1", "U0001", "T-1 不能等待它自己。"),
        ("add 另一个 after:T-1", "U0001", "已添加 *MP T-2*"),
        ("depend T-1 after:T-2", "U0001", "这会形成循环：T-1 → T-2 → T-1。"),
        ("delete T-1", "U0001", "T-1 不能删除：T-2 依赖它。请改为取消 T-1：`/task cancel T-1`。"),
    ]:
        reply = zh.command("/task", command, user=user)
        assert said in reply.text, reply.text
        assert_chinese(reply.text)
    bob = zh.command("/task", "due T-1 2026-12-09", user="U0003")  # his Slack is English
    assert "Only the owner of T-1 (<@U0002>) or a project owner (<@U0001>)" in bob.text
    said = Tr("zh").error(zh_error_of(bob))
    assert said == "只有 T-1 的负责人（<@U0002>）或项目负责人（<@U0001>）才能修改 T-1 的截止日期。"


def zh_error_of(reply) -> Denied:
    """The refusal bob saw, as the typed error the service raised for it."""
    assert "can move the due date of T-1" in reply.text
    return Denied(
        "task.only_owner_or_lead",
        number=1,
        owner="U0002",
        owners=Mrkdwn("<@U0001>"),
        doing=Phrase("access.do.move_due", ref="T-1"),
    )


def test_the_modal_and_its_field_errors_are_chinese(zh):
    zh.command("/task", "")
    view = zh.fake.calls_to("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    valid_view(view)
    assert view["title"]["text"] == "在 MP 新建任务"
    for text in texts(view):
        assert not english_words(text), text
    cases = [
        ({"title": text_value(None)}, "title", "任务需要一个标题。"),
        ({"title": text_value("X"), "owner": user_value("U0004")}, "owner", "是 *MP* 的干系人"),
        ({"title": text_value("X"), "after": text_value("T-9")}, "after", "MP 中没有任务 T-9。"),
        (
            {
                "title": text_value("X"),
                "start": date_value("2026-12-10"),
                "due": date_value("2026-12-01"),
            },
            "due",
            "截止日期早于开始日期。",
        ),  # fmt: skip
    ]
    for values, field, said in cases:
        reply = zh.sender.view_submission(view, values)
        errors = reply.json["errors"]
        assert list(errors) == [field], errors
        assert said.replace("*", "") in errors[field], errors
        assert "*" not in errors[field] and len(errors[field]) <= 150
    accepted = zh.sender.view_submission(view, {"title": text_value("设计")})
    assert accepted.status == 200 and not (accepted.json or {}).get("errors")
    zh.rt.drain()
    assert posted(zh)[-1].text == "MP T-1：设计（未开始）"


def test_edit_cancel_delete_and_the_edit_modal_are_chinese(zh):
    zh.command("/task", "add 设计数据表 <@U0002|alice> est:8h")
    edited = zh.command("/task", 'edit T-1 title:"新标题" prio:high est:none')
    assert edited.text == "T-1 已更新：标题 → 新标题 · 预估工时 → 无 · 优先级 → 高。"
    zh.command("/task", "edit T-1")
    view = zh.fake.calls_to("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    valid_view(view)
    assert view["title"]["text"] == "编辑 T-1"
    refused = zh.sender.view_submission(view, {"title": text_value("新标题"), "milestone": text_value("M-x")})  # fmt: skip
    assert list(refused.json["errors"]) == ["milestone"]
    zh.command("/task", "add 重复的任务")
    assert zh.command("/task", "cancel T-2 重复").text.startswith("T-2 已取消（重复）。")
    ask = zh.command("/task", "delete T-1")
    assert ask.text.startswith("删除 *MP T-1* · 新标题？")
    valid_blocks(ask.json["blocks"])
    assert_chinese(ask.text)


def test_a_zh_reader_in_an_english_project_gets_chinese_replies_and_an_english_card(slack):
    slack.fake.users["U0001"].locale = "zh-CN"
    slack.project()
    reply = slack.command("/task", "add Schema due:2026-12-04")
    assert reply.text.startswith(":white_check_mark: 已添加 *MP T-1* · Schema")
    card = posted(slack)[-1]
    assert card.text == "MP T-1: Schema (open)"
    assert "*Start → due*" in json.dumps(card.blocks, ensure_ascii=False)


def test_an_english_project_reads_as_before(slack):
    slack.project()
    slack.command("/project", "members add <@U0002|alice>")
    added = slack.command("/task", "add Schema <@U0002|alice> due:2026-12-04 est:8h")
    assert added.text == ":white_check_mark: Added *MP T-1* · Schema · <@U0002> · due 2026-12-04 · est 8 h"  # fmt: skip
    assert slack.command("/task", "start T-9").text.startswith(":warning: *MP* has no task T-9.")
    assert slack.command("/task", "list done").text == "No done tasks yet in *MP*."


# Builders on their own: every surface in both languages, valid, within Slack's limits.
LINE = TaskLine(1, 7, "A & <b>", "U1", "in_progress", 40, None)
CARD = TaskCard("MP", LINE, None, 8.0, 2.5, "urgent", (1, "测试版"), None, "https://x.io/p", None)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_builder_renders_valid_blocks_in_both_languages(lang):
    tr = Tr(lang)
    overdue = TaskLine(2, 8, "Late", None, "blocked", 0, date(2026, 12, 1), overdue_days=3)
    card = task_blocks.card(CARD, tr)
    valid_blocks(card["blocks"])
    assert "A &amp; &lt;b&gt;" in card["text"]
    page = ListPage("MP", ListShown("open", "U1", False, 2), [LINE, overdue], 1001, 1000, 0, {"c": "x"})  # fmt: skip
    valid_blocks(task_blocks.page(page, tr).blocks)
    history = [HistoryLine(datetime(2026, 12, 1, 9), "U1", "status", "open", "done")]  # fmt: skip
    detail = TaskDetail(CARD, [("T-1", "x")], ["T-2"], [("T-3", "y")], None, 0, history)
    valid_blocks(task_blocks.detail(detail, tr).blocks)
    left = Deletion([1, 2], 1, 3)
    valid_blocks(edit_blocks.confirm_delete(DeleteQuestion("MP", 1, 7, "t", left), tr).blocks)
    gone = Deleted(7, "t", None, "U1", None, None, left)
    valid_blocks(edit_blocks.gone_card("MP", gone, "U1", tr)["blocks"])
    view = task_modal(TaskForm(1, "MPLONGKEY", "C1", "t", "https://x.io/p"), tr)
    valid_view(view)
    added = task_blocks.added(Added("MP", LINE, 8.0), [Phrase("task.waits_on", number=7, refs="T-1")], tr)  # fmt: skip
    if lang == "zh":
        for text in [card["text"], *texts(card["blocks"]), *texts(view), added.text]:
            assert not english_words(text.replace("A &amp; &lt;b&gt;", "")), text


def test_every_task_message_has_chinese():
    ours = [k for k in CATALOG if k.startswith(("task.", "access."))]
    assert len(ours) > 150
    for key in ours:
        zh = re.sub(r"\{[^{}]*\}", " ", CATALOG[key].zh)
        assert re.search(r"[\u4e00-\u9fff]", zh) or not english_words(zh), key


def test_every_id_the_task_code_builds_is_in_the_catalogue():
    """Ids the catalogue test can't see: nested phrases, `access.do.*` actions, built ids."""
    import ast
    from pathlib import Path

    from bot.commands.task import HELP
    from bot.store.models import PRIORITIES, TASK_STATUSES

    named = set()
    for path in (Path(__file__).parents[1] / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            literal = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if literal and re.fullmatch(r"(access\.do|task)\.[a-z0-9_.]+", node.value):
                named.add(node.value)
    built = {f"task.{kind}.{s}" for kind in ("state", "status") for s in TASK_STATUSES}
    built |= {f"task.prio.{p}" for p in PRIORITIES}
    lists = ("open", "overdue", "blocked", "done", "all")
    built |= {f"task.{kind}.{s}" for kind in ("what", "label") for s in lists}
    built |= {f"task.empty.{s}" for s in ("mine", "owner", "all", "done", "other")}
    verbs = ("assign", "start", "progress", "done", "reopen", "block", "unblock", "due", "log")
    built |= {f"task.changed.{v}" for v in verbs}
    built |= {f"task.help.{what}" for _, what in HELP}
    missing = sorted(k for k in named | built if k not in CATALOG and not k.endswith("."))
    assert not missing, missing


def test_help_is_in_the_readers_language(zh):
    body = json.dumps(zh.command("/task", "help").json["blocks"], ensure_ascii=False)
    assert "按截止日期列出任务，分页显示" in body and "本频道项目的任务" in body
    bob = json.dumps(zh.command("/task", "help", user="U0003").json["blocks"])
    assert "tasks by due date, paged" in bob and "Tasks of this channel's project" in bob


def test_other_areas_refusals_by_access_read_chinese_too(zh):
    """`access.require_member(…, "record spending")` from a caller not yet on ids still reads as
    `access.do.record_spending` in the reader's language."""
    spend = zh.command("/project", "spend 5 taxi", user="U0005")
    assert "只有 *MP* 的成员才能记录支出。" in spend.text
    settings = zh.command("/project", "settings standup:10:00", user="U0002")
    assert "只有 *MP* 的项目负责人才能修改设置。项目负责人：<@U0001>。" in settings.text


def test_the_message_shortcut_and_the_card_buttons_speak_chinese(zh):
    msg, _ = zh.sender.message("C0001", "登录失败 <!here>\n详情", user="U0002")
    assert zh.sender.message_shortcut("create_task_from_message", msg, user="U0002").status == 200
    view = zh.fake.calls_to("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    valid_view(view)
    assert "来自<" in json.dumps(view["blocks"], ensure_ascii=False)
    zh.sender.view_submission(view, {"title": text_value("登录失败")}, user="U0002")
    zh.rt.drain()
    card = posted(zh)[-1]
    assert "来自这条消息" in json.dumps(card.blocks, ensure_ascii=False)
    start = next(e for b in card.blocks if b["type"] == "actions" for e in b["elements"])
    assert start["text"]["text"] == "开始"
    zh.sender.block_action("task_done", start["value"], user="U0004", message=card)
    zh.rt.drain()
    note = zh.fake.calls_to("chat.postEphemeral")[-1].args
    assert (
        note["user"] == "U0004"
        and "你是 *MP* 的干系人，可以关注进展，但不能完成任务" in note["text"]
    )
