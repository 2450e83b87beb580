"""The sandbox server without a browser: the page's API forwards to the real bot as Slack would."""

from __future__ import annotations

import json
import re
import socket
import threading
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from bot.cli import build_parser
from bot.sandbox.clock import stops
from bot.sandbox.demo import has_command
from bot.sandbox.main import Sandbox
from bot.sandbox.store import state_path
from bot.store.models import Project

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def make(tmp_path: Path, **kwargs: Any) -> Sandbox:
    return Sandbox(
        tmp_path / "sandbox.db",
        port=0,
        timezone="Asia/Shanghai",
        start=START,
        scheduler=False,
        **kwargs,
    ).start()


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    sandbox = make(tmp_path)
    yield sandbox
    sandbox.stop()


def api(sb: Sandbox, what: str, user: str = "U0001", **body: Any) -> dict[str, Any]:
    data = json.dumps({"user": user, **body}).encode()
    req = urllib.request.Request(
        f"{sb.url}/sandbox/{what}", data=data, headers={"Content-Type": "application/json"}
    )
    with _opener.open(req, timeout=30) as resp:
        result = json.loads(resp.read())
    sb.rt.drain()
    return result


def snap(sb: Sandbox, user: str = "U0001", since: int = -1) -> dict[str, Any]:
    url = f"{sb.url}/sandbox/state?user={user}&since={since}&wait=5"
    with _opener.open(url, timeout=30) as resp:
        return json.loads(resp.read())


def say(sb: Sandbox, text: str, *, user: str = "U0001", channel: str = "C0001") -> dict[str, Any]:
    return api(sb, "send", user=user, channel=channel, text=text)


def texts(state: dict[str, Any], channel: str = "C0001") -> list[str]:
    return [m["text"] for m in state["messages"][channel]]


def test_the_page_and_its_assets_come_from_the_sandbox_alone(sb: Sandbox) -> None:
    with _opener.open(sb.url + "/", timeout=5) as resp:
        page = resp.read().decode()
    assert resp.status == 200 and "TeamTrack sandbox" in page
    static = resources.files("bot.sandbox").joinpath("static")
    for name in ("index.html", "app.js", "app.css"):
        body = static.joinpath(name).read_text()
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", body), name
        assert "@import" not in body and "url(http" not in body, name
        with _opener.open(f"{sb.url}/static/{name}", timeout=5) as resp:
            assert resp.read().decode() == body
    with pytest.raises(urllib.error.HTTPError):
        _opener.open(f"{sb.url}/static/../main.py", timeout=5)


def test_every_emoji_the_bot_writes_is_drawn_by_the_page() -> None:
    """The page turns `:name:` into the emoji Slack shows; a name it lacks shows as text."""
    bot = Path(__file__).resolve().parent.parent / "bot"
    written = {
        name
        for folder in ("i18n/messages", "blocks", "charts", "jobs", "commands", "services")
        for path in (bot / folder).rglob("*.py")
        for name in re.findall(r":([a-z][a-z0-9_+-]*):", path.read_text())
    }
    script = (bot / "sandbox" / "static" / "app.js").read_text()
    table = script[
        script.index("const EMOJI = {") : script.index("};", script.index("const EMOJI"))
    ]
    drawn = set(re.findall(r"([a-z0-9_+-]+): \"", table))
    assert written and not written - drawn, sorted(written - drawn)


def test_binds_localhost_by_default() -> None:
    args = build_parser().parse_args(["sandbox"])
    assert (args.host, args.port, args.db, args.demo) == ("127.0.0.1", 3000, "sandbox.db", False)
    assert Sandbox("x.db").host == "127.0.0.1"


def test_a_slash_command_goes_to_the_bot_signed_with_mentions_as_slack_sends_them(
    sb: Sandbox,
) -> None:
    assert say(sb, '/project new "Member Portal" key:MP')["ok"]
    assert say(sb, "/project members add @alice @bob role:member")["ok"]
    lead = snap(sb)
    assert any("MP" in t and "started" in t for t in texts(lead))
    assert any("<@U0002>" in t and "<@U0003>" in t for t in texts(lead))
    # A bad signature would have been refused with a 401, and the page would say so.
    assert not [m for m in lead["messages"]["C0001"] if m["user"] == "USLACKBOT"]


