"""The test rig itself: FakeSlack driven by a real WebClient, SlackSender checked by SignatureVerifier."""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from bot.slack_client import retry_handlers
from bot.testing import (
    FakeSlack,
    RawRequest,
    SlackSender,
    date_value,
    option_value,
    sign,
    text_value,
    user_value,
    values_for,
)

SECRET = "rig-signing-secret"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
MODAL = {
    "type": "modal",
    "callback_id": "task_add",
    "title": {"type": "plain_text", "text": "New task"},
    "submit": {"type": "plain_text", "text": "Add"},
    "private_metadata": "MP",
    "blocks": [
        {
            "type": "input",
            "block_id": "title_b",
            "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": "title"},
        },
        {
            "type": "input",
            "block_id": "due_b",
            "label": {"type": "plain_text", "text": "Due"},
            "element": {"type": "datepicker", "action_id": "due"},
        },
    ],
}


@pytest.fixture
def fs() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("U0001", "lead", real_name="Li Lead")
        fake.add_user("U0002", "alice", tz="America/New_York")
        fake.add_user("U0009", "gone", deleted=True)
        fake.add_channel("C0001", "portal", members=("U0001", "U0002"))
        yield fake


@pytest.fixture
def client(fs: FakeSlack) -> WebClient:
    return WebClient(base_url=fs.api_url, token="xoxb-test", retry_handlers=[])


def retrying(fs: FakeSlack, waits: list[float] | None = None) -> WebClient:
    """slack_sdk's stock WebClient with the app's retry handlers, their waits noted, not slept."""
    sleep = (waits if waits is not None else []).append
    return WebClient(base_url=fs.api_url, token="xoxb-test", retry_handlers=retry_handlers(sleep))


def post(url: str, body: bytes, content_type: str) -> dict:
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": content_type}, method="POST"
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read())


# -- Web API --------------------------------------------------------------------------------


def test_auth_test_names_the_bot_and_missing_token_is_not_authed(fs, client):
    me = client.auth_test()
    assert (me["team_id"], me["user_id"], me["bot_id"]) == ("T0001", "UBOT", "B0001")
    assert post(fs.api_url + "auth.test", b"", "application/x-www-form-urlencoded") == {
        "ok": False,
        "error": "not_authed",
    }
    assert fs.calls[-1].token is None and fs.calls[-1].status == 200


def test_post_message_accepts_json_and_form_bodies(fs, client):
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    r = client.chat_postMessage(channel="C0001", text="hi", blocks=blocks)
    assert r["ok"] and r["channel"] == "C0001" and r["message"]["blocks"] == blocks
    assert r["message"]["bot_id"] == "B0001" and r["ts"] == r["message"]["ts"]
    # Form-encoded, with the token as a field and blocks as a JSON string, as older clients send.
    form = f"token=xoxb-test&channel=C0001&text=form&blocks={json.dumps(blocks)}".encode()
    answer = post(fs.api_url + "chat.postMessage", form, "application/x-www-form-urlencoded")
    assert (
        answer["ok"] and fs.calls[-1].args["blocks"] == blocks and fs.calls[-1].token == "xoxb-test"
    )
    assert [m.text for m in fs.channel_messages("C0001")] == ["hi", "form"]
    assert fs.calls_to("chat.postMessage")[0].args["text"] == "hi"


def test_timestamps_are_slack_shaped_and_strictly_increasing(client):
    stamps = [client.chat_postMessage(channel="C0001", text=str(i))["ts"] for i in range(20)]
    assert all(re.fullmatch(r"\d{10}\.\d{6}", ts) for ts in stamps)
    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 20


def test_a_command_ack_sits_at_the_ts_reserved_when_the_command_was_sent(fs, client):
    reserved = fs.new_ts()
    client.chat_postMessage(channel="C0001", text="card")  # the app posts before the ack is read
    ack = fs.show_command_ack("C0001", "U0001", {"text": "Added"}, ts=reserved)
    assert ack is not None and ack.ts == reserved and ack.ephemeral_to == "U0001"
    assert [m.text for m in fs.channel_messages("C0001")] == ["Added", "card"]
    client.chat_postMessage(channel="C0001", text="later")
    assert [m.text for m in fs.channel_messages("C0001")] == ["Added", "card", "later"]


