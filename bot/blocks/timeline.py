"""Words around the timeline picture: the upload's comment, title and alt text."""

from __future__ import annotations

from bot.i18n import Mrkdwn, Tr
from bot.views.timeline import Timeline


def title(tl: Timeline, key: str, tr: Tr | None = None) -> str:
    return (tr or Tr()).plain("project.timeline.title", key=key, start=tl.start, end=tl.end)


def filename(tl: Timeline, key: str) -> str:
    return f"{key.lower()}-timeline-{tl.today:%Y-%m-%d}.png"


def comment(tl: Timeline, key: str, lead: str = "", tr: Tr | None = None) -> str:
    """What the picture shows and what it leaves out (tasks without dates, outside the weeks).

    `lead` is mrkdwn already written in `tr`'s language.
    """
    tr = tr or Tr()
    bars = tl.bars
    parts = [
        tr(
            "project.timeline.comment",
            lead=Mrkdwn(lead),
            key=key,
            start=tl.start,
            end=tl.end,
            n=len(bars),
            overdue=sum(b.overdue for b in bars),
        )
    ]
    if tl.undated:
        parts.append(tr("project.timeline.undated", n=tl.undated))
    if tl.outside:
        parts.append(tr("project.timeline.outside", n=tl.outside))
    return ("" if tr.lang == "zh" else " ").join(parts)


def alt_text(tl: Timeline, key: str, tr: Tr | None = None) -> str:
    return (tr or Tr()).plain("project.timeline.alt", key=key, n=len(tl.bars))


def empty(tl: Timeline, key: str, tr: Tr | None = None) -> str:
    """The ephemeral answer when there is nothing to draw."""
    tr = tr or Tr()
    if tl.outside:
        return tr("project.timeline.empty_outside", key=key, n=tl.outside)
    return tr("project.timeline.empty", key=key)
