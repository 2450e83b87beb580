"""A project's health and a risk's band, written in the reader's language (digest, report)."""

from __future__ import annotations

from bot.i18n import Mrkdwn, Tr
from bot.views.health import HealthView

EMOJI = {"green": ":large_green_circle:", "amber": ":large_orange_circle:", "red": ":red_circle:"}


def status(tr: Tr, h: HealthView) -> str:
    """`RED`, `红灯`."""
    return tr.plain(f"report.health.status_{h.status}")


def reasons(tr: Tr, h: HealthView) -> str:
    """The reasons as plain text, joined as the language joins a list of clauses."""
    joiner = "；" if tr.lang == "zh" else "; "
    return joiner.join(tr.plain(r.key, **r.kwargs) for r in h.reasons)


def line(tr: Tr, h: HealthView) -> str:
    """`:red_circle: *RED* — SPI 0.70; 2 tasks overdue`, as mrkdwn."""
    return tr(
        "report.health.line",
        emoji=Mrkdwn(EMOJI[h.status]),
        status=status(tr, h),
        reason=reasons(tr, h),
    )


def band(tr: Tr, name: str) -> str:
    """A risk band's name: `critical`, `严重`."""
    return tr.plain(f"report.band_{name}")


def number(value: float | None) -> str:
    """SPI, CPI: two decimals, `—` when unknown."""
    return "—" if value is None else f"{value:.2f}"


def person(tr: Tr, user_id: str | None) -> str:
    """A mention, or who is missing, as mrkdwn."""
    return f"<@{user_id}>" if user_id else tr("report.nobody")
