"""The risk register: its 1–5 scales, the rules for typed text, one risk, and its lists by score."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement, Select, and_, case, or_, select
from sqlalchemy.orm import Session

from bot.errors import NotFound, UserError
from bot.services.scoring import score
from bot.store.models import TASK_CLOSED, Change, Project, Risk, Task

LIKELIHOOD = ("rare", "unlikely", "possible", "likely", "almost certain")
IMPACT = ("insignificant", "minor", "moderate", "major", "severe")
_COMMON = {"low": 2, "medium": 3, "med": 3, "high": 4, "低": 2, "中": 3, "高": 4}
# The Chinese names of the scales, as the catalogue writes them (`likelihood:很可能`).
_ZH = {
    "likelihood": ("罕见", "不太可能", "可能", "很可能", "几乎确定"),
    "impact": ("可忽略", "较小", "中等", "重大", "严重"),
}
# The modal field each kind of text is typed in (and its messages' ids: `risk.title_long`).
_TEXT_FIELDS = {"risk title": "title", "mitigation": "mitigation", "reason": "reason"}
_BROADCAST = re.compile(r"<!(?:here|channel|everyone|subteam)[^>]*>", re.IGNORECASE)
ADD_EXAMPLE = '/risk add "Payment vendor API may slip" likelihood:4 impact:5 owner:@bob'
TEXT_MAX = 2000


def parse_level(text: str, key: str) -> int:
    """1–5 from a digit, low/medium/high (2/3/4), or the 5×5 names (`almost certain`, `severe`)."""
    names = LIKELIHOOD if key == "likelihood" else IMPACT
    words = " ".join(unicodedata.normalize("NFKC", text).lower().replace("-", " ").split())
    if words.isdigit() and 1 <= int(words) <= 5:
        return int(words)
    known = {name: i for i, name in enumerate(names, 1)} | _COMMON
    known |= {name: i for i, name in enumerate(_ZH[key], 1)}
    if words.replace("_", " ") in known:
        return known[words.replace("_", " ")]
    raise UserError(f"risk.bad_{key}", f"{key}:4", field=key, text=quoted(text))


def quoted(text: str, limit: int = 40) -> str:
    """User text cut to quote inside a `code` span of an error (escaping is the reader's)."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("`", "'").replace("\n", " ")


def plain(text: str | None, what: str, example: str) -> str | None:
    """User text that may not broadcast: `<!here>` and friends would ping the whole channel.

    `what` is `risk title`, `mitigation` or `reason`; a mistake is about that modal field.
    """
    if text is None:
        return None
    text = text.strip()
    where = _TEXT_FIELDS[what]
    if m := _BROADCAST.search(text):
        raise UserError(f"risk.{where}_broadcast", example or None, field=where, found=quoted(m[0]))
    if len(text) > TEXT_MAX:
        raise UserError(
            f"risk.{where}_long", example or None, field=where, n=len(text), max=TEXT_MAX
        )
    return text or None


def get(session: Session, project: Project, number: int) -> Risk:
    """Risk R-`number` of the project, or a NotFound naming it."""
    risk = session.scalar(select(Risk).where(Risk.project_id == project.id, Risk.number == number))
    if risk is None:
        raise NotFound("risk.not_found", "/risk list all", key=project.key, number=number)
    return risk


def listing(
    session: Session,
    project: Project,
    which: str = "open",
    user_id: str = "",
    *,
    occurred: bool = False,
) -> list[Risk]:
    """Risks by score, highest first: `open`, `mine` (open, owned by user_id) or `all`. With
    `occurred`, `open` and `mine` hold occurred risks not dealt with yet too, first: they are
    not closed, and are issues now."""
    query = select(Risk).where(Risk.project_id == project.id)
    if which != "all":
        query = query.where(or_(Risk.status == "open", unresolved()) if occurred else Risk.status == "open")  # fmt: skip
    if which == "mine":
        query = query.where(Risk.owner_id == user_id)
    risks = list(session.scalars(query.order_by(Risk.number)))
    rank = {"occurred": 0, "open": 1} if which != "all" else {"open": 0, "occurred": 1}
    return sorted(
        risks, key=lambda r: (rank.get(r.status, 2), -score(r.likelihood, r.impact), r.number)
    )


def unresolved() -> ColumnElement[bool]:
    """An occurred risk not dealt with yet: no task tracks it, or one that does is still open."""
    tracked = select(Task.id).where(Task.risk_id == Risk.id)
    return and_(
        Risk.status == "occurred",
        or_(~tracked.exists(), tracked.where(Task.status.not_in(TASK_CLOSED)).exists()),
    )


def standing(*where: ColumnElement[bool]) -> Select[tuple[Risk]]:
    """The risks that top a list ("Top risks", App Home's): occurred ones not dealt with yet
    first, as they are issues now, then open ones by score; closed ones and occurred ones whose
    task is done or canceled are left out."""
    return (
        select(Risk)
        .where(*where, or_(Risk.status == "open", unresolved()))
        .order_by(
            case((Risk.status == "occurred", 0), else_=1),
            (Risk.likelihood * Risk.impact).desc(),
            Risk.number,
        )
    )


def history(session: Session, risk: Risk) -> list[Change]:
    """The risk's audit trail, oldest first."""
    return list(
        session.scalars(
            select(Change)
            .where(
                Change.project_id == risk.project_id,
                Change.entity == "risk",
                Change.entity_id == risk.id,
            )
            .order_by(Change.at, Change.id)
        )
    )


def grid(risks: list[Risk]) -> dict[tuple[int, int], list[str]]:
    """(likelihood, impact) -> refs in that cell, highest score first: the 5×5 matrix."""
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(f"R-{risk.number}")
    return cells
