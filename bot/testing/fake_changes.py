"""Changes under one lock, told to listeners in order once the lock is released."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

Listener = Callable[[str, object], None]


class Changes:
    """One lock over some state; listeners hear of each change after the lock is released."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        # Dispatch is serialised so listeners see changes in the order they happened.
        self._dispatch_lock = threading.RLock()
        self._pending: list[tuple[str, object]] = []
        self._depth = 0
        self._listeners: list[Listener] = []

    @contextmanager
    def _mutate(self) -> Iterator[None]:
        # Only the outermost change flushes, so listeners never run while the lock is held.
        self._lock.acquire()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            outermost = self._depth == 0
            self._lock.release()
            if outermost:
                self._flush()

    def _emit(self, kind: str, obj: object) -> None:
        self._pending.append((kind, obj))
        self._changed.notify_all()

    def _flush(self) -> None:
        with self._dispatch_lock:
            with self._lock:
                events, self._pending = self._pending, []
            for kind, obj in events:
                for fn in list(self._listeners):
                    try:
                        fn(kind, obj)
                    except Exception:  # a broken listener must not break the Web API
                        log.exception("FakeSlack listener failed on %s", kind)

    def subscribe(self, fn: Listener) -> None:
        """Call fn(kind, obj) after each change: call, message, message_changed, view, file, response, user, channel."""
        self._listeners.append(fn)

    def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = ""
    ) -> None:
        """Block until predicate() holds (checked on every change); AssertionError on timeout."""
        with self._changed:
            if not self._changed.wait_for(predicate, timeout):
                raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
