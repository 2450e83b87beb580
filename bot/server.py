"""`teamtrack serve`: the WSGI app on gunicorn, each worker building its own app after the fork."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication

if TYPE_CHECKING:
    from bot.web import WebApp


class Server(BaseApplication):
    """gunicorn embedded: sync workers, since every command answers inside its ack."""

    def __init__(self, build: Callable[[], WebApp], options: dict[str, Any]) -> None:
        self._build = build
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)
        # gunicorn >= 25.1 also serves `gunicornc` on a control socket, from an asyncio thread in
        # the master: ~1.6 MB of it, and one socket path per user that every instance contends
        # for. TeamTrack doesn't use it; older gunicorn has no such setting.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self) -> WebApp:
        return self._build()


def serve(
    build: Callable[[], WebApp], *, host: str, port: int, workers: int, log_level: str
) -> None:
    Server(
        build,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "timeout": 30,
            "keepalive": 5,
            "loglevel": log_level.lower(),
            "accesslog": None,
        },
    ).run()