def test_posting_to_a_user_id_posts_in_their_stable_dm(fs, client):
    dm = client.conversations_open(users="U0002")["channel"]["id"]
    assert dm.startswith("D") and client.conversations_open(users=["U0002"])["channel"]["id"] == dm
    assert client.chat_postMessage(channel="U0002", text="reminder")["channel"] == dm
    assert [m.text for m in fs.channel_messages("U0002")] == ["reminder"]
    assert client.conversations_info(channel=dm)["channel"]["is_im"] is True


def test_thread_replies_and_broadcast(fs, client):
    parent = client.chat_postMessage(channel="C0001", text="standup")["ts"]
    client.chat_postMessage(channel="C0001", thread_ts=parent, text="summary", reply_broadcast=True)
    reply = fs.channel_messages("C0001")[-1]
    assert reply.thread_ts == parent and reply.reply_broadcast
    assert fs.find_message("C0001", parent).reply_count == 1
    thread = client.conversations_replies(channel="C0001", ts=parent)["messages"]
    assert [m["text"] for m in thread] == ["standup", "summary"]


def test_update_delete_and_permalink(fs, client):
    ts = client.chat_postMessage(channel="C0001", text="T-1 open", blocks=[{"type": "divider"}])[
        "ts"
    ]
    r = client.chat_update(channel="C0001", ts=ts, text="T-1 done")
    msg = fs.find_message("C0001", ts)
    assert r["message"]["text"] == "T-1 done" and msg.updated_count == 1
    assert msg.blocks == [{"type": "divider"}]  # left out, so kept
    assert client.chat_getPermalink(channel="C0001", message_ts=ts)["permalink"].startswith(
        fs.root_url
    )
    with pytest.raises(SlackApiError) as err:
        client.chat_update(channel="C0001", ts="1.000001", text="x")
    assert err.value.response["error"] == "message_not_found"
    client.chat_delete(channel="C0001", ts=ts)
    assert (
        fs.channel_messages("C0001") == []
        and fs.channel_messages("C0001", include_deleted=True)[0].deleted
    )


def test_ephemeral_messages_and_channel_membership(fs, client):
    r = client.chat_postEphemeral(channel="C0001", user="U0002", text="only you")
    msg = fs.messages[-1]
    assert r["message_ts"] == msg.ts and msg.ephemeral_to == "U0002"
    with pytest.raises(SlackApiError, match="user_not_in_channel"):
        client.chat_postEphemeral(channel="C0001", user="U0009", text="not a member")


def test_users_info_list_and_members(fs, client):
    lead = client.users_info(user="U0001")["user"]
    assert (lead["real_name"], lead["tz"], lead["tz_offset"]) == (
        "Li Lead",
        "Asia/Shanghai",
        8 * 3600,
    )
    assert lead["profile"]["display_name"] == "lead" and lead["deleted"] is False
    assert client.users_info(user="U0009")["user"]["deleted"] is True
    assert client.users_info(user="U0002")["user"]["tz_offset"] in (-5 * 3600, -4 * 3600)
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.users_info(user="U4040")
    pages = [p["members"] for p in client.users_list(limit=2)]
    assert [len(p) for p in pages] == [2, 2] and "UBOT" in [u["id"] for p in pages for u in p]
    assert client.conversations_members(channel="C0001")["members"] == ["U0001", "U0002", "UBOT"]


def test_reactions_and_unknown_method(fs, client):
    ts = client.chat_postMessage(channel="C0001", text="done")["ts"]
    client.reactions_add(channel="C0001", timestamp=ts, name="white_check_mark")
    assert fs.find_message("C0001", ts).reactions == {"white_check_mark": ["UBOT"]}
    with pytest.raises(SlackApiError, match="already_reacted"):
        client.reactions_add(channel="C0001", timestamp=ts, name="white_check_mark")
    with pytest.raises(SlackApiError, match="unknown_method"):
        client.api_call("chat.teleport", json={"channel": "C0001"})


