"""The Web API clients every call goes through: one per installation, all alike.

slack_sdk's WebClient sends each call through urllib, which opens a connection per call and
closes it after (`Connection: close`): against Slack, a TLS handshake per call, ~1.3 ms of CPU
here and a round trip or two before the request leaves (`bench/bench_tls_post.py`). `Client` is
that WebClient with one change, where slack_sdk sends the request: each thread keeps one
connection per host and sends the next call on it. Everything else is slack_sdk's own: the
request it builds, its retry handlers (a dropped connection is a `URLError` or
`RemoteDisconnected`, as urllib raises them), its errors and responses.

The handlers wait between tries through a `sleep` passed in (`Paced`): `time.sleep` in
production, a test's clock (`bot.clock.ManualClock.sleep`) that notes the wait and goes on.
"""

from __future__ import annotations

import http.client
import io
import os
import random
import select
import threading
import time
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.clock import Sleep
from bot.config import Settings

# Each thread's open connections, by (scheme, host:port, TLS context): shared by every Client,
# since a connection carries no token (each request has its own Authorization header). The app
# talks to one host; a thread keeps at most HOSTS, the oldest closed first.
_kept = threading.local()
HOSTS = 4


def _forget_in_child() -> None:
    """After a fork (gunicorn `--preload`), the child must not share the parent's sockets: two
    processes writing calls on one connection would read each other's answers."""
    global _kept
    _kept = threading.local()


os.register_at_fork(after_in_child=_forget_in_child)


class Client(WebClient):
    """slack_sdk's WebClient on kept-alive connections (module doc)."""

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        if self.proxy is not None or parts.scheme not in ("http", "https"):
            return super()._perform_urllib_http_request_internal(url, req)
        key = (parts.scheme, parts.netloc, self.ssl)
        connection = _connection(key, self.ssl, self.timeout)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("POST", target, body=req.data, headers=dict(req.header_items()))
        except OSError as error:  # as urllib: the request could not be sent
            _drop(key)
            raise URLError(error) from error
        try:
            resp = connection.getresponse()
            body = resp.read()
        except BaseException:  # RemoteDisconnected and the rest propagate as urllib's do
            _drop(key)
            raise
        if resp.will_close:
            _drop(key)
        if 300 <= resp.status < 400:  # Slack's Web API doesn't redirect; urllib follows one
            return super()._perform_urllib_http_request_internal(url, req)
        if resp.status >= 400:
            raise HTTPError(url, resp.status, resp.reason, resp.headers, io.BytesIO(body))
        if resp.headers.get_content_type() == "application/gzip":
            return {"status": resp.status, "headers": resp.headers, "body": body}
        charset = resp.headers.get_content_charset() or "utf-8"
        return {"status": resp.status, "headers": resp.headers, "body": body.decode(charset)}


def _connection(
    key: tuple[str, str, Any], context: Any, timeout: int
) -> http.client.HTTPConnection:
    """This thread's open connection for `key`; a new one if it has none or the server closed it."""
    kept: dict[Any, http.client.HTTPConnection] = _kept.__dict__.setdefault("connections", {})
    connection = kept.get(key)
    if connection is not None and _closed_by_server(connection):
        _drop(key)
        connection = None
    if connection is None:
        scheme, host, _ = key
        if scheme == "https":
            connection = http.client.HTTPSConnection(host, timeout=timeout, context=context)
        else:
            connection = http.client.HTTPConnection(host, timeout=timeout)
        kept[key] = connection
        for oldest in list(kept)[:-HOSTS]:
            _drop(oldest)
    return connection


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """Whether an idle connection has something to read: only its end (or junk) can be there."""
    if connection.sock is None:
        return False  # not connected yet: request() connects
    fd = connection.sock.fileno()
    if not hasattr(select, "poll"):  # not on every platform; select() is, for low descriptors
        return bool(select.select([fd], [], [], 0)[0])
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


def _drop(key: tuple[str, str, Any]) -> None:
    connection = _kept.__dict__.get("connections", {}).pop(key, None)
    if connection is not None:
        connection.close()


def kept_alive(client: WebClient) -> Client:
    """`client` as a Client: the same token, URL, timeout, TLS, proxy, headers, org-wide team
    and retry handlers (what Bolt gives each request in OAuth mode is a plain WebClient)."""
    if isinstance(client, Client):
        return client
    return Client(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=dict(client.headers),
        team_id=client.default_params.get("team_id"),
        logger=client.logger,
        retry_handlers=client.retry_handlers,
    )


def make_client(
    settings: Settings, token: str | None = None, *, sleep: Sleep = time.sleep
) -> WebClient:
    """A Client on SLACK_API_URL that retries rate limits, 5xx and dropped connections, waiting
    between tries through `sleep`.

    `token` defaults to SLACK_BOT_TOKEN (none in OAuth mode: each installation's comes from the store).
    """
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    return Client(
        token=token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=retry_handlers(sleep),
    )


def retry_handlers(sleep: Sleep = time.sleep) -> list[RetryHandler]:
    """slack_sdk's handlers for a dropped connection, a rate limit and a 5xx, as `Paced`."""
    rules = [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ]
    return [Paced(rule, sleep) for rule in rules]


class Paced(RetryHandler):
    """One of slack_sdk's retry handlers, waiting through `sleep` rather than `time.sleep`.

    Whether to retry is the handler's own rule; how long to wait is its interval (a backoff with
    jitter), or for a rate limit the `Retry-After` Slack sent plus up to a second of jitter, as
    slack_sdk's RateLimitErrorRetryHandler waits.
    """

    def __init__(self, rule: RetryHandler, sleep: Sleep) -> None:
        super().__init__(rule.max_retry_count, rule.interval_calculator)
        self.rule, self.sleep = rule, sleep

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return self.rule._can_retry(state=state, request=request, response=response, error=error)  # noqa: SLF001 - the rule is the handler's

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if isinstance(self.rule, RateLimitErrorRetryHandler):
            if response is None:
                raise error  # type: ignore[misc]  # as slack_sdk's handler does
            wait = _retry_after(response) + random.random()
        else:
            wait = self.interval_calculator.calculate_sleep_duration(state.current_attempt)
        state.next_attempt_requested = True
        self.sleep(wait)
        state.increment_current_attempt()


def _retry_after(response: HttpResponse) -> int:
    """The seconds Slack's `Retry-After` asks for; 1 when it sent none."""
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            return int(values[0])
    return 1
