"""A scheduled post's name: which job, for which project, for which period, to whom, about what.

One form everywhere: `str(key)` is `job/scope@period`, written in a post's Slack `metadata`; the
`job_runs` row holds the same three parts in its `job`, `scope` and `period` columns. The scope is
`p<project id>` (or `*` for work over every project), then the item, then `to:<recipient>`, each
after a `/`: `standup-reminder/p12/to:U0002@2026-11-23`, `blocker-escalation/p12/blocker:4/to:U0001@open`.
"""

from __future__ import annotations

from dataclasses import dataclass

EVERY = "*"  # the scope of work over every project, e.g. a sweep with no --project
RECIPIENT = "to:"


@dataclass(frozen=True)
class RunKey:
    """What makes a post the same post: the one `job_runs` row that lets it happen once."""

    job: str
    project: int | None  # None: work over every project (a sweep)
    period: str  # the day, ISO week, level or date whose post this is; a new one posts again
    recipient: str = ""  # the user or channel it goes to; "" for the project's own channel
    item: str = ""  # what it is about inside the project: "blocker:4", "risk:7", a deviation

    def __post_init__(self) -> None:
        for name in ("job", "item", "recipient", "period"):
            if "/" in getattr(self, name):
                raise ValueError(f"a run key's {name} has no '/': {getattr(self, name)!r}")
        if "@" in self.period or not self.job or not self.period:
            raise ValueError(f"bad run key period or job: {self.job!r} {self.period!r}")
        if self.item.startswith(RECIPIENT) or self.item == EVERY:
            raise ValueError(f"a run key's item can't read as a recipient: {self.item!r}")

    @property
    def scope(self) -> str:
        """The `job_runs.scope` column: project, item and recipient."""
        parts = [EVERY if self.project is None else project_scope(self.project)]
        if self.item:
            parts.append(self.item)
        if self.recipient:
            parts.append(RECIPIENT + self.recipient)
        return "/".join(parts)

    @property
    def row(self) -> tuple[str, str, str]:
        """(job, scope, period): the unique key of its `job_runs` row."""
        return self.job, self.scope, self.period

    def __str__(self) -> str:
        return f"{self.job}/{self.scope}@{self.period}"

    @classmethod
    def parse(cls, text: str) -> RunKey:
        """The key `str(key)` wrote; ValueError for anything else."""
        job, sep, rest = text.partition("/")
        scope, at, period = rest.rpartition("@")
        if not (sep and at):
            raise ValueError(f"not a run key: {text!r}")
        return cls.from_row(job, scope, period)

    @classmethod
    def from_row(cls, job: str, scope: str, period: str) -> RunKey:
        """The key of a `job_runs` row."""
        head, *parts = scope.split("/")
        if head == EVERY:
            project = None
        elif head.startswith("p") and head[1:].isdigit():
            project = int(head[1:])
        else:
            raise ValueError(f"not a run key scope: {scope!r}")
        recipient = item = ""
        for part in parts:
            if part.startswith(RECIPIENT):
                recipient = part[len(RECIPIENT) :]
            else:
                item = part
        key = cls(job, project, period, recipient, item)
        if key.scope != scope:
            raise ValueError(f"not a run key scope: {scope!r}")
        return key


def project_scope(project_id: int) -> str:
    """The scope of a project's own posts; its other posts' scopes start with it and a '/'."""
    return f"p{project_id}"
