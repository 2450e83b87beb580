"""Standup answers: free text read into yesterday / today / blockers, stored once per message."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.store.models import Member, StandupReply, StandupRound
from bot.views.standup import AnswerView

TEXT_MAX = 3000
MODAL = "modal"
# "yesterday: …", "today – …", "blockers: …", and the Chinese labels people type.
_LABELS = {
    "yesterday": "yesterday",
    "did": "yesterday",
    "done": "yesterday",
    "昨天": "yesterday",
    "today": "today",
    "doing": "today",
    "plan": "today",
    "今天": "today",
    "blocker": "blockers",
    "blockers": "blockers",
    "blocked": "blockers",
    "blocked by": "blockers",
    "阻塞": "blockers",
    "卡点": "blockers",
}
_LABEL_RE = re.compile(
    r"(?:^|(?<=[\s;；.。]))\*?("
    + "|".join(sorted(map(re.escape, _LABELS), key=len, reverse=True))
    + r")\*?\s*[:：\-–—]\s*",
    re.IGNORECASE,
)
_EMOJI_CODE = re.compile(r":[a-z0-9_+\-']+:")
_NONE = {"", "none", "no", "nope", "n/a", "na", "-", "nothing", "无", "没有", "nil"}


@dataclass
class Answer:
    text: str | None = None
    yesterday: str | None = None
    today: str | None = None
    blockers: str | None = None

    @property
    def empty(self) -> bool:
        return not any((self.text, self.yesterday, self.today, self.blockers))


def has_words(text: str | None) -> bool:
    """False for text that is only emoji (`:tada:` or 🎉), punctuation and spaces."""
    rest = _EMOJI_CODE.sub("", text or "")
    return any(unicodedata.category(c)[0] in "LN" for c in rest)


def clean_blockers(text: str | None) -> str | None:
    """The blockers text, or None when it says there are none."""
    text = (text or "").strip()
    return None if text.lower().strip(" .!。") in _NONE else text


def read_text(text: str) -> Answer:
    """Split free text on its labels; unlabelled text is kept whole as `text`."""
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise UserError("standup.answer_too_long", length=len(text), max=TEXT_MAX)
    parts = list(_LABEL_RE.finditer(text))
    # Labelled parts go to their fields; what comes before the first label stays as free text.
    answer = Answer(text=(text[: parts[0].start()] if parts else text).strip(" \n;；") or None)
    for i, match in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else len(text)
        value = text[match.end() : end].strip(" \n;；") or None
        field = _LABELS[match[1].lower()]
        current = getattr(answer, field)
        setattr(answer, field, f"{current}\n{value}" if current and value else current or value)
    answer.blockers = clean_blockers(answer.blockers)
    return answer


def from_fields(yesterday: str | None, today: str | None, blockers: str | None) -> Answer:
    """An answer from the modal's three fields."""
    for name, value in (("yesterday", yesterday), ("today", today), ("blockers", blockers)):
        if value and len(value) > TEXT_MAX:
            raise UserError("standup.field_too_long", field=name, length=len(value), max=TEXT_MAX)
    return Answer(yesterday=yesterday, today=today, blockers=clean_blockers(blockers))


def answer_view(answer: Answer | StandupReply) -> AnswerView:
    """An answer (read now, or stored) as the thread, summary and modal show it."""
    return AnswerView(answer.text, answer.yesterday, answer.today, answer.blockers)


def round_for_thread(
    session: Session, team_id: str, channel_id: str, thread_ts: str
) -> StandupRound | None:
    """The standup whose parent message is (channel, thread_ts), if any."""
    return session.scalar(
        select(StandupRound).where(
            StandupRound.channel_id == channel_id,
            StandupRound.message_ts == thread_ts,
            StandupRound.team_id == team_id,
        )
    )


def is_participant(session: Session, project_id: int, user_id: str) -> bool:
    """Members and owners answer standups; stakeholders and outsiders don't."""
    role = session.scalar(
        select(Member.role).where(Member.project_id == project_id, Member.user_id == user_id)
    )
    return role in ("owner", "member")


def store(
    session: Session,
    round_: StandupRound,
    *,
    user_id: str,
    source_ts: str,
    answer: Answer,
    now: datetime,
) -> StandupReply:
    """Insert or update the reply for (round, user, source message); the modal has one per user."""
    reply = session.scalar(
        select(StandupReply).where(
            StandupReply.round_id == round_.id,
            StandupReply.user_id == user_id,
            StandupReply.source_ts == source_ts,
        )
    )
    if reply is None:
        reply = StandupReply(
            team_id=round_.team_id,
            round_id=round_.id,
            user_id=user_id,
            source_ts=source_ts,
            created_at=now,
        )
        session.add(reply)
    reply.text, reply.yesterday, reply.today = answer.text, answer.yesterday, answer.today
    reply.blockers, reply.updated_at = answer.blockers, now
    session.flush()
    return reply


def forget(session: Session, round_: StandupRound, *, user_id: str, source_ts: str) -> int:
    """Drop the reply stored for a message that was deleted or edited down to nothing."""
    return session.execute(
        delete(StandupReply).where(
            StandupReply.round_id == round_.id,
            StandupReply.user_id == user_id,
            StandupReply.source_ts == source_ts,
        )
    ).rowcount


def modal_reply(session: Session, round_id: int, user_id: str) -> StandupReply | None:
    """The user's modal answer to a round, to prefill the modal when they open it again."""
    return session.scalar(
        select(StandupReply).where(
            StandupReply.round_id == round_id,
            StandupReply.user_id == user_id,
            StandupReply.source_ts == MODAL,
        )
    )


def get_or_open_round(session: Session, project, day: date) -> StandupRound:
    """Today's round, created unposted when someone answers before the prompt went out."""
    round_ = session.scalar(
        select(StandupRound).where(StandupRound.project_id == project.id, StandupRound.day == day)
    )
    if round_ is None:
        round_ = StandupRound(
            team_id=project.team_id, project_id=project.id, day=day, channel_id=project.channel_id
        )
        session.add(round_)
        session.flush()
    return round_
