"""What the /resource surfaces show: a resource, a claim, the project's claims, the weekly load."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ResourceView:
    """A thing (`name`) or a person (`user_id`) that can be claimed, with its hours per week."""

    name: str
    kind: str
    capacity: float
    user_id: str | None = None


@dataclass(frozen=True)
class ClaimView:
    """One claim of a resource; `over` gives each over-allocated week the hours it would reach."""

    number: int
    resource: ResourceView
    user_id: str
    start: date
    end: date
    hours: float
    over_allocated: bool = False
    task_number: int | None = None
    over: dict[date, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadView:
    """Hours of one resource or member in a week: claimed, assigned through tasks, capacity."""

    resource: ResourceView
    claimed: float
    assigned: float
    capacity: float

    @property
    def total(self) -> float:
        return self.claimed + self.assigned

    @property
    def over(self) -> bool:
        return self.total > self.capacity + 1e-6