def test_block_kit_limits_are_enforced(client):
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        client.chat_postMessage(
            channel="C0001",
            text="x",
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "a" * 3001}}],
        )
    with pytest.raises(SlackApiError, match="no_text"), pytest.warns(UserWarning):
        client.chat_postMessage(channel="C0001", text="")
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_open(
            trigger_id="1.2.3", view={**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
        )
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_open(trigger_id="1.2.4", view={**MODAL, "private_metadata": "m" * 3001})


def test_views_open_update_push_and_publish(fs, client):
    trigger = fs.issue_trigger("U0001")
    opened = client.views_open(trigger_id=trigger, view=MODAL)["view"]
    view = fs.views[opened["id"]]
    assert (view.user, view.kind, view.view, opened["hash"]) == ("U0001", "modal", MODAL, view.hash)
    with pytest.raises(SlackApiError, match="exchanged_trigger_id"):
        client.views_open(trigger_id=trigger, view=MODAL)
    with pytest.raises(SlackApiError, match="hash_conflict"):
        client.views_update(view_id=opened["id"], hash="stale", view=MODAL)
    changed = {**MODAL, "private_metadata": "MP2"}
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=changed)["view"]
    assert updated["private_metadata"] == "MP2" and updated["hash"] != opened["hash"]
    pushed = client.views_push(trigger_id=fs.issue_trigger("U0001"), view=MODAL)["view"]
    assert (pushed["previous_view_id"], pushed["root_view_id"]) == (opened["id"], opened["id"])
    assert [v.id for v in fs.modal_stack("U0001")] == [opened["id"], pushed["id"]]
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "My tasks"}}],
    }
    first = client.views_publish(user_id="U0001", view=home)["view"]
    again = client.views_publish(user_id="U0001", view={**home, "blocks": []})["view"]
    assert first["id"] == again["id"] and fs.home_view("U0001") == {**home, "blocks": []}
    assert fs.home_view("U0002") is None


def test_views_open_needs_a_fresh_trigger(fs, client):
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.api_call("views.open", json={"view": MODAL})
    fs.trigger_ttl = 0.05
    trigger = fs.issue_trigger("U0001")
    time.sleep(0.1)
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        client.views_open(trigger_id=trigger, view=MODAL)


def test_files_upload_v2_round_trips_the_bytes(fs, client):
    parent = client.chat_postMessage(channel="C0001", text="digest")["ts"]
    r = client.files_upload_v2(
        content=PNG,
        filename="burnup.png",
        title="Burn-up",
        channel="C0001",
        initial_comment="Week 48",
        thread_ts=parent,
    )
    f = fs.files[r["file"]["id"]]
    assert (f.content, f.title, f.filename, f.channel, f.thread_ts) == (
        PNG,
        "Burn-up",
        "burnup.png",
        "C0001",
        parent,
    )
    shared = fs.channel_messages("C0001")[-1]
    assert shared.files == [f] and shared.text == "Week 48" and shared.thread_ts == parent
    assert client.files_info(file=f.id)["file"]["size"] == len(PNG)
    with urllib.request.urlopen(f.url_private, timeout=5) as resp:
        assert resp.read() == PNG and resp.headers["Content-Type"] == "image/png"


