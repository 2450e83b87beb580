"""The app's Web API client (`bot.slack_client.Client`): slack_sdk's WebClient on kept-alive
connections, against the fake Slack over real HTTP. It answers as slack_sdk's own does, sends
each call once, and its retries (rate limits, 5xx, dropped connections) still work."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from bot import slack_client
from bot.config import Settings
from bot.slack_client import Client, make_client, retry_handlers
from bot.testing import FakeSlack

NOW = FixedValueRetryIntervalCalculator(0)


@pytest.fixture
def fs() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("U0001", "lead")
        fake.add_channel("C0001", "portal", members=("U0001",))
        yield fake


def retrying(fs: FakeSlack, waits: list[float] | None = None) -> Client:
    """make_client's handlers, their waits noted in `waits` instead of slept."""
    sleep = (waits if waits is not None else []).append
    return Client(token="xoxb-test", base_url=fs.api_url, retry_handlers=retry_handlers(sleep))


def test_make_client_sends_every_call_on_one_connection(fs):
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-test",
        slack_signing_secret="secret",
        slack_api_url=fs.api_url,
    )
    client = make_client(settings)
    assert isinstance(client, Client)
    before = fs.connections
    for n in range(5):
        client.chat_postMessage(channel="C0001", text=f"card {n}")
    assert client.auth_test()["ok"]
    assert fs.connections - before == 1
    assert [m.text for m in fs.channel_messages("C0001")] == [f"card {n}" for n in range(5)]


def test_answers_and_errors_are_slack_sdk_s_own(fs):
    """The same calls through slack_sdk's WebClient and through Client give the same answers."""
    stock = WebClient(token="xoxb-test", base_url=fs.api_url)
    kept = Client(token="xoxb-test", base_url=fs.api_url)
    for client in (stock, kept):
        resp = client.users_info(user="U0001")
        assert (resp.status_code, resp["user"]["name"]) == (200, "lead")
        assert resp.headers["Content-Type"].startswith("application/json")
    errors = []
    for client in (stock, kept):
        fs.inject("users.info", "not_ok", error="user_not_found")
        fs.inject("auth.test", "429", retry_after=7)
        with pytest.raises(SlackApiError) as not_ok:
            client.users_info(user="U0404")
        with pytest.raises(SlackApiError) as limited:
            client.auth_test()
        errors.append(
            (
                not_ok.value.response.status_code,
                not_ok.value.response["error"],
                limited.value.response.status_code,
                limited.value.response["error"],
                limited.value.response.headers["Retry-After"],
            )
        )
    assert errors[0] == errors[1] == (200, "user_not_found", 429, "ratelimited", "7")


def test_a_connection_slack_closed_while_idle_is_replaced_without_a_second_post(fs):
    client = Client(token="xoxb-test", base_url=fs.api_url, retry_handlers=[])  # no second try
    client.chat_postMessage(channel="C0001", text="first")
    fs.drop_connections()  # Slack's edge closes idle connections
    client.chat_postMessage(channel="C0001", text="second")
    assert [m.text for m in fs.channel_messages("C0001")] == ["first", "second"]
    assert len(fs.calls_to("chat.postMessage")) == 2


def test_rate_limits_server_errors_and_dropped_connections_are_retried(fs):
    client = retrying(fs)
    fs.inject("chat.postMessage", "500")
    fs.inject("chat.postMessage", "disconnect")  # no answer at all: the connection just ends
    assert client.chat_postMessage(channel="C0001", text="hi")["ok"]
    fs.inject("chat.postMessage", "429", retry_after=0)
    assert client.chat_postMessage(channel="C0001", text="again")["ok"]
    assert [c.status for c in fs.calls_to("chat.postMessage")] == [500, 0, 200, 429, 200]
    assert [m.text for m in fs.channel_messages("C0001")] == ["hi", "again"]