def test_a_rejected_command_shows_its_error_only_to_its_author(sb: Sandbox) -> None:
    result = say(sb, "/project frobnicate")
    assert result["ok"]  # the bot answered; its answer is the error
    mine = [m for m in snap(sb)["messages"]["C0001"] if m["ephemeral"]]
    assert mine and any(":warning:" in m["text"] or "warning" in json.dumps(m) for m in mine)
    assert snap(sb, "U0002")["messages"]["C0001"] == []


def test_an_unknown_command_is_refused_like_slack_does(sb: Sandbox) -> None:
    result = say(sb, "/nope hello")
    assert not result["ok"] and "not a valid command" in result["error"]
    assert [m["user"] for m in snap(sb)["messages"]["C0001"]] == ["USLACKBOT"]


def test_plain_text_posts_a_message_and_thread_replies_count(sb: Sandbox) -> None:
    assert say(sb, "hello @bob, see #general <b>")["ok"]
    (msg,) = snap(sb)["messages"]["C0001"]
    assert msg["text"] == "hello <@U0003>, see <#C0002|general> &lt;b&gt;"
    assert api(sb, "send", channel="C0001", text="a reply", thread_ts=msg["ts"], user="U0002")["ok"]
    state = snap(sb, "U0003")
    top, reply = state["messages"]["C0001"]
    assert top["reply_count"] == 1 and reply["thread_ts"] == msg["ts"]


def test_the_modal_shows_field_errors_then_creates_the_project(sb: Sandbox) -> None:
    assert say(sb, "/project", channel="C0002")["ok"]
    modal = snap(sb)["modal"]
    assert modal and modal["view"]["callback_id"] == "project_new"
    assert snap(sb, "U0002")["modal"] is None  # only its opener sees it

    def values(budget: str) -> dict[str, Any]:
        text = lambda v: {"value": {"type": "plain_text_input", "value": v}}  # noqa: E731
        return {"name": text("Website"), "key": text("WEB"), "budget": text(budget)}

    result = api(sb, "submit", view_id=modal["id"], values=values("lots"))
    assert not result["ok"] and "budget" in result["errors"]
    assert snap(sb)["modal"]["id"] == modal["id"]  # still open, as Slack keeps it
    assert api(sb, "submit", view_id=modal["id"], values=values("5000"))["ok"]
    state = snap(sb)
    assert state["modal"] is None
    assert any("WEB" in t for t in texts(state, "C0002"))


def test_a_closed_modal_is_gone(sb: Sandbox) -> None:
    say(sb, "/project", channel="C0002")
    modal = snap(sb)["modal"]
    assert api(sb, "close", view_id=modal["id"])["ok"]
    assert snap(sb)["modal"] is None


@pytest.mark.skipif(not has_command("task"), reason="/task (bot/commands/task.py) is not built yet")
def test_a_button_click_updates_the_message_in_place(sb: Sandbox) -> None:
    say(sb, "/project new Portal key:MP")
    say(sb, "/project members add @alice")
    say(sb, '/task add "Write the docs" @alice')
    cards = [m for m in snap(sb)["messages"]["C0001"] if "task_done" in json.dumps(m["blocks"])]
    assert cards, texts(snap(sb))
    card = cards[-1]
    done = next(
        e
        for b in card["blocks"]
        for e in b.get("elements", []) + ([b["accessory"]] if "accessory" in b else [])
        if e.get("action_id") == "task_done"
    )
    action = {"action_id": "task_done", "block_id": "b", "type": "button", "value": done["value"]}
    assert api(sb, "action", channel="C0001", ts=card["ts"], action=action)["ok"]
    after = {m["ts"]: m for m in snap(sb)["messages"]["C0001"]}[card["ts"]]
    assert after["edited"] and after["blocks"] != card["blocks"]


