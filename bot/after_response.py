"""Work deferred while a request is being answered starts once the answer has been written.

A listener defers what can wait (a task's card, App Home refreshes) so the ack goes out first. If
that work starts at once, on a second thread, it runs beside the rest of the answer (Bolt's
response, the server writing it) and the two take turns on the GIL: the ack waits for the card
it was meant to precede. Here the HTTP entry point holds what a request defers (`holding`) and
starts it from its response's `close()`, which every WSGI server (gunicorn, wsgiref) calls once
the body has been written. Work deferred anywhere else (Socket Mode, jobs) starts at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Start = Callable[[], None]

_held: ContextVar[list[Start] | None] = ContextVar("teamtrack_held_until_answered", default=None)


def start_after_response(start: Start) -> None:
    """Call `start` once the current HTTP answer is written; now, outside one."""
    held = _held.get()
    if held is None:
        start()
    else:
        held.append(start)


@contextmanager
def holding() -> Iterator[list[Start]]:
    """Hold what is deferred inside the block; the caller starts it (`Answer`)."""
    held: list[Start] = []
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)


def start_all(held: list[Start]) -> None:
    """Start held work in the order it was deferred (each start only submits it to a pool)."""
    while held:
        held.pop(0)()


class Answer:
    """A WSGI response body whose `close()` starts the work its request held back."""

    def __init__(self, body: Iterable[bytes], held: list[Start]) -> None:
        self._body, self._held = body, held

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def __len__(self) -> int:  # wsgiref sets Content-Length for a one-part body
        return len(self._body)  # type: ignore[arg-type]

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            start_all(self._held)
