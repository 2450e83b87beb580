"""A Chinese project's risks and resources through the signed endpoint and the fake Slack: channel
posts in the project's language, what only a person sees in theirs, errors on the modal field they
concern, Block Kit that Slack accepts within its limits, a Chinese heat map whose glyphs all draw,
and an English project unchanged."""

from __future__ import annotations

import json
import logging
import re
import warnings

import pytest
from slack_sdk.models.views import View

from bot.blocks import resource as resource_views
from bot.blocks import risk_matrix, risk_modal
from bot.charts.risk_matrix import render
from bot.i18n import Tr
from bot.testing.signed import date_value, option_value, text_value, user_value
from tests.zh import texts, valid_blocks

ZH_PROJECT = "new Portal key:MP start:2026-12-01 end:2027-03-31 lang:zh"
KEEP = {"MP"}
# Not prose: slash commands, code spans, Slack links and mentions, emoji names, escapes, refs.
NOT_PROSE = re.compile(r"/[a-z]+\b|`[^`]*`|<[^<>]*>|:[a-z0-9_+-]+:|&[a-z]+;|\b[A-Z]{1,5}-\d+\b")
CJK = re.compile(r"[\u4e00-\u9fff]")


def prose(text: str, *names: str) -> str:
    for name in names:
        text = text.replace(name, " ")
    return NOT_PROSE.sub(" ", text)


def english_words(text: str, *names: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{2,}", prose(text, *names)) if w not in KEEP}


def chinese(text: str, *names: str) -> None:
    """Chinese text with no English words left (names, refs, mentions and code aside)."""
    if re.search(r"[^\W\d_]", prose(text, *names)):  # words, not only refs and names
        assert CJK.search(text), text
    assert not english_words(text, *names), (english_words(text, *names), text)


def all_chinese(reply_text: str, blocks: list[dict] | None, *names: str) -> None:
    chinese(reply_text, *names)
    if blocks:
        valid_blocks(blocks)
        for text in texts(blocks):
            if CJK.search(text) or english_words(text, *names):
                chinese(text, *names)


def opened_view(slack) -> dict:
    view = slack.fake.calls_to("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def valid_view(view: dict) -> None:
    View(**view).validate_json()
    assert len(view["title"]["text"]) <= 24
    for text in texts(view["blocks"]) + [view["submit"]["text"], view["close"]["text"]]:
        chinese(text, "T-12", "16h")


@pytest.fixture
def team(slack):
    """A Chinese project MP: lead (English Slack) owns it, alice (Chinese Slack) and bob are
    members, U0004 is a stakeholder."""
    slack.fake.add_user("U0002", "alice", locale="zh-CN")
    slack.project(ZH_PROJECT)
    slack.command("/project", "members add <@U0002|alice> <@U0003|bob> capacity:32h")
    slack.command("/project", "members add <@U0004|stakeholder> role:stakeholder")
    return slack


def test_a_chinese_projects_risk_posts_and_escalation_read_in_chinese(team):
    added = team.command(
        "/risk",
        'add "Vendor slips" likelihood:4 impact:5 owner:<@U0003|bob> mitigation:"备用供应商" '
        "review:2026-12-18",
    )
    assert added.json["response_type"] == "in_channel"
    all_chinese(added.text, added.json["blocks"], "Vendor slips")
    shown = json.dumps(added.json["blocks"], ensure_ascii=False)
    assert "极高" in shown and "12月18日 周五" in shown and "已私信通知 <@U0004>" in shown
    (dm,) = [m for m in team.fake.channel_messages("U0004") if m.user == team.fake.bot_user_id]
    all_chinese(dm.text, dm.blocks, "Vendor slips")
    assert "出现极高风险" in dm.text

    changed = team.command("/risk", "update R-1 impact:2 owner:<@U0002|alice> review:2026-12-21")
    all_chinese(changed.text, changed.json["blocks"], "Vendor slips")
    assert "分值 20 → 8" in changed.text and "等级 极高 → 中" in changed.text
    assert "负责人 <@U0003> → <@U0002>" in changed.text
    assert "复查日期 12月18日 周五 → 12月21日 周一" in changed.text

    closed = team.command("/risk", "close R-1 供应商已确认")
    all_chinese(closed.text, None, "Vendor slips")
    assert "关闭了 `R-1`" in closed.text

    team.command("/risk", "add Tester leaves")
    occurred = team.command("/risk", "occurred R-2")
    all_chinese(occurred.text, occurred.json["blocks"], "Tester leaves")
    button = next(
        e for b in occurred.json["blocks"] if b["type"] == "actions" for e in b["elements"]
    )
    assert button["text"]["text"] == "创建受阻任务"
    message = [m for m in team.fake.channel_messages("C0001") if "R-2" in m.text][-1]
    team.sender.block_action("risk_to_task", button["value"], user="U0002", message=message)
    team.rt.drain()
    made = team.fake.find_message("C0001", message.ts).text
    chinese(made, "Tester leaves")
    assert "风险 R-2 已发生：Tester leaves" in made


def test_what_only_a_chinese_reader_sees_is_in_chinese_and_english_readers_keep_english(team):
    team.command("/risk", "add Vendor slips likelihood:4 impact:5 review:2026-12-18")
    team.command("/risk", 'mitigate R-1 "备用供应商"')
    for text in ("list", "list all", "show R-1"):
        reply = team.command("/risk", text, user="U0002")
        assert reply.json["response_type"] == "ephemeral", text
        all_chinese(reply.text, reply.json["blocks"], "Vendor slips")
    shown = json.dumps(team.command("/risk", "show R-1", user="U0002").json, ensure_ascii=False)
    for piece in ("历史", "登记了此风险", "应对措施", "复查：* 12月18日 周五"):
        assert piece in shown, piece
    empty = team.command("/risk", "list mine", user="U0002")
    chinese(empty.text)
    # The lead's Slack is in English: what only they see stays English, in a Chinese project.
    english = team.command("/risk", "list", user="U0001")
    assert "Open risks of MP" in english.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("add Vendor slips likelihood:7", "不在刻度上"),
        ("add Vendor slips owner:<@U0005|outsider>", "的成员，不能负责风险"),
        ("add Vendor slips owner:<@U0004|stakeholder>", "的干系人，不能负责风险"),
        ("add Ping <!here> now", "会通知所有人"),
        ("add Vendor slips review:2020-01-01", "已过"),
        ("add Vendor slips prob:4", "没有 `prob:` 选项"),
        ("show R-9", "没有风险 R-9"),
        ("show", "请说明要查看哪个风险"),
        ("update R-1", "请说明 R-1 要改什么"),
        ("list sideways", "`open`"),
    ],
)
def test_a_chinese_readers_mistakes_are_told_in_chinese(team, text, expected):
    reply = team.command("/risk", text, user="U0002")
    assert reply.json["response_type"] == "ephemeral"
    chinese(reply.text)
    assert expected in reply.text and "<!here>" not in reply.text