def test_the_clock_moves_and_runs_the_jobs(sb: Sandbox) -> None:
    say(sb, "/project new Portal key:MP")
    say(sb, "/project members add @alice @bob")
    assert api(sb, "clock", step="hour")["ok"]
    assert sb.clock() == START + timedelta(hours=1)
    result = api(sb, "clock", step="standup")
    assert result["ok"]
    # Monday 11:00 in Shanghai -> Tuesday 09:30, the project's standup time.
    assert sb.clock() == datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    assert snap(sb)["clock"]["label"] == "Tue 24 Nov 2026, 09:30"
    assert api(sb, "clock", step="day")["ok"]
    assert sb.clock() == datetime(2026, 11, 25, 1, 30, tzinfo=UTC)
    if has_command("standup"):
        times = [m["time"] for m in snap(sb)["messages"]["C0001"] if m["user"] == "UBOT"]
        assert "09:30" in times  # the standup prompt, posted at the sandbox's time


def test_a_dead_app_is_reported_instead_of_hanging(tmp_path: Path) -> None:
    sb = make(tmp_path, answer_timeout=0.5)
    try:
        sb.server.stop()
        result = say(sb, "/project info")
        assert not result["ok"] and "did not answer within 0.5 s" in result["error"]
        (notice,) = snap(sb)["messages"]["C0001"]
        assert notice["ephemeral"] and "did not answer" in notice["text"]
        # A slow app: the connection is accepted but nothing ever comes back.
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(8)
            sb.sender.events_url = f"http://127.0.0.1:{silent.getsockname()[1]}/slack/events"
            result = say(sb, "/project info")
        assert not result["ok"] and "did not answer" in result["error"]
    finally:
        sb.stop()


def test_a_restart_keeps_the_workspace_and_the_clock(tmp_path: Path) -> None:
    sb = make(tmp_path)
    say(sb, "/project new Portal key:MP")
    say(sb, "hello")
    api(sb, "clock", step="hour")
    before = texts(snap(sb))
    sb.stop()
    assert state_path(tmp_path / "sandbox.db").exists()
    again = make(tmp_path)
    try:
        assert texts(snap(again)) == before
        assert again.clock() == START + timedelta(hours=1)
        shown = len(snap(again)["messages"]["C0001"])  # a catch-up tick may have posted since
        say(again, "/project info")  # the bot's own database kept the project too
        assert "Portal" in json.dumps(snap(again)["messages"]["C0001"][shown:])
    finally:
        again.stop()


def test_the_page_long_polls_until_something_changes(sb: Sandbox) -> None:
    version = snap(sb)["version"]
    got: list[dict[str, Any]] = []
    waiter = threading.Thread(target=lambda: got.append(snap(sb, since=version)))
    waiter.start()
    say(sb, "hello")
    waiter.join(10)
    assert got and got[0]["version"] > version and texts(got[0]) == ["hello"]


def test_the_demo_is_typed_in_through_the_bots_own_commands(tmp_path: Path) -> None:
    sb = make(tmp_path, demo=True)
    try:
        state = snap(sb)
        joined = json.dumps(state["messages"]["C0001"])
        assert "Membership portal relaunch" in joined and "<@U0004>" in joined
        assert sb.clock() == START  # seeded in the past, back to now afterwards
        if has_command("task"):
            assert "Migrate member records" in joined
        if has_command("risk"):
            assert "Payment provider changes its API" in joined
    finally:
        sb.stop()


def test_the_clock_stops_on_every_half_hour_where_project_times_sit() -> None:
    start = datetime(2026, 11, 23, 1, 7, tzinfo=UTC)
    assert [t.strftime("%H:%M") for t in stops(start, start + timedelta(hours=1))] == [
        "01:30",
        "02:00",
        "02:07",
    ]
    assert stops(start, start + timedelta(minutes=5)) == [start + timedelta(minutes=5)]


