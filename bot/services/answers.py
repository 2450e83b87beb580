"""Read-only answers kept per process while the project they describe has not changed.

`/project info` or `/task list` on a project of 10,000 tasks costs several SQL statements and
milliseconds of rendering; asked again before anything changed, the same answer comes from here
after one statement that reads the project's stamp (`projects.stamp`: its version, bumped by every
commit that touches its rows in any process, and its calendar day, which moves "overdue").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class Answers:
    """A bounded LRU map from a question to the answer built at a stamp; size 0 keeps nothing."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, question: Hashable, stamp: Hashable) -> Any | None:
        """The answer stored for `question` at exactly `stamp`, else None."""
        with self._lock:
            found = self._items.get(question)
            if found is None or found[0] != stamp:
                return None
            self._items.move_to_end(question)
            return found[1]

    def put(self, question: Hashable, stamp: Hashable, answer: Any) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[question] = (stamp, answer)
            self._items.move_to_end(question)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