def test_a_refused_change_names_who_may_in_chinese(team):
    team.command("/risk", "add Bob's risk owner:<@U0003|bob>")
    denied = team.command("/risk", "update R-1 likelihood:5", user="U0002")
    chinese(denied.text)
    assert "只有 R-1 的负责人（<@U0003>）" in denied.text and "<@U0001>" in denied.text
    team.command("/risk", "add Her risk", user="U0002")
    team.command("/risk", "close R-2 done", user="U0002")
    again = team.command("/risk", "close R-2", user="U0002")
    chinese(again.text, "done")
    assert "R-2 已关闭（done），不能再关闭。" in again.text


def test_the_risk_modal_is_chinese_and_its_errors_land_on_their_field_in_chinese(team):
    team.command("/risk", "", user="U0002")
    view = opened_view(team)
    valid_view(view)
    assert view["title"]["text"] == "新风险 · MP"
    options = view["blocks"][1]["element"]["options"]
    assert options[4]["text"]["text"] == "5 · 几乎确定"
    owner = team.sender.view_submission(
        view, {"title": text_value("Vendor"), "owner": user_value("U0005")}, user="U0002"
    )
    assert set(owner.json["errors"]) == {"owner"}
    chinese(owner.json["errors"]["owner"], "/project members add")
    past = team.sender.view_submission(
        view, {"title": text_value("Late"), "review": date_value("2026-11-01")}, user="U0002"
    )
    assert set(past.json["errors"]) == {"review"}
    assert "复查日期 11月1日 周日 已过" in past.json["errors"]["review"]
    here = team.sender.view_submission(view, {"title": text_value("<!channel>")}, user="U0002")
    assert "<!channel>" in here.json["errors"]["title"]  # plain text: shown as typed
    chinese(here.json["errors"]["title"])
    good = team.sender.view_submission(
        view,
        {
            "title": text_value("Vendor"),
            "likelihood": option_value("5"),
            "impact": option_value("4"),
        },
        user="U0002",
    )
    assert good.status == 200 and not good.body.strip()
    team.rt.drain()
    posted = [m for m in team.fake.channel_messages("C0001") if "R-1" in m.text and m.blocks]
    all_chinese(posted[-1].text, posted[-1].blocks, "Vendor")