@pytest.mark.skipif(
    not has_command("home"), reason="App Home (bot/commands/home.py) is not built yet"
)
def test_app_home_is_per_person_and_its_buttons_work(sb: Sandbox) -> None:
    say(sb, "/project new Portal key:MP")
    say(sb, '/task add "Plan the launch" @lead')
    assert api(sb, "home")["ok"]
    home = snap(sb)["home"]
    assert home and "Plan the launch" in json.dumps(home["view"])
    assert snap(sb, "U0002")["home"] is None
    done = next(
        e
        for b in home["view"]["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == "task_done"
    )
    action = {"action_id": "task_done", "block_id": "b", "type": "button", "value": done["value"]}
    assert api(sb, "action", view_id=home["id"], action=action)["ok"]
    assert "Plan the launch" not in json.dumps(snap(sb)["home"]["view"])


@pytest.mark.skipif(not has_command("task"), reason="/task (bot/commands/task.py) is not built yet")
def test_a_message_shortcut_opens_its_modal(sb: Sandbox) -> None:
    assert [s["callback_id"] for s in snap(sb)["shortcuts"]] == ["create_task_from_message"]
    say(sb, "/project new Portal key:MP")
    say(sb, "we should write the FAQ")
    msg = next(m for m in snap(sb)["messages"]["C0001"] if m["user"] == "U0001")
    result = api(
        sb, "shortcut", channel="C0001", ts=msg["ts"], callback_id="create_task_from_message"
    )
    assert result["ok"]
    modal = snap(sb)["modal"]
    assert modal and "write the FAQ" in json.dumps(modal["view"])


def test_socket_mode_sandbox_delivers_commands_and_messages_over_the_websocket(
    tmp_path: Path,
) -> None:
    sb = make(tmp_path, socket=True)
    try:
        assert say(sb, '/project new "Member Portal" key:MP')["ok"]
        assert any("MP" in t and "started" in t for t in texts(snap(sb)))
        assert say(sb, "hello team")["ok"]
        kinds = [(e.type, e.acked.is_set()) for e in sb.socket_mode.envelopes]
        assert kinds == [("slash_commands", True), ("events_api", True)]
        assert not hasattr(sb, "server")  # no HTTP endpoint: the WebSocket is the only way in
    finally:
        sb.stop()
    assert build_parser().parse_args(["sandbox", "--socket"]).socket


def ephemeral_texts(state: dict[str, Any], channel: str = "C0001") -> list[str]:
    return [m["text"] for m in state["messages"][channel] if m["ephemeral"]]


def test_a_persons_language_switch_sets_their_slack_locale_and_tells_the_bot(
    tmp_path: Path,
) -> None:
    sb = make(tmp_path)
    try:
        say(sb, "/project new Portal key:MP")
        say(sb, "/project members add @alice role:owner")
        say(sb, "/project settings lang:xx")  # English, and the bot keeps that locale a while
        assert "is not a language I speak" in ephemeral_texts(snap(sb))[-1]
        assert snap(sb)["people"][0]["lang"] == "en"
        result = api(sb, "language", lang="zh")
        assert result == {"ok": True, "error": None}
        assert sb.fake.users["U0001"].locale == "zh-CN" and snap(sb)["people"][0]["lang"] == "zh"
        say(sb, "/project settings lang:xx")  # user_change made the bot read it again
        assert "不是我会的语言" in ephemeral_texts(snap(sb))[-1]
        assert sb.fake.users["U0002"].locale == "en-US"  # one person's switch
        say(sb, "/project settings lang:xx", user="U0002")
        assert "is not a language I speak" in ephemeral_texts(snap(sb, "U0002"))[-1]
        assert api(sb, "language", lang="fr")["ok"] is False
    finally:
        sb.stop()
    again = make(tmp_path)  # the switch is part of the saved workspace
    try:
        assert again.fake.users["U0001"].locale == "zh-CN"
        assert again.fake.users["U0002"].locale == "en-US"
    finally:
        again.stop()


def test_the_chinese_demo_has_a_chinese_project_and_people(tmp_path: Path) -> None:
    assert build_parser().parse_args(["sandbox", "--demo", "--lang", "zh"]).lang == "zh"
    assert build_parser().parse_args(["sandbox", "--demo"]).lang == "en"
    sb = make(tmp_path, demo=True, lang="zh")
    try:
        state = snap(sb)
        assert {p["lang"] for p in state["people"]} == {"zh"}
        assert "会员门户改版" in json.dumps(state["messages"]["C0001"], ensure_ascii=False)
        with sb.db.session() as session:
            project = session.get(Project, 1)
            assert project is not None and project.settings.get("lang") == "zh"
    finally:
        sb.stop()