def test_upload_url_accepts_multipart_too(fs, client):
    ticket = client.files_getUploadURLExternal(filename="r.csv", length=3)
    boundary = "xyzzy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\na,b\r\n--{boundary}--\r\n"
    ).encode()
    req = urllib.request.Request(
        ticket["upload_url"],
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert resp.status == 200
    assert fs.files[ticket["file_id"]].content == b"a,b"


# -- faults -----------------------------------------------------------------------------------


def test_rate_limit_is_retried_after_retry_after(fs):
    fs.inject("chat.postMessage", "429", retry_after=0)
    assert retrying(fs).chat_postMessage(channel="C0001", text="hi")["ok"]
    assert [c.status for c in fs.calls_to("chat.postMessage")] == [429, 200]
    fs.inject("chat.postMessage", "429", retry_after=3)
    waits: list[float] = []
    retrying(fs, waits).chat_postMessage(channel="C0001", text="again")
    assert len(waits) == 1 and 3 <= waits[0] < 4  # the fake's Retry-After, read as Slack's
    assert [m.text for m in fs.channel_messages("C0001")] == ["hi", "again"]


def test_server_error_and_dropped_connection_are_retried(fs):
    fs.inject("chat.postMessage", "500")
    fs.inject("*", "disconnect")
    assert retrying(fs).chat_postMessage(channel="C0001", text="hi")["ok"]
    assert [c.status for c in fs.calls_to("chat.postMessage")] == [500, 0, 200]
    assert len(fs.channel_messages("C0001")) == 1


def test_faults_surface_without_retry_handlers(fs, client):
    fs.inject("users.info", "not_ok", error="fatal_error")
    with pytest.raises(SlackApiError) as err:
        client.users_info(user="U0001")
    assert err.value.response["error"] == "fatal_error"
    fs.inject("*", "429", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as err:
            client.auth_test()
        assert (
            err.value.response.status_code == 429 and err.value.response["error"] == "ratelimited"
        )
        assert err.value.response.headers["Retry-After"] == "1"
    assert client.auth_test()["ok"]
    fs.inject("auth.test", "500")
    fs.reset()
    assert fs.calls == [] and client.auth_test()["ok"]


def test_fail_share_is_deterministic_per_seed(fs, client):
    def pattern(seed: int) -> list[int]:
        fs.reset()
        fs.fail_share(0.3, "500", seed=seed, methods=["auth.test"])
        for _ in range(40):
            with contextlib.suppress(SlackApiError):
                client.auth_test()
        return [c.status for c in fs.calls]

    first = pattern(7)
    assert first == pattern(7) and first != pattern(8)
    assert 4 <= first.count(500) <= 20
    fs.fail_share(0)
    assert client.auth_test()["ok"]


# -- response_url, waiting, listeners --------------------------------------------------------


def test_response_url_posts_are_recorded_and_applied(fs, client):
    ts = client.chat_postMessage(channel="C0001", text="T-1 [Start]")["ts"]
    WebhookClient(fs.new_response_url(channel="C0001", user="U0002")).send(text="only alice")
    WebhookClient(fs.new_response_url(channel="C0001", user="U0002")).send(
        text="all", response_type="in_channel"
    )
    url = fs.new_response_url(("C0001", ts), user="U0002")
    assert WebhookClient(url).send(text="T-1 started", replace_original=True).status_code == 200
    texts = [(m.text, m.ephemeral_to) for m in fs.channel_messages("C0001")]
    assert texts == [("T-1 started", None), ("only alice", "U0002"), ("all", None)]
    assert fs.find_message("C0001", ts).updated_count == 1
    WebhookClient(url).send_dict({"delete_original": True})
    assert fs.find_message("C0001", ts) is None
    assert [r.body.get("text") for r in fs.responses] == ["only alice", "all", "T-1 started", None]
    assert fs.responses[2].message is not None and fs.responses[2].for_message == ("C0001", ts)


def test_wait_for_sees_calls_made_from_other_threads(fs, client):
    worker = threading.Timer(0.2, lambda: client.chat_postMessage(channel="C0001", text="lazy"))
    worker.start()
    calls = fs.wait_for("chat.postMessage", timeout=5)
    assert calls[0].args["text"] == "lazy" and fs.channel_messages("C0001")[0].text == "lazy"
    with pytest.raises(AssertionError, match=r"views.open.*chat.postMessage"):
        fs.wait_for("views.open", timeout=0.2)


def test_subscribers_hear_every_change(fs, client):
    heard: list[tuple[str, object]] = []
    fs.subscribe(lambda kind, obj: heard.append((kind, obj)))
    fs.subscribe(lambda kind, obj: 1 / 0)  # a broken listener does not break the API
    ts = client.chat_postMessage(channel="C0001", text="hi")["ts"]
    client.chat_update(channel="C0001", ts=ts, text="edited")
    fs.post_user_message("C0001", "U0001", "human")
    kinds = [k for k, _ in heard]
    assert kinds == ["message", "call", "message_changed", "call", "message"]
    assert heard[2][1].text == "edited" and heard[4][1].user == "U0001"


# -- signed requests -------------------------------------------------------------------------


class Endpoint:
    """Records what arrives at /slack/events on the fake's own server and answers a canned ack."""

    def __init__(self, fs: FakeSlack) -> None:
        self.requests: list[RawRequest] = []
        self.ack: tuple[int, bytes] = (200, b"")
        fs.add_route("POST", "/slack/events", self)
        self.url = fs.root_url + "/slack/events"

    def __call__(self, req: RawRequest):
        self.requests.append(req)
        status, body = self.ack
        return (
            status,
            {"Content-Type": "application/json" if body[:1] == b"{" else "text/plain"},
            body,
        )

    def verified(self, index: int = -1) -> RawRequest:
        req = self.requests[index]
        assert SignatureVerifier(SECRET).is_valid_request(req.body, dict(req.headers.items()))
        return req

    def payload(self, index: int = -1) -> dict:
        return json.loads(parse_qs(self.verified(index).body.decode())["payload"][0])


def test_sign_matches_slack_sdk_and_stale_timestamps_fail():
    body = b"command=%2Ftask&text=add+%E4%B8%8B%E5%91%A8%E4%BA%94"
    now = int(time.time())
    headers = sign(SECRET, body, now)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid_request(body, headers)
    assert headers["X-Slack-Signature"] == verifier.generate_signature(
        timestamp=str(now), body=body
    )
    assert not verifier.is_valid_request(body, sign(SECRET, body, now - 6 * 60))
    assert not verifier.is_valid_request(body, sign("other-secret", body, now))


def test_command_is_a_signed_slash_command_form(fs):
    endpoint = Endpoint(fs)
    sender = SlackSender(endpoint.url, SECRET, fake=fs)
    endpoint.ack = (200, b"Task T-1 added")
    reply = sender.command("/task", "add Ship it due:friday", user="U0002")
    first = {k: v[0] for k, v in parse_qs(endpoint.verified().body.decode()).items()}
    sender.command("/task", "list")
    second = parse_qs(endpoint.verified().body.decode())
    assert (reply.status, reply.text) == (200, "Task T-1 added")
    assert first["command"] == "/task" and first["text"] == "add Ship it due:friday"
    assert (first["user_id"], first["user_name"], first["channel_id"], first["channel_name"]) == (
        "U0002",
        "alice",
        "C0001",
        "portal",
    )
    assert first["team_id"] == "T0001" and first["response_url"].startswith(
        fs.root_url + "/respond/"
    )
    assert first["trigger_id"] != second["trigger_id"][0]
    shown = [(m.text, m.ephemeral_to) for m in fs.channel_messages("C0001")]
    assert shown == [
        ("Task T-1 added", "U0002"),
        ("Task T-1 added", "U0001"),
    ]  # acks show as ephemerals


def test_block_action_carries_message_channel_and_bound_response_url(fs, client):
    endpoint = Endpoint(fs)
    sender = SlackSender(endpoint.url, SECRET, fake=fs)
    ts = client.chat_postMessage(channel="C0001", text="T-3", blocks=[{"type": "divider"}])["ts"]
    sender.block_action("task_done", "T-3", message_ts=ts, block_id="task")
    p = endpoint.payload()
    assert (
        p["type"] == "block_actions" and p["user"]["id"] == "U0001" and p["team"]["id"] == "T0001"
    )
    assert p["actions"][0] | {"action_ts": None} == {
        "action_id": "task_done",
        "block_id": "task",
        "type": "button",
        "value": "T-3",
        "action_ts": None,
    }
    assert p["container"] == {
        "type": "message",
        "message_ts": ts,
        "channel_id": "C0001",
        "is_ephemeral": False,
    }
    assert p["message"]["blocks"] == [{"type": "divider"}] and p["channel"]["id"] == "C0001"
    WebhookClient(p["response_url"]).send(text="T-3 done", replace_original=True)
    assert fs.find_message("C0001", ts).text == "T-3 done"
    sender.block_action("prio", selected_option="high", message_ts=ts)
    assert endpoint.payload()["actions"][0]["selected_option"]["value"] == "high"


def test_view_submission_and_its_ack_drive_the_modal_stack(fs, client):
    endpoint = Endpoint(fs)
    sender = SlackSender(endpoint.url, SECRET, fake=fs)
    sender.command("/task")
    trigger = parse_qs(endpoint.verified().body.decode())["trigger_id"][0]
    opened = client.views_open(trigger_id=trigger, view=MODAL)["view"]
    assert [v.id for v in fs.modal_stack("U0001")] == [opened["id"]]
    values = values_for(MODAL, {"title": text_value("Ship"), "due": date_value("2026-12-04")})
    assert values == {
        "title_b": {"title": text_value("Ship")},
        "due_b": {"due": date_value("2026-12-04")},
    }
    endpoint.ack = (
        200,
        json.dumps({"response_action": "errors", "errors": {"due_b": "past"}}).encode(),
    )
    sender.view_submission(MODAL, values)  # found in the fake by its content
    p = endpoint.payload()
    assert p["type"] == "view_submission" and p["view"]["id"] == opened["id"]
    assert p["view"]["callback_id"] == "task_add" and p["view"]["private_metadata"] == "MP"
    assert p["view"]["state"]["values"]["due_b"]["due"]["selected_date"] == "2026-12-04"
    assert fs.modal_stack("U0001")  # errors keep it open
    endpoint.ack = (200, b"")
    shorthand = {
        "title_b": text_value("Ship"),
        "due": date_value("2026-12-04"),
    }  # block or action ids
    sender.view_submission(fs.views[opened["id"]], shorthand)
    assert endpoint.payload()["view"]["state"]["values"] == values
    assert fs.modal_stack("U0001") == []
    with pytest.raises(KeyError, match="owner"):
        values_for(MODAL, {"owner": user_value("U0002")})


def test_shortcut_event_retry_headers_and_http_errors(fs):
    endpoint = Endpoint(fs)
    sender = SlackSender(endpoint.url, SECRET, fake=fs)
    msg = fs.post_user_message("C0001", "U0002", "we should fix login")
    sender.message_shortcut("task_from_message", msg)
    p = endpoint.payload()
    assert (p["type"], p["callback_id"], p["message_ts"], p["channel"]["id"]) == (
        "message_action",
        "task_from_message",
        msg.ts,
        "C0001",
    )
    sender.event(
        {
            "type": "app_mention",
            "user": "U0002",
            "text": "<@UBOT> hi",
            "ts": msg.ts,
            "channel": "C0001",
        },
        event_id="Ev1",
        retry_num=1,
        retry_reason="http_timeout",
    )
    req = endpoint.verified()
    envelope = json.loads(req.body)
    assert (envelope["type"], envelope["event_id"], envelope["event"]["type"]) == (
        "event_callback",
        "Ev1",
        "app_mention",
    )
    assert (req.headers["X-Slack-Retry-Num"], req.headers["X-Slack-Retry-Reason"]) == (
        "1",
        "http_timeout",
    )
    endpoint.ack = (401, b"invalid request")
    reply = sender.raw(b"{}", {"Content-Type": "application/json"})
    assert (reply.status, reply.text, reply.json) == (401, "invalid request", None)


# -- a real Bolt app between the two halves ------------------------------------------------------


def test_a_bolt_app_accepts_what_the_sender_sends(fs):
    bolt_client = WebClient(base_url=fs.api_url, token="xoxb-test")
    app = App(
        client=bolt_client,
        signing_secret=SECRET,
        process_before_response=True,
        token_verification_enabled=False,
    )
    seen: dict[str, object] = {}

    @app.command("/task")
    def task(ack, body, client):
        ack("Opening…")
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.view("task_add")
    def add(ack, view, client, body):
        seen["values"] = view["state"]["values"]
        ack()
        client.chat_postMessage(
            channel="C0001",
            text=f"Added {view['state']['values']['title_b']['title']['value']}",
            blocks=[
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "done",
                            "value": "T-1",
                            "text": {"type": "plain_text", "text": "Done"},
                        }
                    ],
                }
            ],
        )

    @app.action("done")
    def done(ack, respond, action):
        ack()
        respond(text=f"{action['value']} done", replace_original=True)

    @app.event("message")
    def echo(event, say):
        say(text=f"echo {event['text']}", thread_ts=event["ts"])

    def dispatch(req: RawRequest):
        resp = app.dispatch(
            BoltRequest(body=req.body.decode(), headers={k: v for k, v in req.headers.items()})
        )
        return (
            resp.status,
            {"Content-Type": resp.headers.get("content-type", ["text/plain"])[0]},
            resp.body.encode(),
        )

    fs.add_route("POST", "/slack/events", dispatch)
    sender = SlackSender(fs.root_url + "/slack/events", SECRET, fake=fs)

    assert sender.command("/task").text == "Opening…"
    modal = fs.modal_stack("U0001")[0]
    assert (
        sender.view_submission(
            modal, values_for(modal, {"title": text_value("Ship"), "due": date_value(None)})
        ).status
        == 200
    )
    assert seen["values"]["title_b"]["title"]["value"] == "Ship" and fs.modal_stack("U0001") == []
    posted = fs.channel_messages("C0001")[-1]
    assert posted.text == "Added Ship"
    assert sender.block_action("done", "T-1", message=posted).status == 200
    assert fs.find_message("C0001", posted.ts).text == "T-1 done"
    stored, reply = sender.message("C0001", "hello", user="U0002")
    assert reply.status == 200 and fs.channel_messages("C0001")[-1].thread_ts == stored.ts
    assert (
        sender.raw(b"command=%2Ftask", {"Content-Type": "application/x-www-form-urlencoded"}).status
        == 401
    )
    assert fs.calls_to("auth.test")  # Bolt authorised through the fake
    assert option_value("high")["selected_option"]["value"] == "high"