def test_the_chinese_matrix_and_its_heat_map(team, caplog):
    team.command("/risk", 'add "Vendor slips" likelihood:4 impact:5')
    team.command("/risk", 'add "Tester leaves" likelihood:1 impact:2')
    reply = team.command("/risk", "matrix")
    all_chinese(reply.text, reply.json["blocks"], "Vendor slips", "Tester leaves")
    grid = reply.json["blocks"][1]["text"]["text"]
    rows = grid.strip("`").splitlines()
    assert rows[0].strip() == "影响 →" and rows[-1] == "可能性 ↑"
    likely = next(r for r in rows if r.startswith("4 很可能"))
    header = rows[1]
    # Columns line up in a monospaced font, where a Chinese character takes two columns.
    width = risk_matrix._width  # noqa: SLF001 - the one measure of the grid
    assert width(likely[: likely.index("R-1")]) == width(header[: header.index("5 严重")])
    team.fake.wait_for("files.completeUploadExternal")
    (shared,) = team.fake.files.values()
    assert shared.title == "MP 的风险矩阵"

    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        png = render(
            {(4, 5): ["R-1"], (1, 2): ["R-2", "R-3", "R-4", "R-5"]}, "MP 的风险矩阵", Tr("zh")
        )
    missing = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in missing if "missing from font" in m or "findfont" in m], missing
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_help_in_both_languages():
    for tr in (Tr("en"), Tr("zh")):
        for reply in (risk_modal.help_reply(tr), resource_views.help_reply(tr)):
            valid_blocks(reply.blocks)
    zh = risk_modal.help_reply(Tr("zh"))
    for text in texts(zh.blocks):
        chinese(text)
    assert "几乎确定" in json.dumps(zh.blocks, ensure_ascii=False)


def test_a_chinese_projects_resources_read_in_chinese(team):
    added = team.command("/resource", "add Projector kind:equipment capacity:20h")
    all_chinese(added.text, None, "Projector")
    assert "设备" in added.text and "每周 20 小时" in added.text
    ok = team.command("/resource", "claim Projector from:2026-12-07 to:2026-12-11 hours:16")
    all_chinese(ok.text, None, "Projector")
    assert "12月7日 周一 至 12月11日 周五，16 小时" in ok.text
    refused = team.command(
        "/resource", "claim Projector from:2026-12-09 to:2026-12-09 hours:8", user="U0002"
    )
    chinese(refused.text, "Projector")
    assert "无法再预订 8 小时" in refused.text and "`C-1`（MP）<@U0001>" in refused.text
    assert "下一个可用时段：12月16日 周三 至 12月16日 周三" in refused.text
    person = team.command("/resource", "claim <@U0002|alice> from:2026-12-07 hours:40")
    assert "超额分配" in person.text
    chinese(person.text)
    for text in ("list", "load week:2026-12-07"):
        reply = team.command("/resource", text, user="U0002")
        all_chinese(reply.text, reply.json.get("blocks"), "Projector")
    load = json.dumps(team.command("/resource", "load", user="U0002").json, ensure_ascii=False)
    assert "（预订" in load
    released = team.command("/resource", "release C-1")
    assert released.text == "`C-1` 已释放。"
    for text, expected in (
        ("claim Kettle from:2026-12-07", "没有名为 *Kettle* 的资源"),
        ("claim Projector from:2026-12-11 to:2026-12-07", "早于开始日期"),
        ("release C-9", "没有预订 C-9"),
        ("add Van kind:spaceship", "spaceship"),
        ("claim Projector from:2026-12-07 hours:-3h", "hours"),
    ):
        reply = team.command("/resource", text, user="U0002")
        chinese(reply.text, "Kettle", "Projector", "spaceship", "Van")
        assert expected in reply.text, reply.text


def test_the_claim_modal_is_chinese_and_a_refusal_shows_what_fits(team):
    team.command("/resource", "add Projector kind:equipment capacity:20h")
    team.command("/resource", "claim Projector from:2026-12-07 to:2026-12-11 hours:16")
    team.command("/resource", "", user="U0002")
    view = opened_view(team)
    valid_view(view)
    assert view["title"]["text"] == "预订资源 · MP"
    bad = team.sender.view_submission(
        view,
        {"resource": text_value("Projector"), "from": date_value("2026-12-12")},
        user="U0002",
    )
    assert set(bad.json["errors"]) == {"from"}
    chinese(bad.json["errors"]["from"])
    refused = team.sender.view_submission(
        view,
        {"resource": text_value("Projector"), "from": date_value("2026-12-09"), "hours": text_value("8h")},
        user="U0002",
    )  # fmt: skip
    assert refused.json["errors"]["resource"].startswith("下一个可用时段")
    team.rt.drain()
    notes = [m.text for m in team.fake.channel_messages("C0001") if m.ephemeral_to == "U0002"]
    assert any("无法再预订 8 小时" in n for n in notes)
    chinese(notes[-1], "Projector")


def test_an_english_project_is_unchanged(slack):
    slack.project()
    slack.command("/risk", "")
    view = opened_view(slack)
    View(**view).validate_json()
    assert view["title"]["text"] == "New risk · MP" and view["submit"]["text"] == "Add"
    added = slack.command("/risk", "add Vendor slips likelihood:4 impact:5")
    assert "Score :red_circle: *20* (critical)" in json.dumps(added.json["blocks"])
    slack.command("/resource", "add Projector kind:equipment capacity:20h")
    claimed = slack.command("/resource", "claim Projector from:2026-12-07 to:2026-12-11 hours:16")
    assert "2026-12-07 – 2026-12-11, 16 h." in claimed.text
