"""Time is passed in: the system clock in production, a settable one in tests and the sandbox."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

Clock = Callable[[], datetime]
Sleep = Callable[[float], None]


def system_clock() -> datetime:
    """Now, as an aware UTC datetime."""
    return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to; callable like `system_clock`."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()
        self.waits: list[float] = []  # what `sleep` was asked to wait, in order

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now

    def sleep(self, seconds: float) -> None:
        """A wait (a retry's pause before it tries Slack again) passes at once and is noted in
        `waits`; the clock stays where it is, as only a test moves it."""
        with self._lock:
            self.waits.append(seconds)


def utc_day(now: datetime) -> date:
    """The UTC date of `now`: the reader's day where no project says its time zone."""
    return now.astimezone(UTC).date()


def sleeper(clock: Clock) -> Sleep:
    """How to wait, by `clock`: a ManualClock's waits pass at once; the system's take the time."""
    return clock.sleep if isinstance(clock, ManualClock) else time.sleep