def test_retries_wait_as_slack_sdk_s_handlers_do_through_the_sleep_given():
    """A rate limit waits what Retry-After says plus up to a second; a 5xx or a dropped
    connection backs off (0.5 s, 1 s, … plus up to a second); the waits go to `sleep`."""
    with FakeSlack() as fs:
        fs.add_channel("C0001", "portal")
        waits: list[float] = []
        client = retrying(fs, waits)
        fs.inject("chat.postMessage", "429", retry_after=7)
        fs.inject("chat.postMessage", "429", retry_after=30)
        assert client.chat_postMessage(channel="C0001", text="limited")["ok"]
        assert 7 <= waits[0] < 8 and 30 <= waits[1] < 31
        del waits[:]
        fs.inject("chat.postMessage", "500", times=2)
        assert client.chat_postMessage(channel="C0001", text="5xx")["ok"]
        assert 0.5 <= waits[0] < 1.5 and 1 <= waits[1] < 2
        del waits[:]
        fs.inject("chat.postMessage", "disconnect")
        assert client.chat_postMessage(channel="C0001", text="dropped")["ok"]
        assert len(waits) == 1 and 0.5 <= waits[0] < 1.5
        fs.inject("chat.postMessage", "429", times=4, retry_after=1)  # more than it retries
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="C0001", text="gave up")
        assert len(waits) == 1 + 3
        assert [m.text for m in fs.channel_messages("C0001")] == ["limited", "5xx", "dropped"]


def test_make_client_waits_through_the_sleep_it_is_given(fs):
    waits: list[float] = []
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret="s", slack_api_url=fs.api_url)  # fmt: skip
    fs.inject("auth.test", "429", retry_after=2)
    assert make_client(settings, sleep=waits.append).auth_test()["ok"]
    assert len(waits) == 1 and 2 <= waits[0] < 3
    stock = make_client(settings).retry_handlers
    assert [type(h.rule) for h in stock] == [ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, ServerErrorRetryHandler]  # fmt: skip
    assert [h.max_retry_count for h in stock] == [2, 3, 2]
    assert all(h.sleep is time.sleep for h in stock)


def test_each_thread_keeps_its_own_connection(fs):
    client = retrying(fs)
    before = fs.connections
    failures: list[BaseException] = []

    def post(n: int) -> None:
        try:
            for k in range(10):
                client.chat_postMessage(channel="C0001", text=f"{n}-{k}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(m.text for m in fs.channel_messages("C0001")) == sorted(
        f"{n}-{k}" for n in range(4) for k in range(10)
    )
    assert fs.connections - before == 4


def test_a_stopped_slack_is_not_answered_on_a_kept_connection():
    fake = FakeSlack().start()
    fake.add_channel("C0001", "portal")
    client = Client(token="xoxb-test", base_url=fake.api_url)
    client.chat_postMessage(channel="C0001", text="before")
    fake.stop()
    with pytest.raises((URLError, ConnectionError)):
        client.chat_postMessage(channel="C0001", text="after")
    assert [c.args.get("text") for c in fake.calls_to("chat.postMessage")] == ["before"]


def test_a_thread_keeps_connections_to_a_few_hosts_only():
    fakes = [FakeSlack().start() for _ in range(slack_client.HOSTS + 2)]
    try:
        for fake in fakes:
            Client(token="xoxb-test", base_url=fake.api_url).auth_test()
        kept = slack_client._kept.__dict__["connections"]
        ports = {key[1].rsplit(":", 1)[1] for key in kept}
        assert ports == {str(f.port) for f in fakes[-slack_client.HOSTS :]}
    finally:
        for fake in fakes:
            fake.stop()


def test_kept_alive_is_the_same_client_on_kept_connections(fs):
    handlers = [ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=NOW)]
    stock = WebClient(
        token="xoxb-test", base_url=fs.api_url, timeout=7, team_id="T0009", retry_handlers=handlers
    )
    kept = slack_client.kept_alive(stock)
    assert isinstance(kept, Client) and slack_client.kept_alive(kept) is kept
    assert (kept.token, kept.base_url, kept.timeout) == ("xoxb-test", fs.api_url, 7)
    assert kept.default_params == {"team_id": "T0009"} and kept.retry_handlers == handlers
    before = fs.connections
    fs.inject("auth.test", "disconnect")
    assert kept.auth_test()["ok"] and kept.auth_test()["ok"]
    assert [c.args.get("team_id") for c in fs.calls_to("auth.test")] == ["T0009"] * 3
    assert fs.connections - before == 2  # the dropped one, then one for both answers


def test_a_forked_child_opens_its_own_connection(fs):
    """gunicorn `--preload` forks workers from a master that may have called Slack already."""
    client = Client(token="xoxb-test", base_url=fs.api_url, retry_handlers=[])
    client.auth_test()
    before = fs.connections
    pid = os.fork()
    if pid == 0:  # the child: one call, on a connection of its own, and out
        ok = False
        try:
            ok = client.auth_test()["ok"]
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert fs.connections - before == 1
    assert client.auth_test()["ok"]  # the parent's own connection still answers it
    assert fs.connections - before == 1
