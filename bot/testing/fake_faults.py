"""Fault injection for FakeSlack: rate limits, server errors, not_ok answers, dropped connections."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass

FAULTS = {"429", "500", "503", "not_ok", "disconnect", "lost"}


@dataclass
class Fault:
    fault: str
    remaining: int
    retry_after: int
    error: str


class Faults:
    """The next calls to a method, or a seeded share of all calls, answered with a fault.

    Mixed into FakeSlack, which sets _faults and _share up and takes a fault for each call.
    """

    _lock: threading.RLock
    _faults: dict[str, list[Fault]]
    _share: tuple[float, Fault, random.Random, frozenset[str] | None] | None

    def inject(
        self,
        method: str,
        fault: str,
        *,
        times: int = 1,
        retry_after: int = 1,
        error: str = "internal_error",
    ) -> None:
        """Answer the next `times` calls to method ("*" for any) with a 429, 500/503, not_ok, disconnect, or lost (done, then the answer dropped)."""
        if fault not in FAULTS or times < 1:
            raise ValueError(f"fault must be one of {sorted(FAULTS)} and times at least 1")
        with self._lock:
            self._faults.setdefault(method, []).append(Fault(fault, times, retry_after, error))

    def fail_share(
        self,
        share: float,
        fault: str = "429",
        *,
        seed: int = 0,
        retry_after: int = 0,
        methods: Iterable[str] | None = None,
    ) -> None:
        """Answer a seeded pseudo-random share of calls (optionally only to `methods`) with a fault; 0 stops."""
        if fault not in FAULTS or not 0 <= share <= 1:
            raise ValueError(
                "share must be in [0, 1] and fault one of " + ", ".join(sorted(FAULTS))
            )
        with self._lock:
            template = Fault(fault, 0, retry_after, "internal_error")
            only = frozenset(methods) if methods is not None else None
            self._share = (share, template, random.Random(seed), only) if share else None

    def _take_fault(self, method: str) -> Fault | None:
        for key in (method, "*"):
            queue = self._faults.get(key)
            if queue:
                fault = queue[0]
                fault.remaining -= 1
                if fault.remaining <= 0:
                    queue.pop(0)
                return fault
        if self._share is not None:
            share, template, rng, only = self._share
            if (only is None or method in only) and rng.random() < share:
                return template
        return None
