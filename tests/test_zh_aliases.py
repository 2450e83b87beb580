"""Chinese verbs and option keys, through the signed endpoint: they do what the English words do,
and never hide an English word."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block
from sqlalchemy import select

from bot.commands import project, resource, risk, standup, task
from bot.grammar import GrammarError, parse_command
from bot.i18n import Tr
from bot.i18n.aliases import (
    COMMAND_KEYS,
    KEYS,
    SUB_WORDS,
    VALUES,
    VERBS,
    alias_help,
    aliases_for,
    key,
    verb,
    verb_first,
)
from bot.option_values import parse_choice
from bot.store.models import PRIORITIES, Absence, Claim, Member, Project, Task

COMMANDS = {
    "/project": project.VERBS,
    "/task": task.VERBS,
    "/risk": risk.VERBS,
    "/resource": resource.VERBS,
    "/standup": standup.VERBS,
}
# Every option key some command reads (grep `opt("…")` in bot/commands).
ENGLISH_KEYS = {
    "due", "start", "end", "est", "prio", "milestone", "after", "in", "title", "owner", "budget",
    "currency", "tz", "lang", "goal", "scope", "key", "role", "capacity", "task", "weeks",
    "standup", "days", "digest", "digest-to", "alerts", "reminder", "summary", "survey",
    "likelihood", "impact", "mitigation", "review", "reason", "kind", "for", "from", "to",
    "hours", "week", "until", "remove",
}  # fmt: skip
ALICE = "<@U0002|alice>"


def team(slack) -> None:
    slack.project()
    slack.command("/project", f"members add {ALICE} <@U0003|bob>")


def tasks(slack) -> list[Task]:
    with slack.rt.db.session() as s:
        return list(s.scalars(select(Task).order_by(Task.number)))


def test_a_task_added_in_chinese_is_the_task_added_in_english(slack):
    team(slack)
    chinese = slack.command("/task", f"新建 写文档 截止：周五 负责人:{ALICE} 估时:8h 优先级:high")
    english = slack.command("/task", f"add 写文档 due:周五 {ALICE} est:8h prio:high")
    assert chinese.status == english.status == 200
    assert "T-1" in chinese.text and "T-2" in english.text
    first, second = tasks(slack)
    for row in (first, second):
        assert row.title == "写文档" and row.owner_id == "U0002"
        assert str(row.due_date) == "2026-11-27" and row.estimate_hours == 8
        assert row.priority == "high"


def test_chinese_verbs_move_a_task_and_english_ones_still_do(slack):
    team(slack)
    slack.command("/task", f"add 设计 {ALICE} due:下周五")
    slack.command("/task", "添加 评审 依赖:T-1", user="U0002")
    assert slack.command("/task", "开始 T-1").status == 200
    slack.command("/task", "进度 T-1 60%")
    assert tasks(slack)[0].progress == 60
    slack.command("/task", "done T-1")
    assert tasks(slack)[0].status == "done"
    listed = slack.command("/task", "列表 全部")
    assert "设计" in listed.text + str(listed.json) and "评审" in listed.text + str(listed.json)
    english = slack.command("/task", "list all")
    assert english.json.get("blocks") == listed.json.get("blocks")


def test_chinese_keys_set_a_project_and_claim_a_resource(slack):
    slack.project()
    slack.command("/project", "设置 语言：zh 时区:Asia/Tokyo")
    with slack.rt.db.session() as s:
        found = s.scalar(select(Project))
        assert found.settings["lang"] == "zh" and found.timezone == "Asia/Tokyo"
    slack.command("/resource", "添加 投影仪 类型:equipment")
    slack.command("/resource", "占用 投影仪 开始:2026-11-30 结束：2026-12-04 工时:16")
    with slack.rt.db.session() as s:
        claim = s.scalar(select(Claim))
        assert claim is not None and claim.hours == 16
        assert (str(claim.start_date), str(claim.end_date)) == ("2026-11-30", "2026-12-04")


def test_chinese_values_for_fixed_choices(slack):
    slack.project()
    slack.command("/project", "成员 添加 <@U0003|bob> 角色:干系人")
    slack.command("/task", "新建 修复登录 优先级:紧急")
    assert tasks(slack)[0].priority == "urgent"
    with slack.rt.db.session() as s:
        bob = s.scalar(select(Member).where(Member.user_id == "U0003"))
        assert bob is not None and bob.role == "stakeholder"
    assert parse_choice("高", PRIORITIES, key="prio") == "high"
    assert parse_choice("匿名", ("named", "anonymous"), key="survey") == "anonymous"
    with pytest.raises(GrammarError):
        parse_choice("高", ("on", "off"), key="alerts")  # a word stands only for its own choices


def test_standup_away_in_chinese(slack):
    team(slack)
    reply = slack.command("/standup", "请假 直到:2026-11-27", user="U0002")
    assert reply.status == 200
    with slack.rt.db.session() as s:
        away = s.scalar(select(Absence))
        assert away is not None and away.user_id == "U0002" and str(away.end_date) == "2026-11-27"


def test_only_a_chinese_verb_at_the_start_is_rewritten():
    assert verb_first("/standup", "请假 直到:周五 出差") == "away 直到:周五 出差"
    assert verb_first("/standup", "Fixed the Login; today: 请假") == "Fixed the Login; today: 请假"
    assert verb_first("/standup", "报告写完了") == "报告写完了"  # one word: an answer, not a verb
    assert verb_first("/standup", "") == ""


def test_help_in_chinese_words_answers_with_help(slack):
    assert slack.command("/task", "帮助").json == slack.command("/task", "help").json


def test_help_read_in_chinese_ends_with_the_commands_chinese_words(slack):
    english = slack.command("/task", "help").json
    assert "也可以用中文" not in str(english)
    slack.fake.set_locale("U0002", "zh-CN")
    for command in COMMANDS:
        reply = slack.command(command, "帮助", user="U0002")
        blocks = reply.json.get("blocks") or []
        assert blocks, command
        for block in blocks:
            Block.parse(block).validate_json()  # Slack's limits, counted in characters
        last = blocks[-1]["text"]["text"]
        assert "也可以用中文" in last and len(last) <= 3000, command
    tasks_help = slack.command("/task", "help", user="U0002").json["blocks"][-1]["text"]["text"]
    assert "新建/添加 = `add`" in tasks_help and "截止:" in tasks_help


def test_every_alias_names_a_real_verb_or_key():
    for command, verbs in COMMANDS.items():
        for alias, english in aliases_for(command).items():
            if alias.endswith(":"):
                assert english[:-1] in ENGLISH_KEYS, (command, alias)
            else:
                assert english.split()[0] in {*verbs, "help"}, (command, alias)
    for command, verb_ in SUB_WORDS:
        assert verb_ in COMMANDS[command]
    assert set(VERBS) == set(COMMANDS) and set(COMMAND_KEYS) <= set(COMMANDS)


def test_no_alias_is_an_english_word():
    cjk = re.compile(r"^[\u3400-\u9fff]+$")
    for words in [*VERBS.values(), *SUB_WORDS.values(), KEYS, *COMMAND_KEYS.values(), VALUES]:
        assert all(cjk.match(alias) for alias in words), words


ascii_words = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1)


@given(
    command=st.sampled_from(sorted(COMMANDS)),
    first=st.one_of(
        st.sampled_from(sorted({v for vs in COMMANDS.values() for v in vs})), ascii_words
    ),
    rest=st.lists(ascii_words, max_size=4),
)
def test_aliases_never_change_what_english_text_means(command, first, rest):
    text = " ".join([first, *rest])
    try:
        plain = parse_command(text)
    except ValueError as exc:
        plain = type(exc)
    try:
        aliased = parse_command(text, command=command)
    except ValueError as exc:
        aliased = type(exc)
    assert aliased == plain
    assert verb(command, first.lower()) == first.lower()
    assert key(command, first) == first


def test_the_chinese_help_line_lists_the_aliases_in_chinese_and_code():
    for command in COMMANDS:
        line = alias_help(command, Tr("zh"))
        assert line and len(line) < 3000
        assert "新建" in alias_help("/task", Tr("zh")) and "`add`" in alias_help("/task", Tr("zh"))
        prose = re.sub(r"`[^`]*`", " ", line)
        assert not re.findall(r"[A-Za-z]{2,}", prose), (command, prose)
        assert alias_help(command, Tr("en")) is None
